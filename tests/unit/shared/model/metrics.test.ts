import { describe, it, expect } from 'vitest';
import { newField, newStage } from '../../../../src/shared/model/commands';
import { fieldConcern, stageMetrics } from '../../../../src/shared/model/metrics';

const ctx = (exitSum: number) => ({ exitSum, defaultFillRate: 0.6 });

const stage = (fields = [newField('f1')]) => newStage({ id: 's1', name: 'Discovery', position: { x: 0, y: 0 }, fields });

describe('stage metrics', () => {
  it('counts admin minutes per visit from active fields only', () => {
    const metrics = stageMetrics(
      stage([
        newField('a', { secondsToComplete: 90, requirement: 'required', justification: 'why', consumers: ['finance'] }),
        newField('b', { secondsToComplete: 30 }),
        newField('c', { secondsToComplete: 600, status: 'retired', requirement: 'required' }),
      ]),
      ctx(1),
    );
    // b is optional: 30 s × the default fill rate 0.6.
    expect(metrics.adminMinutesPerVisit).toBeCloseTo((90 + 30 * 0.6) / 60, 12);
    expect(metrics.activeFieldCount).toBe(2);
    expect(metrics.requiredCount).toBe(1);
    expect(metrics.openConcernCount).toBe(0);
  });

  it('flags exits that do not sum to 100% on working stages only', () => {
    expect(stageMetrics(stage(), ctx(0.85)).exitSumOff).toBe(true);
    expect(stageMetrics(stage(), ctx(1 - 1e-9)).exitSumOff).toBe(false);
    const won = newStage({ id: 'w', name: 'Won', kind: 'won', position: { x: 0, y: 0 } });
    expect(stageMetrics(won, ctx(0))).toMatchObject({ exitSum: null, exitSumOff: false });
  });

  it('flags a stage over its agreed admin budget', () => {
    const over = { ...stage([newField('a', { secondsToComplete: 400, requirement: 'required' })]), adminBudgetMinutes: 5 };
    expect(stageMetrics(over, ctx(1)).overBudget).toBe(true);
    expect(stageMetrics({ ...over, adminBudgetMinutes: 7 }, ctx(1)).overBudget).toBe(false);
  });

  it('lists each requesting department once, in order', () => {
    const metrics = stageMetrics(
      stage([newField('a', { requestedBy: 'finance' }), newField('b', { requestedBy: 'marketing' }), newField('c', { requestedBy: 'finance' })]),
      ctx(1),
    );
    expect(metrics.requesterIds).toEqual(['finance', 'marketing']);
  });
});

describe('field concern', () => {
  it('says why a required field is flagged', () => {
    expect(fieldConcern(newField('a', { requirement: 'blocks-commission', consumers: ['finance'] }))).toBe(
      'Nobody has said why this field exists',
    );
    expect(fieldConcern(newField('a', { requirement: 'required', justification: 'Invoicing' }))).toBe(
      'Nobody is recorded as using this field',
    );
  });

  it('leaves optional and retired fields alone', () => {
    expect(fieldConcern(newField('a'))).toBeUndefined();
    expect(fieldConcern(newField('a', { requirement: 'required', status: 'retired' }))).toBeUndefined();
  });
});
