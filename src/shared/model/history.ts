/**
 * A pure, immutable undo/redo history, generic over the state it keeps (a `Process` in the editor).
 *
 * States are stored whole; commands share structure between versions, so 200 steps of a large
 * process cost little more than the parts that changed. Every function returns a new history and
 * never changes the one it is given. Like Excalidraw's `captureUpdate`, every change states what
 * the history does with it (`Capture`, no default): `record` a user edit as its own undo step,
 * `ignore` it (not undoable), or `coalesce` it with the previous edit of the same key — typing into
 * one input is one undo step. Coalescing needs the time, which comes in as an argument (`now`), so
 * tests pin it; `reset` replaces the present for loads and remote changes.
 */

/**
 * What the history does with a change: `'record'` — its own undo step; `'ignore'` — becomes the
 * present without an undo step; `{ coalesce: key }` — one undo step with the previous change of
 * the same key made less than `COALESCE_MS` before (each change extends the window).
 */
export type Capture = 'record' | 'ignore' | { readonly coalesce: string };

/** Changes with the same coalesce key less than this many ms apart are one undo step. */
export const COALESCE_MS = 1200;

/** One step: the state before an edit, and what the caller said about that edit. */
export interface HistoryEntry<T, M = unknown> {
  readonly state: T;
  /** Whatever `record` was given (e.g. `{ label: 'Delete stage' }`), for "Undo Delete stage". */
  readonly meta: M | undefined;
}

/**
 * The history. `present` is the current state; `past` holds older states, oldest first; `future`
 * holds undone states, the next one to redo last. Invariant: `past.length ≤ limit`.
 */
export interface History<T, M = unknown> {
  readonly past: readonly HistoryEntry<T, M>[];
  readonly present: T;
  readonly future: readonly HistoryEntry<T, M>[];
  /** Most undo steps kept; older ones are dropped. At least 1. */
  readonly limit: number;
  /** The last coalesced change (key, time in ms), while a following one may join it. */
  readonly lastCoalesce: { readonly key: string; readonly at: number } | null;
}

/** Undo steps kept when no limit is given. */
export const DEFAULT_HISTORY_LIMIT = 200;

/** A history with nothing to undo or redo. `limit` is rounded down and at least 1. */
export function createHistory<T, M = unknown>(present: T, limit: number = DEFAULT_HISTORY_LIMIT): History<T, M> {
  const safeLimit = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : DEFAULT_HISTORY_LIMIT;
  return { past: [], present, future: [], limit: safeLimit, lastCoalesce: null };
}

/**
 * Records an edit: `next` becomes the present, the old present becomes undoable, the redo stack
 * is cleared, and the oldest step is dropped beyond `limit`. Recording the present itself
 * (`Object.is`) changes nothing and returns the same history.
 */
export function record<T, M = unknown>(history: History<T, M>, next: T, meta?: M): History<T, M> {
  if (Object.is(next, history.present)) return history;
  const past = [...history.past, { state: history.present, meta }];
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
export function capture<T, M = unknown>(history: History<T, M>, next: T, how: Capture, now: number, meta?: M): History<T, M> {
  if (Object.is(next, history.present)) return history;
  if (how === 'record') return record(history, next, meta);
  if (how === 'ignore') return { ...history, present: next, lastCoalesce: null };
  const last = history.lastCoalesce;
  const joins = last !== null && last.key === how.coalesce && now >= last.at && now - last.at < COALESCE_MS;
  const base = joins ? { ...history, present: next } : record(history, next, meta);
  return { ...base, lastCoalesce: { key: how.coalesce, at: now } };
}

/** Steps back one edit; returns the same history when there is nothing to undo. */
export function undo<T, M = unknown>(history: History<T, M>): History<T, M> {
  const previous = history.past[history.past.length - 1];
  if (!previous) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous.state,
    future: [...history.future, { state: history.present, meta: previous.meta }],
    limit: history.limit,
    lastCoalesce: null,
  };
}

/** Re-applies the last undone edit; returns the same history when there is nothing to redo. */
export function redo<T, M = unknown>(history: History<T, M>): History<T, M> {
  const next = history.future[history.future.length - 1];
  if (!next) return history;
  return {
    past: [...history.past, { state: history.present, meta: next.meta }],
    present: next.state,
    future: history.future.slice(0, -1),
    limit: history.limit,
    lastCoalesce: null,
  };
}

/** Whether `undo` would change anything. */
export function canUndo(history: History<unknown, unknown>): boolean {
  return history.past.length > 0;
}

/** Whether `redo` would change anything. */
export function canRedo(history: History<unknown, unknown>): boolean {
  return history.future.length > 0;
}

/** What `record` was told about the edit `undo` would revert; undefined when none. */
export function undoMeta<T, M>(history: History<T, M>): M | undefined {
  return history.past[history.past.length - 1]?.meta;
}

/** What `record` was told about the edit `redo` would re-apply; undefined when none. */
export function redoMeta<T, M>(history: History<T, M>): M | undefined {
  return history.future[history.future.length - 1]?.meta;
}

/**
 * Replaces the present without recording it (load, remote change): nothing to undo or redo
 * afterwards, same limit.
 */
export function reset<T, M = unknown>(history: History<T, M>, present: T): History<T, M> {
  return createHistory<T, M>(present, history.limit);
}
