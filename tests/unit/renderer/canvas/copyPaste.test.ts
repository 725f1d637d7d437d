import { describe, expect, it } from 'vitest';
import { copyStages, pasteClipboard } from '../../../../src/renderer/src/features/canvas/actions';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process } from '../../../../src/shared/model/schema';
import { validateProcess } from '../../../../src/shared/model/validate';

describe('copy and paste of stages', () => {
  it('pastes copies with fresh ids for the stages, their fields and the arrows between them only', () => {
    let doc: Process = createSampleProcess('2026-11-27T09:00:00.000Z');
    const copied = ['qualified', 'discovery'];
    expect(copyStages(doc, copied)).toBe(2);
    const inside = doc.transitions.filter((t) => copied.includes(t.from) && copied.includes(t.to));
    expect(inside.length).toBeGreaterThan(0);

    const pasted = pasteClipboard((command) => {
      doc = command(doc);
      return true;
    });

    expect(pasted).toHaveLength(2);
    const added = doc.stages.filter((stage) => pasted.includes(stage.id));
    expect(added.map((stage) => stage.fields.length)).toEqual(copied.map((id) => createSampleProcess('2026-11-27T09:00:00.000Z').stages.find((s) => s.id === id)!.fields.length));
    const newTransitions = doc.transitions.filter((t) => pasted.includes(t.from) || pasted.includes(t.to));
    expect(newTransitions).toHaveLength(inside.length);
    expect(newTransitions.every((t) => pasted.includes(t.from) && pasted.includes(t.to))).toBe(true);
    // Every id is fresh: nothing duplicated, so the document stays safe to open.
    expect(validateProcess(doc).filter((p) => p.code === 'duplicate-id' || p.code === 'dangling-reference')).toEqual([]);
  });
});
