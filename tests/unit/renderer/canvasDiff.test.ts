import { describe, it, expect } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { applyLayout, deleteField, deleteStage, updateField } from '../../../src/shared/model/commands';
import { diffProcesses } from '../../../src/shared/review/diff';
import { diffToCanvas } from '../../../src/renderer/src/features/diff/canvasDiff';

const before = createSampleProcess('2026-11-27T09:00:00.000Z');
const fieldId = (label: string): string => {
  const field = before.stages.flatMap((stage) => stage.fields).find((item) => item.label === label);
  if (!field) throw new Error(`no field ${label}`);
  return field.id;
};

describe('diff on the canvas', () => {
  it('lists removed and changed fields on the stage they belong to', () => {
    let after = deleteField(before, fieldId('Campaign code'));
    after = updateField(after, fieldId('Industry'), { requirement: 'optional' });
    const marks = diffToCanvas(diffProcesses(before, after), before, after);
    expect(marks.fields.get('lead')).toEqual({ added: [], removed: ['Campaign code'], changed: ['Industry'] });
    expect(marks.stages.size).toBe(0);
  });

  it('marks a stage moved only on the canvas as moved, and a deleted stage as removed', () => {
    const proposal = before.stages.find((stage) => stage.name === 'Proposal')!;
    const moved = applyLayout(before, { [proposal.id]: { x: proposal.position.x + 40, y: proposal.position.y } });
    expect(diffToCanvas(diffProcesses(before, moved), before, moved).stages.get(proposal.id)).toBe('moved');

    const removed = deleteStage(before, proposal.id);
    const marks = diffToCanvas(diffProcesses(before, removed), before, removed);
    expect(marks.stages.get(proposal.id)).toBe('removed');
    // Its transitions go with it and are drawn as removed ghosts.
    const gone = before.transitions.filter((transition) => transition.from === proposal.id || transition.to === proposal.id);
    expect(gone.length).toBeGreaterThan(0);
    for (const transition of gone) expect(marks.transitions.get(transition.id)).toBe('removed');
  });

  it('shows nothing for two equal documents', () => {
    const marks = diffToCanvas(diffProcesses(before, before), before, before);
    expect([marks.stages.size, marks.transitions.size, marks.fields.size]).toEqual([0, 0, 0]);
  });
});
