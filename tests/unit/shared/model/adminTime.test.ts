import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageAdminTime, fieldMeanSeconds } from '../../../../src/shared/model/adminTime';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { exitSums, stageMetrics } from '../../../../src/shared/model/metrics';
import { validateProcess } from '../../../../src/shared/model/validate';
import type { Process } from '../../../../src/shared/model/schema';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { rollupBurden } from '../../../../src/shared/sim/rollup';
import { field, makeProcess, validProcessArb } from '../sim/fixtures';

const NOW = '2026-11-27T09:00:00.000Z';

/** Per stage: the one function's minutes per deal next to the expected-value engine's. */
function compare(process: Process): Array<{ stage: string; engine: number; shared: number }> {
  const result = computeExpectedBurden(process);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const engineSeconds = new Map<string, number>();
  for (const f of result.fields) engineSeconds.set(f.stageId, (engineSeconds.get(f.stageId) ?? 0) + f.secondsPerOpportunity);
  return process.stages.map((stage, i) => {
    const flow = result.stages[i]!;
    const time = stageAdminTime(stage, process.scenario.defaultFillRate, { visits: flow.visitsPerOpportunity, reach: flow.reachProbability });
    return { stage: stage.name, engine: (engineSeconds.get(stage.id) ?? 0) / 60, shared: time.minutesPerDeal! };
  });
}

/** Gives fields a random spread and the won / lost stages days the engines must ignore. */
const spreadProcessArb = fc
  .tuple(
    validProcessArb,
    fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 40, maxLength: 40 }),
    fc.integer({ min: 1, max: 30 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([process, spreads, terminalDays, defaultFillRate]) => {
    let k = 0;
    const stages = process.stages.map((stage) => ({
      ...stage,
      expectedDays: stage.kind === 'won' || stage.kind === 'lost' ? terminalDays : stage.expectedDays,
      fields: stage.fields.map((f) => {
        const [down, up] = spreads[k++ % spreads.length]!;
        const min = Math.round((f.secondsToComplete * down) / 100);
        return { ...f, secondsMin: min, secondsMax: f.secondsToComplete + up };
      }),
    }));
    return { ...process, stages, scenario: { ...process.scenario, defaultFillRate } };
  });

describe('stageAdminTime — the one per-visit and per-deal function', () => {
  it('agrees with the expected-value engine on every stage of the sample', () => {
    const rows = compare(createSampleProcess(NOW));
    expect(rows.length).toBe(7);
    for (const row of rows) expect(row.shared, row.stage).toBeCloseTo(row.engine, 9);
  });

  it('agrees with the expected-value engine on random valid processes (fill rate, spread, weekly, loops)', () => {
    fc.assert(
      fc.property(spreadProcessArb, (process) => {
        for (const row of compare(process)) expect(row.shared).toBeCloseTo(row.engine, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('never puts per deal above visits × per visit', () => {
    fc.assert(
      fc.property(spreadProcessArb, (process) => {
        const result = computeExpectedBurden(process);
        if (!result.ok) throw new Error('invalid');
        process.stages.forEach((stage, i) => {
          const flow = { visits: result.stages[i]!.visitsPerOpportunity, reach: result.stages[i]!.reachProbability };
          const time = stageAdminTime(stage, process.scenario.defaultFillRate, flow);
          expect(time.minutesPerDeal!).toBeLessThanOrEqual(flow.visits * time.minutesPerVisit + 1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('counts weekly fields × days in stage / 7, fill rate for optional fields and the triangular mean', () => {
    const process = makeProcess(
      [
        {
          id: 'start',
          kind: 'start',
          days: 14,
          fields: [
            field('weekly', { entries: 'weekly-while-in-stage', secondsToComplete: 60 }),
            field('optional', { requirement: 'optional', fillRate: 0.5, secondsToComplete: 120 }),
            field('spread', { secondsMin: 30, secondsToComplete: 60, secondsMax: 210 }),
            field('retired', { status: 'retired', secondsToComplete: 600 }),
          ],
        },
        { id: 'won', kind: 'won', days: 0, fields: [] },
      ],
      [['start', 'won', 1]],
    );
    // weekly 60 s × 14/7 = 120 s; optional 120 s × 0.5 = 60 s; spread (30+60+210)/3 = 100 s.
    expect(stageAdminTime(process.stages[0]!, process.scenario.defaultFillRate).minutesPerVisit).toBeCloseTo(280 / 60, 12);
    expect(fieldMeanSeconds({ secondsToComplete: 60, secondsMin: 30, secondsMax: 210 })).toBe(100);
  });

  it('charges nothing for weekly fields on won or lost stages and names them', () => {
    const won = makeProcess(
      [
        { id: 'start', kind: 'start', days: 1, fields: [] },
        { id: 'won', kind: 'won', days: 30, fields: [field('fc', { entries: 'weekly-while-in-stage', secondsToComplete: 600 })] },
      ],
      [['start', 'won', 1]],
    ).stages[1]!;
    const time = stageAdminTime(won, 0.5);
    expect(time.minutesPerVisit).toBe(0);
    expect(time.idleWeeklyFieldIds).toEqual(['fc']);
  });
});

describe('the card, the budget check and the burden table read the one function', () => {
  const sample = createSampleProcess(NOW);
  const result = computeExpectedBurden(sample);
  if (!result.ok) throw new Error('sample invalid');
  const rollup = rollupBurden(sample, result);
  const sums = exitSums(sample);

  it('card minutes per visit and per deal equal stageAdminTime for every sample stage', () => {
    sample.stages.forEach((stage, i) => {
      const flow = { visits: result.stages[i]!.visitsPerOpportunity, reach: result.stages[i]!.reachProbability };
      const card = stageMetrics(stage, { exitSum: sums.get(stage.id) ?? 0, defaultFillRate: sample.scenario.defaultFillRate, flow });
      const time = stageAdminTime(stage, sample.scenario.defaultFillRate, flow);
      expect(card.adminMinutesPerVisit).toBe(time.minutesPerVisit);
      expect(card.adminMinutesPerDeal).toBe(time.minutesPerDeal);
    });
  });

  it('the burden table shows the card minutes per visit (Negotiation includes its weekly forecast updates)', () => {
    for (const row of rollup.stages) {
      const stage = sample.stages.find((s) => s.id === row.stageId)!;
      expect(row.minutesPerVisit, stage.name).toBeCloseTo(stageAdminTime(stage, sample.scenario.defaultFillRate).minutesPerVisit, 9);
    }
    const negotiation = sample.stages.find((s) => s.name === 'Negotiation')!;
    const weekly = negotiation.fields.filter((f) => f.entries === 'weekly-while-in-stage' && f.status !== 'retired');
    expect(weekly.length).toBeGreaterThan(0);
    const typicalOnly = negotiation.fields.filter((f) => f.status !== 'retired').reduce((sum, f) => sum + f.secondsToComplete, 0) / 60;
    expect(stageAdminTime(negotiation, sample.scenario.defaultFillRate).minutesPerVisit).not.toBeCloseTo(typicalOnly, 1);
  });

  it('the budget check flags a stage exactly when the card says it is over budget', () => {
    const minutes = stageAdminTime(sample.stages[2]!, sample.scenario.defaultFillRate).minutesPerVisit;
    const just = (budget: number): Process => ({
      ...sample,
      stages: sample.stages.map((s, i) => (i === 2 ? { ...s, adminBudgetMinutes: budget } : s)),
    });
    const overBudget = (p: Process): boolean => validateProcess(p).some((problem) => problem.code === 'over-budget' && problem.stageId === sample.stages[2]!.id);
    expect(overBudget(just(minutes * 0.99))).toBe(true);
    expect(overBudget(just(minutes * 1.01))).toBe(false);
    expect(stageMetrics(just(minutes * 0.99).stages[2]!, { exitSum: 1, defaultFillRate: sample.scenario.defaultFillRate }).overBudget).toBe(true);
  });
});
