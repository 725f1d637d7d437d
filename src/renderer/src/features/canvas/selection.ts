/** A selection change React Flow reports for one node or edge (`NodeSelectionChange` / `EdgeSelectionChange`). */
export interface SelectChange {
  type: 'select';
  id: string;
  selected: boolean;
}

/**
 * The ids selected after the user's selection changes (click, Shift+click, box select, pane
 * click): ids kept in their order, newly selected ones appended. Returns `current` itself when
 * nothing changes, so callers can skip a store update.
 *
 * Only React Flow's change events (which it emits for user actions) feed the editor store; the
 * store's selection flows back to the canvas as props. `onSelectionChange` is not used for this:
 * it also reports selections the canvas merely received as props, so writing it back into the
 * store echoed each change, and two changes in flight (arrow keys in presentation mode) echoed
 * each other forever — React's "maximum update depth exceeded" (#185).
 */
export function applySelectChanges(current: string[], changes: ReadonlyArray<SelectChange>): string[] {
  if (changes.length === 0) return current;
  const selected = new Set(current);
  for (const change of changes) {
    if (change.selected) selected.add(change.id);
    else selected.delete(change.id);
  }
  const kept = current.filter((id) => selected.has(id));
  const added = [...selected].filter((id) => !current.includes(id));
  if (added.length === 0 && kept.length === current.length) return current;
  return [...kept, ...added];
}
