import { describe, it, expect } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { computeBurdenView } from '../../../src/renderer/src/features/burden/burdenModel';
import { filterRows, registerRows, sortRows } from '../../../src/renderer/src/features/register/registerModel';

const TODAY = '2026-11-27';
const doc = createSampleProcess('2026-11-27T09:00:00.000Z');
const view = computeBurdenView(doc);
const costs = view.ok ? view.rollup.fields : null;
const all = registerRows(doc, costs, TODAY);

describe('field register', () => {
  it('lists every field once, with its stage and requesting department', () => {
    const fieldCount = doc.stages.reduce((n, stage) => n + stage.fields.length, 0);
    expect(all).toHaveLength(fieldCount);
    const row = all.find((candidate) => candidate.label === 'Lead source detail');
    expect(row).toMatchObject({ stageName: 'Lead', requestedBy: { id: 'marketing', name: 'Marketing' } });
  });

  it('states the concern of a required field nobody justified or reads', () => {
    const flagged = all.filter((row) => row.concern);
    expect(flagged.length).toBeGreaterThan(0);
    for (const row of flagged) expect(row.requirement).not.toBe('optional');
    expect(flagged.map((row) => row.concern)).toContain('Nobody has said why this field exists');
  });

  it('marks reviews that are overdue relative to today', () => {
    const overdue = all.filter((row) => row.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    for (const row of overdue) expect(row.reviewBy! < TODAY).toBe(true);
  });

  it('carries the engine cost, and none when the engine cannot run', () => {
    expect(all.every((row) => row.minutesPerRepMonth !== null && row.minutesPerRepMonth >= 0)).toBe(true);
    const total = all.reduce((sum, row) => sum + (row.share ?? 0), 0);
    expect(total).toBeCloseTo(1, 6);
    expect(registerRows(doc, null, TODAY).every((row) => row.minutesPerRepMonth === null)).toBe(true);
  });

  it('filters by text, department and flags', () => {
    expect(filterRows(all, { query: 'campaign', show: 'all', requestedBy: '' }).map((row) => row.label)).toContain(
      'Lead source detail',
    );
    expect(filterRows(all, { query: '', show: 'all', requestedBy: 'finance' }).every((row) => row.requestedBy.id === 'finance')).toBe(true);
    const flagged = filterRows(all, { query: '', show: 'flagged', requestedBy: '' });
    expect(flagged.length).toBeGreaterThan(0);
    // Flagged means unjustified or unread, as on the overview; overdue reviews are their own choice.
    expect(flagged.every((row) => row.concern !== undefined)).toBe(true);
  });

  it('shows only the fields a review asks for: unjustified, challenged or overdue', () => {
    const unjustified = filterRows(all, { query: '', show: 'unjustified', requestedBy: '' });
    expect(unjustified.length).toBeGreaterThan(0);
    expect(unjustified.every((row) => row.status === 'proposed' || row.status === 'challenged')).toBe(true);
    expect(unjustified.length).toBe(all.filter((row) => row.status === 'proposed' || row.status === 'challenged').length);
    expect(filterRows(all, { query: '', show: 'challenged', requestedBy: '' }).every((row) => row.status === 'challenged')).toBe(true);
    const overdue = filterRows(all, { query: '', show: 'overdue', requestedBy: '' });
    expect(overdue.length).toBe(all.filter((row) => row.overdue).length);
  });

  it('sorts by cost, heaviest first, and keeps document order on ties', () => {
    const sorted = sortRows(all, 'cost', 'descending');
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i - 1]!.minutesPerRepMonth!).toBeGreaterThanOrEqual(sorted[i]!.minutesPerRepMonth!);
    }
    const byStage = sortRows(all, 'stage', 'ascending');
    expect(byStage.map((row) => row.fieldId)).toEqual(all.map((row) => row.fieldId));
  });

  it('puts fields without a review date last, whichever the direction', () => {
    for (const direction of ['ascending', 'descending'] as const) {
      const sorted = sortRows(all, 'reviewBy', direction);
      const firstMissing = sorted.findIndex((row) => row.reviewBy === undefined);
      expect(sorted.slice(firstMissing).every((row) => row.reviewBy === undefined)).toBe(true);
    }
  });
});
