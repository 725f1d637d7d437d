import { describe, expect, it } from 'vitest';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import fc from 'fast-check';
import { createMonteCarlo, exactQuantiles, runMonteCarlo, type McOutcome } from '../../../../src/shared/sim/monteCarlo';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { field, loopyPipeline, selfLoop } from './fixtures';

function ok(r: McOutcome): Extract<McOutcome, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r;
}

describe('Monte Carlo', () => {
  it('agrees with the expected value within 1% at 200,000 runs', () => {
    const p = loopyPipeline();
    const exact = computeExpectedBurden(p);
    const mc = ok(runMonteCarlo(p, { runs: 200_000, seed: 7 }));
    if (!exact.ok) throw new Error('fixture invalid');
    expect(Math.abs(mc.secondsPerOpportunity / exact.secondsPerOpportunity - 1)).toBeLessThan(0.01);
    expect(Math.abs(mc.daysToClose / exact.daysToClose - 1)).toBeLessThan(0.01);
    expect(Math.abs(mc.winProbability - exact.winProbability)).toBeLessThan(0.01);
  });

  it('returns identical output for the same seed', () => {
    const a = runMonteCarlo(loopyPipeline(), { runs: 5_000, seed: 'demo' });
    const b = runMonteCarlo(loopyPipeline(), { runs: 5_000, seed: 'demo' });
    expect(a).toEqual(b);
  });

  it('returns different output for different seeds', () => {
    const a = ok(runMonteCarlo(loopyPipeline(), { runs: 5_000, seed: 1 }));
    const b = ok(runMonteCarlo(loopyPipeline(), { runs: 5_000, seed: 2 }));
    expect(a.secondsPerOpportunity).not.toBe(b.secondsPerOpportunity);
  });

  it('gives the same result whatever the chunk sizes', () => {
    const whole = ok(runMonteCarlo(loopyPipeline(), { runs: 10_000, seed: 3 }));
    const start = createMonteCarlo(loopyPipeline(), { runs: 10_000, seed: 3 });
    if (!start.ok) throw new Error('fixture invalid');
    let progress = start.runner.step(1);
    while (!progress.finished) progress = start.runner.step(777);
    expect({ ok: true, ...start.runner.result() }).toEqual(whole);
  });

  it('reports progress chunk by chunk', () => {
    const start = createMonteCarlo(loopyPipeline(), { runs: 1_000, seed: 3 });
    if (!start.ok) throw new Error('fixture invalid');
    expect(start.runner.step(400)).toEqual({ done: 400, total: 1_000, finished: false });
    expect(start.runner.step(400)).toEqual({ done: 800, total: 1_000, finished: false });
    expect(start.runner.step(400)).toEqual({ done: 1_000, total: 1_000, finished: true });
  });

  it('orders the percentiles of minutes per opportunity', () => {
    const r = ok(runMonteCarlo(loopyPipeline(), { runs: 20_000, seed: 5 }));
    const m = r.minutesPerOpportunity;
    expect(m.min).toBeLessThanOrEqual(m.p10);
    expect(m.p10).toBeLessThanOrEqual(m.p50);
    expect(m.p50).toBeLessThanOrEqual(m.p90);
    expect(m.p90).toBeLessThanOrEqual(m.max);
  });

  it('puts every opportunity in the histogram or above it', () => {
    const r = ok(runMonteCarlo(loopyPipeline(), { runs: 20_000, seed: 5, bins: 40 }));
    expect(r.histogram.counts).toHaveLength(40);
    expect(r.histogram.counts.reduce((a, b) => a + b, 0) + r.histogram.above).toBe(20_000);
  });

  it('derives rep-month hours from blocks of opportunities with the expected mean', () => {
    const p = loopyPipeline();
    const r = ok(runMonteCarlo(p, { runs: 20_000, seed: 5 }));
    expect(r.hoursPerRepMonth.samples).toBe(20_000 / p.scenario.opportunitiesPerRepPerMonth);
    expect(r.hoursPerRepMonth.mean).toBeCloseTo((r.minutesPerOpportunity.mean * p.scenario.opportunitiesPerRepPerMonth) / 60, 9);
  });

  it('fills a once-per-deal field only on the first visit', () => {
    const r = ok(runMonteCarlo(selfLoop(0.5, [field('f', { entries: 'once-per-deal', secondsToComplete: 60 })]), { runs: 2_000, seed: 1 }));
    expect(r.fields[0]!.secondsPerOpportunity).toBeCloseTo(60, 9);
  });

  it('fills an optional field in about its fill rate of deals', () => {
    const r = ok(
      runMonteCarlo(selfLoop(0, [field('f', { requirement: 'optional', fillRate: 0.3, secondsToComplete: 100 })]), { runs: 50_000, seed: 1 }),
    );
    expect(r.fields[0]!.entriesPerOpportunity).toBeGreaterThan(0.29);
    expect(r.fields[0]!.entriesPerOpportunity).toBeLessThan(0.31);
  });

  it('cuts off and counts opportunities that exceed the step cap', () => {
    const r = ok(runMonteCarlo(selfLoop(0.99), { runs: 1_000, seed: 1, maxSteps: 5 }));
    expect(r.truncated).toBeGreaterThan(900);
    expect(r.winProbability + r.truncated / r.runs).toBeCloseTo(1, 9);
  });

  it('refuses a run count that is not a whole number', () => {
    const r = runMonteCarlo(loopyPipeline(), { runs: 1.5, seed: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.path).toBe('runs');
  });

  it('returns zeros, not NaN, for zero runs', () => {
    const r = ok(runMonteCarlo(loopyPipeline(), { runs: 0, seed: 1 }));
    expect(r.secondsPerOpportunity).toBe(0);
    expect(r.minutesPerOpportunity.p90).toBe(0);
  });
});

describe('Monte Carlo on the sample', () => {
  const sample = createSampleProcess('2026-01-01T00:00:00.000Z');

  it('agrees with the expected value on the sample within 1% at 200,000 runs', () => {
    const exact = computeExpectedBurden(sample);
    const mc = ok(runMonteCarlo(sample, { runs: 200_000, seed: 11 }));
    if (!exact.ok) throw new Error('sample invalid');
    expect(Math.abs(mc.secondsPerOpportunity / exact.secondsPerOpportunity - 1)).toBeLessThan(0.01);
  });

  it('agrees with the expected field by field on the sample within 5% for the heavier fields', () => {
    const exact = computeExpectedBurden(sample);
    const mc = ok(runMonteCarlo(sample, { runs: 200_000, seed: 12 }));
    if (!exact.ok) throw new Error('sample invalid');
    const heavy = exact.fields.filter((f) => f.secondsPerOpportunity > 10);
    expect(heavy.length).toBeGreaterThan(5);
    for (const f of heavy) {
      const m = mc.fields.find((x) => x.fieldId === f.fieldId)!;
      expect(Math.abs(m.secondsPerOpportunity / f.secondsPerOpportunity - 1)).toBeLessThan(0.05);
    }
  });
});

describe('exact quantiles', () => {
  function naive(values: Float32Array, q: number): number {
    const sorted = Float32Array.from(values).sort();
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  }

  it('match sorting and interpolating, ties and skew included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.constant(5), fc.float({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const samples = Float32Array.from(values);
        expect(exactQuantiles(samples, [q])[0]).toBeCloseTo(naive(samples, q), 3);
      }),
      { numRuns: 300 },
    );
  });

  it('leave the samples in their order', () => {
    const samples = Float32Array.from([3, 1, 2]);
    exactQuantiles(samples, [0.5]);
    expect(Array.from(samples)).toEqual([3, 1, 2]);
  });
});
