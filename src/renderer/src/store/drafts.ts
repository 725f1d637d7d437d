import { parseProcess } from '../../../shared/model/problems';
import type { Process } from '../../../shared/model/schema';

/**
 * Unsaved edits kept in this browser when a save fails or the window closes first, so a host that
 * went away or a closed tab loses nothing. One draft per process; a successful save clears it.
 */
export interface Draft {
  doc: Process;
  /** Revision on disk the edits started from. */
  baseRevision: number;
  /** ISO time the draft was kept. */
  at: string;
}

const key = (processId: string): string => `stagecraft:unsaved:${processId}`;

/** Keeps the draft; quietly does nothing where storage is unavailable or full. */
export function keepDraft(doc: Process, baseRevision: number): void {
  try {
    const draft: Draft = { doc, baseRevision, at: new Date().toISOString() };
    localStorage.setItem(key(doc.id), JSON.stringify(draft));
  } catch {
    // Storage disabled or full: the in-memory document is still there to retry with.
  }
}

/** The kept draft for a process, or null when there is none or it no longer validates. */
export function readDraft(processId: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(processId));
    if (!raw) return null;
    const value = JSON.parse(raw) as { doc?: unknown; baseRevision?: unknown; at?: unknown };
    const parsed = parseProcess(value.doc);
    if (!parsed.ok || typeof value.baseRevision !== 'number' || typeof value.at !== 'string') return null;
    return { doc: parsed.process, baseRevision: value.baseRevision, at: value.at };
  } catch {
    return null;
  }
}

export function clearDraft(processId: string): void {
  try {
    localStorage.removeItem(key(processId));
  } catch {
    // Nothing to clear where storage is unavailable.
  }
}

/**
 * True when a kept draft holds the stored document's content (revision and save time aside): it
 * has nothing to offer. Key order does not count — a file written elsewhere may order keys its
 * own way, and the document read from it keeps that order.
 */
export function draftHoldsNothingNew(draft: Process, stored: Process): boolean {
  const sortedKeys = (_key: string, value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value;
  const strip = (doc: Process): string => JSON.stringify({ ...doc, revision: 0, updatedAt: '' }, sortedKeys);
  return strip(draft) === strip(stored);
}
