import { describe, expect, it } from 'vitest';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import fc from 'fast-check';
import { createMonteCarlo, runMonteCarlo, runMonteCarloParts, splitRuns, type McOutcome } from '../../../../src/shared/sim/monteCarlo';
import { createSketch, DEFAULT_SKETCH_ALPHA, sketchAdd, sketchMerge, sketchQuantiles } from '../../../../src/shared/sim/quantileSketch';
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

describe('streaming quantiles', () => {
  const ALPHA = DEFAULT_SKETCH_ALPHA;

  /** The exact closest-rank bracket of quantile q: the sorted values at ⌊(n−1)q⌋ and ⌈(n−1)q⌉. */
  function bracket(sorted: Float64Array, q: number): [number, number] {
    const pos = (sorted.length - 1) * q;
    return [sorted[Math.floor(pos)]!, sorted[Math.ceil(pos)]!];
  }

  const valuesArb = fc.array(
    fc.oneof(
      fc.constant(0),
      fc.constant(5),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 1e-3, max: 10, noNaN: true }),
      // Heavy right tail: a few deals that loop for a long time.
      fc.double({ min: 0, max: 1, noNaN: true }).map((u) => 1 / (1 - u * 0.999) ** 2),
    ),
    { minLength: 1, maxLength: 2000 },
  );

  it('stay within their stated relative bound of the exact percentiles', () => {
    fc.assert(
      fc.property(valuesArb, fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const sketch = createSketch();
        for (const v of values) sketchAdd(sketch, v);
        const sorted = Float64Array.from(values).sort();
        const [lo, hi] = bracket(sorted, q);
        const estimate = sketchQuantiles(sketch, [q])[0]!;
        expect(estimate).toBeGreaterThanOrEqual(lo * (1 - ALPHA) - 1e-9);
        expect(estimate).toBeLessThanOrEqual(hi * (1 + ALPHA) + 1e-9);
      }),
      { numRuns: 400 },
    );
  });

  it('keep count, sum, min and max exact', () => {
    const sketch = createSketch();
    for (const v of [3, 0, 7.5, 1e6]) sketchAdd(sketch, v);
    expect(sketch).toMatchObject({ count: 4, sum: 1e6 + 10.5, min: 0, max: 1e6 });
    expect(sketchQuantiles(sketch, [0, 1])).toEqual([0, 1e6]);
  });

  it('merge into exactly the sketch of all the values', () => {
    fc.assert(
      fc.property(valuesArb, valuesArb, (a, b) => {
        const left = createSketch();
        const right = createSketch();
        const both = createSketch();
        for (const v of a) sketchAdd(left, v);
        for (const v of b) sketchAdd(right, v);
        for (const v of [...a, ...b]) sketchAdd(both, v);
        sketchMerge(left, right);
        const qs = [0, 0.1, 0.5, 0.9, 0.99, 1];
        expect(sketchQuantiles(left, qs)).toEqual(sketchQuantiles(both, qs));
        expect(left.count).toBe(both.count);
      }),
      { numRuns: 100 },
    );
  });

  it('use memory that depends on the spread of values, not on how many there are', () => {
    const sketch = createSketch();
    for (let i = 0; i < 1_000_000; i++) sketchAdd(sketch, 1 + (i % 1000));
    // ln(1000) / ln((1 + α)/(1 − α)) ≈ 691 buckets, plus growth slack.
    expect(sketch.counts.length).toBeLessThan(900);
  });
});

describe('Monte Carlo at scale', () => {
  it('accepts runs beyond the old 5,000,000 cap without allocating per run', () => {
    const start = createMonteCarlo(loopyPipeline(), { runs: 50_000_000_000, seed: 1 });
    expect(start.ok).toBe(true);
    if (!start.ok) return;
    expect(start.runner.step(1_000).done).toBe(1_000);
  });

  it('draws days only where a weekly field needs them when the days distribution is not wanted', () => {
    const p = loopyPipeline();
    const exact = computeExpectedBurden(p);
    if (!exact.ok) throw new Error('fixture invalid');
    const r = ok(runMonteCarlo(p, { runs: 100_000, seed: 4, daysDistribution: false }));
    expect(r.daysToCloseDistribution).toBeUndefined();
    expect(Math.abs(r.daysToClose / exact.daysToClose - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.secondsPerOpportunity / exact.secondsPerOpportunity - 1)).toBeLessThan(0.01);
  });
});

describe('Monte Carlo threads', () => {
  it('split runs deterministically, keeping every run', () => {
    const parts = splitRuns(10_003, 4, 'demo');
    expect(parts.map((p) => p.runs)).toEqual([2_501, 2_501, 2_501, 2_500]);
    expect(new Set(parts.map((p) => p.seed)).size).toBe(4);
    expect(splitRuns(10_003, 4, 'demo')).toEqual(parts);
    expect(splitRuns(10, 1, 'demo')).toEqual([{ runs: 10, seed: 'demo' }]);
  });

  it('give the same output for the same seed and thread count', () => {
    const a = ok(runMonteCarloParts(loopyPipeline(), { runs: 20_000, seed: 'same' }, 3));
    const b = ok(runMonteCarloParts(loopyPipeline(), { runs: 20_000, seed: 'same' }, 3));
    expect(a).toEqual(b);
    expect(a.runs).toBe(20_000);
  });

  it('with one thread equal the plain run', () => {
    expect(runMonteCarloParts(loopyPipeline(), { runs: 5_000, seed: 9 }, 1)).toEqual(runMonteCarlo(loopyPipeline(), { runs: 5_000, seed: 9 }));
  });

  it('with several threads still agree with the expected value', () => {
    const p = loopyPipeline();
    const exact = computeExpectedBurden(p);
    if (!exact.ok) throw new Error('fixture invalid');
    const r = ok(runMonteCarloParts(p, { runs: 200_000, seed: 7 }, 4));
    expect(Math.abs(r.secondsPerOpportunity / exact.secondsPerOpportunity - 1)).toBeLessThan(0.01);
    expect(r.hoursPerRepMonth.samples).toBeGreaterThan(0);
  });
});
