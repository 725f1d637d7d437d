import { describe, expect, it } from 'vitest';
import { analyzeChain, solveInPlace } from '../../../../src/shared/sim/markov';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { branching, linearChain, makeProcess, selfLoop } from './fixtures';

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

  it('solves a system that needs row swaps', () => {
    // [[0, 1], [1, 0]] x = [2, 3] → x = [3, 2]
    const a = Float64Array.from([0, 1, 1, 0]);
    const b = Float64Array.from([2, 3]);
    expect(solveInPlace(a, b, 2)).toBe(-1);
    expect(Array.from(b)).toEqual([3, 2]);
  });
});
