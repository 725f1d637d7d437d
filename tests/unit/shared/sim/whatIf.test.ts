import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process, Requirement } from '../../../../src/shared/model/schema';
import { computeExpectedBurden, type ExpectedResult } from '../../../../src/shared/sim/expected';
import { applyWhatIf, whatIfField, type FieldOverride } from '../../../../src/shared/sim/whatIf';
import { field } from './fixtures';

const TODAY = '2026-11-27';

function ok(r: ExpectedResult): Extract<ExpectedResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

const sample = (): Process => createSampleProcess(`${TODAY}T09:00:00.000Z`);

const overrideArb: fc.Arbitrary<FieldOverride> = fc.record(
  {
    enabled: fc.constant(false),
    secondsToComplete: fc.integer({ min: 0, max: 900 }),
    requirement: fc.constantFrom<Requirement>('optional', 'required', 'blocks-stage', 'blocks-commission'),
  },
  { requiredKeys: [] },
);

describe('what-if: preview and apply', () => {
  it('gives the same figures previewed and applied, for any overrides of the sample', () => {
    const doc = sample();
    const ids = doc.stages.flatMap((s) => s.fields.filter((f) => f.status !== 'retired').map((f) => f.id));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ids), overrideArb, { maxKeys: 8 }), (overrides) => {
        const preview = ok(computeExpectedBurden(doc, { overrides }));
        const applied = ok(computeExpectedBurden(applyWhatIf(doc, overrides)));
        expect(applied.secondsPerOpportunity).toBe(preview.secondsPerOpportunity);
        expect(applied.fields.map((f) => f.secondsPerOpportunity)).toEqual(preview.fields.map((f) => f.secondsPerOpportunity));
      }),
      { numRuns: 60 },
    );
  });

  it('scales the fastest and slowest times to 0.1 s and keeps them around the typical time', () => {
    const changed = whatIfField(field('f', { secondsToComplete: 30, secondsMin: 10, secondsMax: 70 }), { secondsToComplete: 20 });
    expect(changed).toMatchObject({ secondsToComplete: 20, secondsMin: 6.7, secondsMax: 46.7 });
  });

  it('returns the field itself when the override changes nothing', () => {
    const f = field('f', { secondsToComplete: 30 });
    expect(whatIfField(f, { secondsToComplete: 30 })).toBe(f);
    expect(whatIfField(f, undefined)).toBe(f);
  });
});
