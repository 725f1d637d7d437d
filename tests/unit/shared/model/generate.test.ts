import { describe, it, expect } from 'vitest';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import { parseProcess } from '../../../../src/shared/model/problems';
import { validateProcess } from '../../../../src/shared/model/validate';

describe('createGeneratedProcess', () => {
  it.each([
    { stages: 3, fields: 0, seed: 1 },
    { stages: 12, fields: 80, seed: 2 },
    { stages: 60, fields: 500, seed: 3 },
    { stages: 300, fields: 3000, seed: 42 },
  ])('builds a schema-valid process with no semantic errors ($stages stages, $fields fields)', (options) => {
    const doc = createGeneratedProcess(options);
    expect(parseProcess(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
    expect(validateProcess(doc).filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(doc.stages).toHaveLength(options.stages);
    expect(doc.stages.reduce((sum, stage) => sum + stage.fields.length, 0)).toBe(options.fields);
  });

  it('makes every stage’s exits sum to exactly 1', () => {
    const doc = createGeneratedProcess({ stages: 300, fields: 0, seed: 9 });
    const sums = new Map<string, number>();
    for (const t of doc.transitions) sums.set(t.from, (sums.get(t.from) ?? 0) + t.probability);
    for (const sum of sums.values()) expect(sum).toBe(1);
  });

  it('contains loops back to earlier stages', () => {
    const doc = createGeneratedProcess({ stages: 300, fields: 0, seed: 9 });
    expect(doc.transitions.some((t) => t.label === 'back')).toBe(true);
  });

  it('gives the same document for the same seed and a different one for another seed', () => {
    const options = { stages: 40, fields: 200, seed: 5 };
    expect(createGeneratedProcess(options)).toEqual(createGeneratedProcess(options));
    expect(createGeneratedProcess({ ...options, seed: 6 })).not.toEqual(createGeneratedProcess(options));
  });
});
