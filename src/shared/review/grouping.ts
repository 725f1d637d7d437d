import type { AuditEntry, HistoryRow } from './schema';

/** Autosaves by one author less than this apart (ms) share a group in the history list. */
export const AUTOSAVE_GROUP_MS = 5 * 60 * 1000;

/**
 * Plain saves fold like autosaves: a save with no note, no restore and no proposal (the editor's
 * autosave timer and Ctrl+S look the same to a reader of the list). Saves with a reason never fold.
 */
function foldable(entry: AuditEntry): boolean {
  return (entry.kind === 'autosave' || entry.kind === 'save') && !entry.reason;
}

/**
 * Newest-first history rows with autosave groups: a run of consecutive foldable revisions (see
 * `foldable`) by the same author, each within `windowMs` of the next, shares one `group` (the
 * run's newest revision). Every other revision is a group of its own. Grouping only folds the
 * list; every revision stays listed and restorable.
 */
export function groupRevisions(entries: readonly AuditEntry[], windowMs = AUTOSAVE_GROUP_MS): HistoryRow[] {
  const sorted = [...entries].sort((a, b) => b.revision - a.revision);
  const rows: HistoryRow[] = [];
  let prev: HistoryRow | undefined;
  for (const entry of sorted) {
    const joins =
      prev !== undefined &&
      foldable(prev) &&
      foldable(entry) &&
      prev.author !== undefined &&
      entry.author !== undefined &&
      prev.author.name === entry.author.name &&
      prev.author.departmentId === entry.author.departmentId &&
      Date.parse(prev.at) - Date.parse(entry.at) <= windowMs;
    const row: HistoryRow = { ...entry, group: joins ? prev!.group : entry.revision };
    rows.push(row);
    prev = row;
  }
  return rows;
}
