import { describe, expect, it } from 'vitest';
import { computeExpectedBurden, type ExpectedResult } from '../../../../src/shared/sim/expected';
import { runMonteCarlo } from '../../../../src/shared/sim/monteCarlo';
import type { Process } from '../../../../src/shared/model/schema';
import { branching, field, linearChain, loopyPipeline, makeProcess, selfLoop } from './fixtures';

function ok(r: ExpectedResult): Extract<ExpectedResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r;
}

function secondsOf(r: ExpectedResult, fieldId: string): number {
  return ok(r).fields.find((f) => f.fieldId === fieldId)!.secondsPerOpportunity;
}

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

describe('entries rules', () => {
  it('charges a once-per-deal field once however often its stage loops', () => {
    const r = computeExpectedBurden(selfLoop(0.5, [field('f', { entries: 'once-per-deal', secondsToComplete: 60 })]));
    expect(secondsOf(r, 'f')).toBeCloseTo(60, 10);
  });

  it('charges a once-per-deal field by the probability its stage is reached', () => {
    const r = computeExpectedBurden(branching({ b: [field('f', { entries: 'once-per-deal', secondsToComplete: 100 })] }));
    expect(secondsOf(r, 'f')).toBeCloseTo(40, 10);
  });

  it('charges an every-visit field per expected visit', () => {
    const r = computeExpectedBurden(selfLoop(0.5, [field('f', { entries: 'every-stage-visit', secondsToComplete: 60 })]));
    expect(secondsOf(r, 'f')).toBeCloseTo(120, 10);
  });

  it('charges a weekly field per expected week in the stage, partial weeks pro rata', () => {
    // 2 visits × 3.5 days = 1 week.
    const r = computeExpectedBurden(selfLoop(0.5, [field('f', { entries: 'weekly-while-in-stage', secondsToComplete: 60 })], 3.5));
    expect(secondsOf(r, 'f')).toBeCloseTo(60, 10);
  });

  it('charges nothing for a weekly field on a won stage', () => {
    const p = linearChain();
    const withField: Process = {
      ...p,
      stages: p.stages.map((s) => (s.id === 'won' ? { ...s, expectedDays: 30, fields: [field('f', { entries: 'weekly-while-in-stage' })] } : s)),
    };
    expect(secondsOf(computeExpectedBurden(withField), 'f')).toBe(0);
  });

  it('uses the triangular mean when a field gives a spread', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { secondsToComplete: 30, secondsMin: 0, secondsMax: 90 })] }));
    expect(secondsOf(r, 'f')).toBeCloseTo(40, 10);
  });
});

describe('field weights', () => {
  it('weights an optional field by its fill rate', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { requirement: 'optional', fillRate: 0.25, secondsToComplete: 100 })] }));
    expect(secondsOf(r, 'f')).toBeCloseTo(25, 10);
  });

  it('weights an optional field without a fill rate by the scenario default', () => {
    const p = linearChain({ a: [field('f', { requirement: 'optional', secondsToComplete: 100 })] });
    const r = computeExpectedBurden({ ...p, scenario: { ...p.scenario, defaultFillRate: 0.7 } });
    expect(secondsOf(r, 'f')).toBeCloseTo(70, 10);
  });

  it('counts blocking fields fully', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { requirement: 'blocks-commission', fillRate: 0.1, secondsToComplete: 100 })] }));
    expect(secondsOf(r, 'f')).toBeCloseTo(100, 10);
  });

  it('counts retired fields as zero', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { status: 'retired', secondsToComplete: 100 })] }));
    expect(secondsOf(r, 'f')).toBe(0);
  });

  it('adds field burdens into the per-opportunity total', () => {
    const r = ok(computeExpectedBurden(linearChain({ a: [field('f', { secondsToComplete: 100 })], b: [field('g', { secondsToComplete: 20 })] })));
    expect(r.secondsPerOpportunity).toBeCloseTo(120, 10);
  });
});

describe('what-if overrides', () => {
  it('lowers the burden by exactly the field’s share when a field is switched off', () => {
    const p = loopyPipeline();
    const base = ok(computeExpectedBurden(p));
    const share = base.fields.find((f) => f.fieldId === 'forecast')!.secondsPerOpportunity;
    const off = ok(computeExpectedBurden(p, { overrides: { forecast: { enabled: false } } }));
    expect(off.secondsPerOpportunity).toBeCloseTo(base.secondsPerOpportunity - share, 9);
  });

  it('uses an overridden fill time', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { secondsToComplete: 100 })] }), { overrides: { f: { secondsToComplete: 10 } } });
    expect(secondsOf(r, 'f')).toBeCloseTo(10, 10);
  });

  it('makes a field cost its fill rate when overridden to optional', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f', { fillRate: 0.4, secondsToComplete: 100 })] }), {
      overrides: { f: { requirement: 'optional' } },
    });
    expect(secondsOf(r, 'f')).toBeCloseTo(40, 10);
  });

  it('leaves the document untouched', () => {
    const p = loopyPipeline();
    const before = JSON.stringify(p);
    computeExpectedBurden(p, { overrides: { forecast: { enabled: false, secondsToComplete: 1 } } });
    runMonteCarlo(p, { runs: 100, seed: 1, overrides: { forecast: { enabled: false } } });
    expect(JSON.stringify(p)).toBe(before);
  });

  it('refuses a negative overridden time with a located problem', () => {
    const r = computeExpectedBurden(linearChain({ a: [field('f')] }), { overrides: { f: { secondsToComplete: -5 } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: 'overrides.f.secondsToComplete', fieldId: 'f' });
  });
});

describe('invalid processes', () => {
  const sumOff = makeProcess(
    [{ id: 'start', kind: 'start' }, { id: 'won', kind: 'won' }, { id: 'lost', kind: 'lost' }],
    [
      ['start', 'won', 0.5],
      ['start', 'lost', 0.3],
    ],
  );
  const noWayOut = makeProcess(
    [{ id: 'start', kind: 'start' }, { id: 'a' }, { id: 'b' }, { id: 'won', kind: 'won' }, { id: 'lost', kind: 'lost' }],
    [
      ['start', 'a', 0.5],
      ['start', 'won', 0.5],
      ['start', 'lost', 0],
      ['a', 'b', 1],
      ['b', 'a', 1],
    ],
  );
  const deadEnd = makeProcess(
    [{ id: 'start', kind: 'start' }, { id: 'a' }, { id: 'won', kind: 'won' }, { id: 'lost', kind: 'lost' }],
    [
      ['start', 'a', 0.5],
      ['start', 'won', 0.25],
      ['start', 'lost', 0.25],
    ],
  );

  it('refuses probabilities that do not sum to 1, locating the stage', () => {
    const r = computeExpectedBurden(sumOff);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ code: 'probability-sum', stageId: 'start', path: 'stages[0]' }));
  });

  it('refuses a stage with no exit, locating it', () => {
    const r = computeExpectedBurden(deadEnd);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ code: 'no-exit', stageId: 'a' }));
  });

  it('refuses a closed loop that can never be left, locating its stages', () => {
    const r = computeExpectedBurden(noWayOut);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const located = r.problems.filter((p) => p.code === 'no-way-out').map((p) => p.stageId);
      expect(located.sort()).toEqual(['a', 'b']);
    }
  });

  it('refuses the same processes in the Monte Carlo engine', () => {
    for (const p of [sumOff, noWayOut, deadEnd]) expect(runMonteCarlo(p, { runs: 10, seed: 1 }).ok).toBe(false);
  });

  it('returns only finite numbers, even for a loop repeated 99.9999% of the time', () => {
    const r = computeExpectedBurden(selfLoop(0.999999, [field('f', { entries: 'weekly-while-in-stage' })]));
    expect(r.ok).toBe(true);
    expect(allFinite(r)).toBe(true);
  });

  it('refuses a loop that is left with a negligible probability as singular rather than answering Infinity', () => {
    const r = computeExpectedBurden(selfLoop(1 - 1e-13));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'singular', stageId: 'loop' });
  });
});
