import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { ProcessSchema, type Process } from '../../../../src/shared/model/schema';
import { validateProcess } from '../../../../src/shared/model/validate';
import { readHistory, readHistoryText, parseTimestamp } from '../../../../src/shared/io/history';
import { applyCalibration, calibrate, SMALL_SAMPLE } from '../../../../src/shared/io/calibrate';
import { historyToCsv, historyToFieldHistoryCsv, simulateHistory } from '../../../../src/shared/io/simulateHistory';
import { deepFreeze } from '../../helpers/deepFreeze';

const NOW = '2026-11-27T09:00:00.000Z';
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(__dirname, '../../../fixtures/history', name)));

function history(text: string) {
  const read = readHistoryText(text, 'h.csv');
  if (!read.ok) throw new Error(read.message);
  return read.history;
}

describe('reading stage histories', () => {
  it('reads OpportunityFieldHistory: only StageName rows, the first OldValue as the starting stage', () => {
    const read = readHistory(bytes('opportunity-field-history.csv'), { name: 'ofh.csv' });
    if (!read.ok) throw new Error(read.message);
    expect(read.history.format).toBe('salesforce-field-history');
    const deal = read.history.deals.find((d) => d.id === 'D-000003')!;
    expect(deal.entries.slice(0, 3).map((e) => e.stage)).toEqual(['Lead', 'Qualified', 'Discovery']);
    expect(Number.isNaN(deal.entries[0]!.at)).toBe(true);
    expect(read.history.stageNames).not.toContain('15,500');
  });

  it('collapses OpportunityHistory rows that repeat the stage (amount or date changes)', () => {
    const read = readHistory(bytes('opportunity-history.csv'), { name: 'oh.csv' });
    if (!read.ok) throw new Error(read.message);
    expect(read.history.format).toBe('salesforce-opportunity-history');
    const first = read.history.deals.find((d) => d.id === '006Hs00001AAA01')!;
    expect(first.entries.map((e) => e.stage)).toEqual(['Qualified', 'Discovery', 'Proposal', 'Closed Won']);
    const loop = read.history.deals.find((d) => d.id === '006Hs00001AAA03')!;
    expect(loop.entries.map((e) => e.stage)).toEqual(['Qualified', 'Discovery', 'Qualified', 'Discovery']);
  });

  it('reads HubSpot hs_v2_date_entered_ columns in time order', () => {
    const read = readHistory(bytes('hubspot-deal-stage-dates.csv'), { name: 'hs.csv' });
    if (!read.ok) throw new Error(read.message);
    expect(read.history.format).toBe('hubspot-stage-dates');
    expect(read.history.deals.map((d) => d.entries.map((e) => e.stage))).toEqual([
      ['appointmentscheduled', 'qualifiedtobuy', 'closedwon'],
      ['appointmentscheduled', 'qualifiedtobuy', 'closedlost'],
      ['appointmentscheduled'],
    ]);
  });

  it('reads a generic semicolon log with local-looking timestamps', () => {
    const read = readHistory(bytes('generic-stage-log.csv'), { name: 'g.csv' });
    if (!read.ok) throw new Error(read.message);
    expect(read.history.deals[0]!.entries[1]!.at).toBe(Date.UTC(2026, 3, 3, 10, 30));
  });

  it('parses Salesforce, ISO and offset timestamps to the same instant', () => {
    expect(parseTimestamp('2026-03-01T10:00:00.000+0100')).toBe(Date.UTC(2026, 2, 1, 9));
    expect(parseTimestamp('2026-03-01T09:00:00Z')).toBe(Date.UTC(2026, 2, 1, 9));
    expect(parseTimestamp('2026-02-30')).toBeNaN();
    expect(parseTimestamp('03/01/2026')).toBeNaN();
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['unparseable timestamps', 'case id,stage,timestamp\nA,Lead,yesterday\n', 'line 2: "yesterday"'],
    ['timestamps out of order within a deal', 'case id,stage,timestamp\nA,Lead,2026-01-01\nA,Qualified,2026-01-05\nA,Discovery,2026-01-03\n', 'line 4: deal "A" goes back in time'],
    ['a negative duration', 'Record ID,hs_v2_date_entered_a,hs_v2_date_exited_a\n1,2026-01-05,2026-01-01\n', 'negative duration'],
    ['mismatched quotes', 'case id,stage,timestamp\nA,"Lead,2026-01-01\n', 'never closed'],
    ['duplicate headers', 'case id,stage,stage,timestamp\nA,Lead,Lead,2026-01-01\n', 'appears twice'],
    ['a field history with a missing row', 'OpportunityId,CreatedDate,Field,OldValue,NewValue\nA,2026-01-01,StageName,Lead,Qualified\nA,2026-01-02,StageName,Discovery,Proposal\n', 'rows are missing or out of order'],
    ['unrelated columns', 'name,amount\nx,1\n', 'not a stage history'],
  ])('refuses %s with a located message', (_what, text, message) => {
    const read = readHistoryText(text, 'h.csv');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain(message);
  });

  it('refuses binary data', () => {
    const read = readHistory(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3]), { name: 'x.xlsx' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain('binary');
  });
});

describe('calibrating a process', () => {
  it('recovers the probabilities of a simulated process within sampling error (fixed seed)', () => {
    const sample = createSampleProcess(NOW);
    // 20,000 deals three hours apart over ~7 months, exported a month before the last one starts.
    const start = Date.UTC(2026, 0, 1);
    const simulated = simulateHistory(sample, { deals: 20000, seed: 42, start, until: start + 19000 * 3 * 3_600_000 });
    const result = calibrate(sample, history(historyToCsv(simulated)));
    if (!result.ok) throw new Error(result.message);
    let checked = 0;
    for (const t of result.calibration.transitions) {
      expect(t.current).not.toBeNull();
      if (t.n < 500) continue;
      // 4.5 standard errors: with ~25 transitions the chance of a false failure is below 1e-4.
      const p = t.current!;
      const se = Math.sqrt((p * (1 - p)) / t.n);
      expect(Math.abs(t.observed! - p)).toBeLessThanOrEqual(4.5 * se + 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const lead = result.calibration.stages.find((s) => s.stageId === 'lead')!;
    expect(lead.meanDays!).toBeCloseTo(sample.stages.find((s) => s.id === 'lead')!.expectedDays, 0);
    expect(result.calibration.open).toBeGreaterThan(0);
    expect(result.calibration.won + result.calibration.lost + result.calibration.open).toBe(result.calibration.deals);
  });

  it('counts entries, loop-backs, open deals and days from an OpportunityHistory', () => {
    const sample = createSampleProcess(NOW);
    const read = readHistory(bytes('opportunity-history.csv'), { name: 'oh.csv' });
    if (!read.ok) throw new Error(read.message);
    const result = calibrate(sample, read.history);
    if (!result.ok) throw new Error(result.message);
    const c = result.calibration;
    expect({ deals: c.deals, won: c.won, lost: c.lost, open: c.open }).toEqual({ deals: 3, won: 1, lost: 1, open: 1 });
    const qualified = c.stages.find((s) => s.stageId === 'qualified')!;
    expect(qualified).toMatchObject({ entries: 4, loopBacks: 1, deals: 3, open: 0 });
    const discovery = c.stages.find((s) => s.stageId === 'discovery')!;
    expect(discovery).toMatchObject({ entries: 3, loopBacks: 1, open: 1, n: 2 });
    expect(discovery.medianDays).toBeCloseTo((18.77 + 19) / 2, 1);
    const qd = c.transitions.find((t) => t.from === 'qualified' && t.to === 'discovery')!;
    expect(qd).toMatchObject({ count: 3, n: 4, observed: 0.75, smallSample: true });
    const back = c.transitions.find((t) => t.from === 'discovery' && t.to === 'qualified');
    expect(back).toMatchObject({ count: 1, n: 2, observed: 0.5 });
    // Proposal → Closed Won directly is not in the sample: shown as observed, with no model figure.
    const skip = c.transitions.find((t) => t.from === 'proposal' && t.to === 'closed-won');
    expect(skip).toMatchObject({ current: null, count: 1 });
    expect(SMALL_SAMPLE).toBeGreaterThan(4);
  });

  it('refuses a history with stages the process does not have, and accepts a manual map', () => {
    const sample = createSampleProcess(NOW);
    const read = readHistory(bytes('hubspot-deal-stage-dates.csv'), { name: 'hs.csv' });
    if (!read.ok) throw new Error(read.message);
    const refused = calibrate(sample, read.history);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('"appointmentscheduled"');
    const mapped = calibrate(sample, read.history, { stageMap: { appointmentscheduled: 'lead', qualifiedtobuy: 'qualified', closedwon: 'closed-won', closedlost: 'closed-lost' } });
    expect(mapped.ok).toBe(true);
  });

  it('checks KPI targets against the observed conversion', () => {
    const sample = createSampleProcess(NOW);
    const simulated = simulateHistory(sample, { deals: 2000, seed: 3, start: Date.UTC(2026, 0, 1) });
    const result = calibrate(sample, simulated);
    if (!result.ok) throw new Error(result.message);
    const conversion = result.calibration.kpis.find((k) => k.kind === 'opportunity-conversion');
    expect(conversion?.observed).toBeCloseTo(result.calibration.won / (result.calibration.won + result.calibration.lost), 10);
    expect(conversion?.message).toMatch(/the history shows \d/);
  });

  it('applies all observed figures as one valid document, exits summing to 1', () => {
    const sample = deepFreeze(createSampleProcess(NOW));
    const read = readHistory(bytes('opportunity-field-history.csv'), { name: 'ofh.csv' });
    if (!read.ok) throw new Error(read.message);
    const result = calibrate(sample, read.history);
    if (!result.ok) throw new Error(result.message);
    const next = applyCalibration(sample, result.calibration);
    expect(ProcessSchema.safeParse(next).success).toBe(true);
    expect(validateProcess(next).filter((p) => p.code === 'probability-sum')).toEqual([]);
    const lead = result.calibration.transitions.filter((t) => t.from === 'lead');
    for (const t of lead) {
      const applied = next.transitions.find((x) => x.from === t.from && x.to === t.to)!;
      expect(applied.probability).toBeCloseTo(t.observed!, 3);
    }
  });

  it('applies one stage\'s exits only, leaving the others', () => {
    const sample: Process = createSampleProcess(NOW);
    const result = calibrate(sample, simulateHistory({ ...sample, transitions: sample.transitions.map((t) => t) }, { deals: 300, seed: 9, start: 0 }));
    if (!result.ok) throw new Error(result.message);
    const next = applyCalibration(sample, result.calibration, { transitionsFrom: ['lead'] });
    const changed = next.transitions.filter((t, i) => t !== sample.transitions[i]).map((t) => t.from);
    expect(new Set(changed)).toEqual(new Set(['lead']));
    expect(next.stages).toBe(sample.stages);
  });

  it('writes and reads back an OpportunityFieldHistory with Amount rows in between', () => {
    const sample = createSampleProcess(NOW);
    const simulated = simulateHistory(sample, { deals: 50, seed: 5, start: Date.UTC(2026, 0, 1) });
    const read = history(historyToFieldHistoryCsv(simulated));
    const withChanges = simulated.deals.filter((d) => d.entries.length > 1);
    expect(read.deals.map((d) => d.entries.map((e) => e.stage))).toEqual(withChanges.map((d) => d.entries.map((e) => e.stage)));
  });
});
