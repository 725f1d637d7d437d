/**
 * A pure, immutable undo/redo history, generic over the state it keeps (a `Process` in the editor).
 *
 * States are stored whole; commands share structure between versions, so 200 steps of a large
 * process cost little more than the parts that changed. Every function returns a new history and
 * never changes the one it is given. Like Excalidraw's `captureUpdate`, every change states what
 * the history does with it (`Capture`, no default): `record` a user edit as its own undo step,
 * `ignore` it (not undoable), or `coalesce` it with the previous edit of the same key — typing into
 * one input is one undo step. Coalescing needs the time, which comes in as an argument (`now`), so
 * tests pin it. Loads and remote changes start a new history (`createHistory`).
 */

/**
 * What the history does with a change: `'record'` — its own undo step; `'ignore'` — becomes the
 * present without an undo step; `{ coalesce: key }` — one undo step with the previous change of
 * the same key made less than `COALESCE_MS` before (each change extends the window).
 */
export type Capture = 'record' | 'ignore' | { readonly coalesce: string };

/** Changes with the same coalesce key less than this many ms apart are one undo step. */
export const COALESCE_MS = 1200;

/** One step: the state before an edit. */
export interface HistoryEntry<T> {
  readonly state: T;
}

/**
 * The history. `present` is the current state; `past` holds older states, oldest first; `future`
 * holds undone states, the next one to redo last. Invariant: `past.length ≤ limit`.
 */
export interface History<T> {
  readonly past: readonly HistoryEntry<T>[];
  readonly present: T;
  readonly future: readonly HistoryEntry<T>[];
  /** Most undo steps kept; older ones are dropped. At least 1. */
  readonly limit: number;
  /** The last coalesced change (key, time in ms), while a following one may join it. */
  readonly lastCoalesce: { readonly key: string; readonly at: number } | null;
}

/** Undo steps kept when no limit is given. */
export const DEFAULT_HISTORY_LIMIT = 200;

/** A history with nothing to undo or redo. `limit` is rounded down and at least 1. */
export function createHistory<T>(present: T, limit: number = DEFAULT_HISTORY_LIMIT): History<T> {
  const safeLimit = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : DEFAULT_HISTORY_LIMIT;
  return { past: [], present, future: [], limit: safeLimit, lastCoalesce: null };
}

/**
 * Records an edit: `next` becomes the present, the old present becomes undoable, the redo stack
 * is cleared, and the oldest step is dropped beyond `limit`. Recording the present itself
 * (`Object.is`) changes nothing and returns the same history.
 */
export function record<T>(history: History<T>, next: T): History<T> {
  if (Object.is(next, history.present)) return history;
  const past = [...history.past, { state: history.present }];
  return {
    past: past.length > history.limit ? past.slice(past.length - history.limit) : past,
    present: next,
    future: [],
    limit: history.limit,
    lastCoalesce: null,
  };
}

/**
 * Applies a change as `how` says (see `Capture`); `now` is the time in ms (any monotonic clock),
 * used only to coalesce. A change to the present itself (`Object.is`) returns the same history.
 */
export function capture<T>(history: History<T>, next: T, how: Capture, now: number): History<T> {
  if (Object.is(next, history.present)) return history;
  if (how === 'record') return record(history, next);
  if (how === 'ignore') return { ...history, present: next, lastCoalesce: null };
  const last = history.lastCoalesce;
  const joins = last !== null && last.key === how.coalesce && now >= last.at && now - last.at < COALESCE_MS;
  const base = joins ? { ...history, present: next } : record(history, next);
  return { ...base, lastCoalesce: { key: how.coalesce, at: now } };
}

/** Steps back one edit; returns the same history when there is nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (!previous) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous.state,
    future: [...history.future, { state: history.present }],
    limit: history.limit,
    lastCoalesce: null,
  };
}

/** Re-applies the last undone edit; returns the same history when there is nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  const next = history.future[history.future.length - 1];
  if (!next) return history;
  return {
    past: [...history.past, { state: history.present }],
    present: next.state,
    future: history.future.slice(0, -1),
    limit: history.limit,
    lastCoalesce: null,
  };
}

/** Whether `undo` would change anything. */
export function canUndo(history: History<unknown>): boolean {
  return history.past.length > 0;
}

/** Whether `redo` would change anything. */
export function canRedo(history: History<unknown>): boolean {
  return history.future.length > 0;
}
