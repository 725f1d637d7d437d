import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProcess } from '../../../../src/shared/model/validate';
import { computeExpectedBurden, type ExpectedResult } from '../../../../src/shared/sim/expected';
import { runMonteCarlo } from '../../../../src/shared/sim/monteCarlo';
import type { Process } from '../../../../src/shared/model/schema';
import { field, validProcessArb } from './fixtures';

function ok(r: ExpectedResult): Extract<ExpectedResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

const RUNS = { numRuns: 150 };

describe('properties on random valid graphs', () => {
  it('generates processes the validator accepts', () => {
    fc.assert(
      fc.property(validProcessArb, (p) => {
        expect(validateProcess(p).filter((problem) => problem.severity === 'error')).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never yields negative visits or reach outside 0..1', () => {
    fc.assert(
      fc.property(validProcessArb, (p) => {
        for (const s of ok(computeExpectedBurden(p)).stages) {
          expect(s.visitsPerOpportunity).toBeGreaterThanOrEqual(0);
          expect(s.reachProbability).toBeGreaterThanOrEqual(0);
          expect(s.reachProbability).toBeLessThanOrEqual(1);
          expect(s.reachProbability).toBeLessThanOrEqual(s.visitsPerOpportunity + 1e-9);
        }
      }),
      RUNS,
    );
  });

  it('wins and losses add up to 1', () => {
    fc.assert(
      fc.property(validProcessArb, (p) => {
        const r = ok(computeExpectedBurden(p));
        expect(r.winProbability + r.lossProbability).toBeCloseTo(1, 9);
      }),
      RUNS,
    );
  });

  it('never lowers the burden when a field is added', () => {
    fc.assert(
      fc.property(validProcessArb, fc.nat(), fc.integer({ min: 0, max: 600 }), (p, at, seconds) => {
        const stageIndex = at % p.stages.length;
        const added: Process = {
          ...p,
          stages: p.stages.map((s, i) => (i === stageIndex ? { ...s, fields: [...s.fields, field('added', { secondsToComplete: seconds })] } : s)),
        };
        const before = ok(computeExpectedBurden(p)).secondsPerOpportunity;
        expect(ok(computeExpectedBurden(added)).secondsPerOpportunity).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      RUNS,
    );
  });

  it('never lowers the burden when a field takes more seconds', () => {
    fc.assert(
      fc.property(validProcessArb, fc.nat(), fc.integer({ min: 0, max: 600 }), (p, pick, extra) => {
        const fields = p.stages.flatMap((s) => s.fields);
        fc.pre(fields.length > 0);
        const target = fields[pick % fields.length]!;
        const before = ok(computeExpectedBurden(p)).secondsPerOpportunity;
        const after = ok(computeExpectedBurden(p, { overrides: { [target.id]: { secondsToComplete: target.secondsToComplete + extra } } }));
        expect(after.secondsPerOpportunity).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      RUNS,
    );
  });

  it('returns only finite numbers from both engines', () => {
    fc.assert(
      fc.property(validProcessArb, (p) => {
        const e = ok(computeExpectedBurden(p));
        const m = runMonteCarlo(p, { runs: 200, seed: 1 });
        if (!m.ok) throw new Error('refused');
        const numbers = [e.secondsPerOpportunity, e.daysToClose, m.secondsPerOpportunity, m.daysToClose, m.minutesPerOpportunity.p90, m.hoursPerRepMonth.p90];
        for (const f of e.fields) numbers.push(f.secondsPerOpportunity);
        expect(numbers.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
