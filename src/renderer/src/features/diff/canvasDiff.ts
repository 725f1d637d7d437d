/**
 * What the canvas needs to draw a diff: a mark per stage and per transition, and per stage the
 * fields that were added, removed or changed. Built from the shared diff (`diffToCanvas`), so
 * the canvas never decides on its own what counts as a change.
 */
export type DiffMark = 'added' | 'removed' | 'changed' | 'moved';

export interface StageFieldChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface CanvasDiff {
  stages: ReadonlyMap<string, DiffMark>;
  transitions: ReadonlyMap<string, DiffMark>;
  /** Field labels per stage id (the stage as it is after, or before for a removed stage). */
  fields: ReadonlyMap<string, StageFieldChanges>;
}

/** Words and symbols of each mark: the symbol and the border pattern carry it, not colour alone. */
export const MARK_LABEL: Record<DiffMark, { symbol: string; word: string }> = {
  added: { symbol: '+', word: 'Added' },
  removed: { symbol: '−', word: 'Removed' },
  changed: { symbol: '~', word: 'Changed' },
  moved: { symbol: '↔', word: 'Moved' },
};
