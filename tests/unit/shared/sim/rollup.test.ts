import { describe, expect, it } from 'vitest';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { compareBurden, NOBODY, rollupBurden, type BurdenRollup } from '../../../../src/shared/sim/rollup';
import { DEFAULT_SELLING_SHARE } from '../../../../src/shared/sim/reference';
import type { Process } from '../../../../src/shared/model/schema';
import { field, linearChain, loopyPipeline } from './fixtures';

function rollup(process: Process, overrides = {}): BurdenRollup {
  const r = computeExpectedBurden(process, { overrides });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return rollupBurden(process, r);
}

// 600 s on a, 300 s on b: 15 minutes per opportunity.
const twoFields = linearChain({
  a: [field('f', { secondsToComplete: 600, requestedBy: 'finance', consumers: ['finance', 'marketing'], valueToSales: 'none' })],
  b: [field('g', { secondsToComplete: 300, consumers: [], justification: '' })],
});

describe('headline', () => {
  it('turns minutes per opportunity into hours per rep-month', () => {
    const h = rollup(twoFields).headline;
    expect(h.minutesPerOpportunity).toBeCloseTo(15, 10);
    // 10 opportunities × 15 min ÷ 60
    expect(h.hoursPerRepPerMonth).toBeCloseTo(2.5, 10);
  });

  it('prices the team’s admin hours at the loaded hourly cost', () => {
    const h = rollup(twoFields).headline;
    expect(h.shareOfWorkingTime).toBeCloseTo(2.5 / 160, 10);
    expect(h.monthlyCost).toBeCloseTo(2.5 * 85 * 12, 6);
  });

  it('counts mandatory fields without justification or consumers as unjustified', () => {
    const h = rollup(twoFields).headline;
    expect(h.unjustifiedMinutesPerOpportunity).toBeCloseTo(5, 10);
    expect(h.unjustifiedShare).toBeCloseTo(1 / 3, 10);
  });

  it('does not count an optional field as unjustified burden', () => {
    const p = linearChain({ a: [field('f', { requirement: 'optional', fillRate: 1, justification: '', consumers: [] })] });
    expect(rollup(p).headline.unjustifiedMinutesPerOpportunity).toBe(0);
  });

  it('expresses team admin hours as opportunities and revenue that selling time could have brought', () => {
    const h = rollup(twoFields).headline;
    const sellingPerOpp = (160 * DEFAULT_SELLING_SHARE) / 10;
    expect(h.sellingHoursPerOpportunity).toBeCloseTo(sellingPerOpp, 10);
    expect(h.opportunitiesForgonePerMonth).toBeCloseTo(30 / sellingPerOpp, 10);
    expect(h.revenueEquivalentPerMonth).toBeCloseTo((30 / sellingPerOpp) * 1 * 24000, 4);
  });
});

describe('breakdowns', () => {
  it('splits a field’s time evenly across its consumers and puts unread time under nobody', () => {
    const byConsumer = Object.fromEntries(rollup(twoFields).byConsumer.map((b) => [b.key, b.secondsPerOpportunity]));
    expect(byConsumer).toEqual({ finance: 300, marketing: 300, [NOBODY]: 300 });
  });

  it('attributes time to the requesting department', () => {
    const byRequester = Object.fromEntries(rollup(twoFields).byRequester.map((b) => [b.key, b.secondsPerOpportunity]));
    expect(byRequester).toEqual({ sales: 300, finance: 600 });
  });

  it('shares add up to 1 in every breakdown', () => {
    const r = rollup(loopyPipeline());
    for (const list of [r.fields, r.stages, r.byRequester, r.byConsumer, r.byValueToSales, r.byRequirement]) {
      expect(list.reduce((acc, b) => acc + b.share, 0)).toBeCloseTo(1, 10);
    }
  });

  it('lists fields heaviest first', () => {
    const r = rollup(twoFields);
    expect(r.fields.map((f) => f.fieldId)).toEqual(['f', 'g']);
  });

  it('flags a stage whose admin per visit exceeds its budget', () => {
    const p = linearChain({ a: [field('f', { secondsToComplete: 600 })] });
    const withBudget: Process = { ...p, stages: p.stages.map((s) => (s.id === 'a' ? { ...s, adminBudgetMinutes: 5 } : s)) };
    expect(rollup(withBudget).stages.find((s) => s.stageId === 'a')!.overBudget).toBe(true);
  });
});

describe('compareBurden', () => {
  it('reports the change of every headline figure for a what-if', () => {
    const base = rollup(twoFields);
    const whatIf = rollup(twoFields, { g: { enabled: false } });
    const diff = compareBurden(base, whatIf);
    expect(Object.keys(diff).sort()).toEqual(Object.keys(base.headline).sort());
    expect(diff.minutesPerOpportunity.delta).toBeCloseTo(-5, 10);
    expect(diff.unjustifiedShare.whatIf).toBe(0);
  });
});
