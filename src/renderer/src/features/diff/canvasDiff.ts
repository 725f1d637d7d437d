import type { Process } from '../../../../shared/model/schema';
import type { ProcessDiff } from '../../../../shared/review/diff';

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

/** The canvas marks of a shared diff; removed fields are listed on the stage they left. */
export function diffToCanvas(diff: ProcessDiff, before: Process, after: Process): CanvasDiff {
  const stages = new Map<string, DiffMark>();
  const transitions = new Map<string, DiffMark>();
  const fields = new Map<string, StageFieldChanges>();
  const stageOfAfter = new Map<string, string>();
  const stageOfBefore = new Map<string, string>();
  for (const stage of after.stages) for (const field of stage.fields) stageOfAfter.set(field.id, stage.id);
  for (const stage of before.stages) for (const field of stage.fields) stageOfBefore.set(field.id, stage.id);
  const bucket = (stageId: string | undefined): StageFieldChanges | null => {
    if (!stageId) return null;
    let entry = fields.get(stageId);
    if (!entry) {
      entry = { added: [], removed: [], changed: [] };
      fields.set(stageId, entry);
    }
    return entry;
  };
  for (const change of diff.stages) stages.set(change.id, change.kind);
  for (const change of diff.transitions) transitions.set(change.id, change.kind === 'moved' ? 'changed' : change.kind);
  for (const change of diff.fields) {
    if (change.kind === 'removed') bucket(stageOfBefore.get(change.id))?.removed.push(change.label);
    else if (change.kind === 'added') bucket(stageOfAfter.get(change.id))?.added.push(change.label);
    else {
      const from = stageOfBefore.get(change.id);
      const to = stageOfAfter.get(change.id);
      // A field that moved between stages leaves one and arrives at the other.
      if (from && to && from !== to) {
        bucket(from)?.removed.push(change.label);
        bucket(to)?.added.push(change.label);
      } else bucket(to)?.changed.push(change.label);
    }
  }
  return { stages, transitions, fields };
}
