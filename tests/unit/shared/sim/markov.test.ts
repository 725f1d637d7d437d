import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeChain, factorLu, inverseDiagonal, solveTransposed, type ChainInput } from '../../../../src/shared/sim/markov';
import { compileProcess } from '../../../../src/shared/sim/compile';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import type { Process } from '../../../../src/shared/model/schema';
import { analyzeChainDense } from './denseChain';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { branching, linearChain, makeProcess, selfLoop, validProcessArb } from './fixtures';

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

describe('absorbing Markov chain', () => {
  it('visits every stage of a linear chain exactly once', () => {
    const r = ok(computeExpectedBurden(linearChain()));
    const visits = Object.fromEntries(r.stages.map((s) => [s.stageId, s.visitsPerOpportunity]));
    expect(visits).toEqual({ start: 1, a: 1, b: 1, won: 1, lost: 0 });
  });

  it('sums stage days along a linear chain into days to close', () => {
    const r = ok(computeExpectedBurden(linearChain()));
    expect(r.daysToClose).toBeCloseTo(2 + 5 + 10, 12);
  });

  it('visits a stage 1/(1−p) times when it returns to itself with probability p', () => {
    for (const p of [0, 0.25, 0.5, 0.9]) {
      const r = ok(computeExpectedBurden(selfLoop(p)));
      const loop = r.stages.find((s) => s.stageId === 'loop')!;
      expect(loop.visitsPerOpportunity).toBeCloseTo(1 / (1 - p), 10);
    }
  });

  it('reaches a looping stage with probability 1 however often it repeats', () => {
    const r = ok(computeExpectedBurden(selfLoop(0.9)));
    expect(r.stages.find((s) => s.stageId === 'loop')!.reachProbability).toBeCloseTo(1, 12);
  });

  it('computes absorption probabilities of a branching graph', () => {
    const r = ok(computeExpectedBurden(branching()));
    expect(r.winProbability).toBeCloseTo(0.4, 12);
    expect(r.lossProbability).toBeCloseTo(0.6, 12);
    expect(r.stages.find((s) => s.stageId === 'won')!.reachProbability).toBeCloseTo(0.4, 12);
  });

  it('gives each branch its share as reach probability', () => {
    const r = ok(computeExpectedBurden(branching()));
    const reach = Object.fromEntries(r.stages.map((s) => [s.stageId, s.reachProbability]));
    expect(reach.a).toBeCloseTo(0.6, 12);
    expect(reach.b).toBeCloseTo(0.4, 12);
    expect(r.daysToClose).toBeCloseTo(1 + 0.6 * 10 + 0.4 * 20, 12);
  });

  it('separates reach from visits in a two-stage loop', () => {
    // start → a; a → b 1; b → a 0.5 | won 0.5. Visits a = b = 2, both reached surely.
    const p = makeProcess(
      [{ id: 'start', kind: 'start' }, { id: 'a' }, { id: 'b' }, { id: 'won', kind: 'won' }, { id: 'lost', kind: 'lost' }],
      [
        ['start', 'a', 0.5],
        ['start', 'lost', 0.5],
        ['a', 'b', 1],
        ['b', 'a', 0.5],
        ['b', 'won', 0.5],
      ],
    );
    const r = ok(computeExpectedBurden(p));
    const a = r.stages.find((s) => s.stageId === 'a')!;
    expect(a.visitsPerOpportunity).toBeCloseTo(1, 12);
    expect(a.reachProbability).toBeCloseTo(0.5, 12);
  });

  it('reports a closed loop as singular, naming a stage in it', () => {
    // 0 → 1 → 2 → 1: stages 1 and 2 can never be left.
    const r = analyzeChain({
      n: 4,
      start: 0,
      kind: Uint8Array.from([0, 0, 0, 1]),
      from: Int32Array.from([0, 1, 2]),
      to: Int32Array.from([1, 2, 1]),
      probability: Float64Array.from([1, 1, 1]),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([1, 2]).toContain(r.stageIndex);
  });

  it('solves the transposed system through row swaps', () => {
    // A = [[0, 1], [2, 3]] needs a row swap; Aᵀ = [[0, 2], [1, 3]], so Aᵀ x = [4, 11] → x = [5, 2].
    const factored = factorLu(Float64Array.from([0, 1, 2, 3]), 2);
    if (!factored.ok) throw new Error('should factor');
    const x = new Float64Array(2);
    solveTransposed(factored.lu, Float64Array.from([4, 11]), x);
    expect(Array.from(x)).toEqual([5, 2]);
  });

  it('gives the diagonal of the inverse from the same factors', () => {
    // A = [[2, 1], [1, 1]], A⁻¹ = [[1, −1], [−1, 2]].
    const factored = factorLu(Float64Array.from([2, 1, 1, 1]), 2);
    if (!factored.ok) throw new Error('should factor');
    const diagonal = new Float64Array(2);
    inverseDiagonal(factored.lu, diagonal);
    expect(diagonal[0]).toBeCloseTo(1, 14);
    expect(diagonal[1]).toBeCloseTo(2, 14);
  });
});

function chainOf(process: Process): ChainInput {
  const compiled = compileProcess(process);
  if (!compiled.ok) throw new Error('should compile');
  const c = compiled.compiled;
  return { n: c.stageIds.length, start: c.startIndex, kind: c.stageKind, from: c.transitionFrom, to: c.transitionTo, probability: c.transitionProbability };
}

/** |a − b| ≤ 1e-12 · max(1, |b|): visits can be large in long loops, so the bound is relative there. */
function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i]!)));
  }
}

describe('per-component solve', () => {
  it('equals the dense solve to 1e-12 on random processes', () => {
    fc.assert(
      fc.property(validProcessArb, (process) => {
        const chain = chainOf(process);
        const sparse = analyzeChain(chain);
        const dense = analyzeChainDense(chain);
        expect(sparse.ok).toBe(dense.ok);
        if (!sparse.ok || !dense.ok) return;
        expectClose(sparse.analysis.visits, dense.analysis.visits);
        expectClose(sparse.analysis.reach, dense.analysis.reach);
        expect(Math.abs(sparse.analysis.winProbability - dense.analysis.winProbability)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(sparse.analysis.lossProbability - dense.analysis.lossProbability)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the dense solve to 1e-12 on a generated 300-stage process with loops', () => {
    const chain = chainOf(createGeneratedProcess({ stages: 300, fields: 0, seed: 5 }));
    const sparse = analyzeChain(chain);
    const dense = analyzeChainDense(chain);
    if (!sparse.ok || !dense.ok) throw new Error('should solve');
    expectClose(sparse.analysis.visits, dense.analysis.visits);
    expectClose(sparse.analysis.reach, dense.analysis.reach);
  });

  it('finds the same singular loops as the dense solve', () => {
    // Random chains where some loops may be closed: both solvers agree on whether it is singular.
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 9 }),
      edges: fc.array(fc.tuple(fc.nat(8), fc.nat(9), fc.constantFrom(0.25, 0.5, 1)), { maxLength: 24 }),
    });
    fc.assert(
      fc.property(arb, ({ n, edges }) => {
        // Stages 0..n−1 transient, stage n won. Exits of each stage normalised to sum to 1.
        const kept = edges.filter(([a, b]) => a < n && b <= n);
        const sums = new Map<number, number>();
        for (const [a, , p] of kept) sums.set(a, (sums.get(a) ?? 0) + p);
        const chain: ChainInput = {
          n: n + 1,
          start: 0,
          kind: Uint8Array.from({ length: n + 1 }, (_, i) => (i === n ? 1 : 0)),
          from: Int32Array.from(kept.map(([a]) => a)),
          to: Int32Array.from(kept.map(([, b]) => b)),
          probability: Float64Array.from(kept.map(([a, , p]) => p / sums.get(a)!)),
        };
        const sparse = analyzeChain(chain);
        const dense = analyzeChainDense(chain);
        expect(sparse.ok).toBe(dense.ok);
        if (sparse.ok && dense.ok) expectClose(sparse.analysis.visits, dense.analysis.visits);
      }),
      { numRuns: 500 },
    );
  });
});
