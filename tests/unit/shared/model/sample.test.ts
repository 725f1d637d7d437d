import { describe, it, expect } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { parseProcess } from '../../../../src/shared/model/problems';
import { validateProcess } from '../../../../src/shared/model/validate';
import { isMandatory, summarize } from '../../../../src/shared/model/schema';
import { NOW } from '../../helpers/processes';

const TODAY = '2026-11-27';

function sampleProblems() {
  return validateProcess(createSampleProcess(NOW), { today: TODAY });
}

function labelsWith(code: string): string[] {
  const sample = createSampleProcess(NOW);
  const labels = new Map(sample.stages.flatMap((stage) => stage.fields.map((field) => [field.id, field.label] as const)));
  return sampleProblems()
    .filter((problem) => problem.code === code)
    .map((problem) => labels.get(problem.fieldId ?? '') ?? '?');
}

describe('the built-in sample', () => {
  it('passes the schema', () => {
    expect(parseProcess(JSON.parse(JSON.stringify(createSampleProcess(NOW))))).toMatchObject({ ok: true });
  });

  it('has no semantic errors', () => {
    const problems = sampleProblems();
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('flows from Lead to Closed Won / Closed Lost with re-quote and re-qualify loops', () => {
    const sample = createSampleProcess(NOW);
    expect(sample.stages.map((stage) => stage.id)).toEqual(['lead', 'qualified', 'discovery', 'proposal', 'negotiation', 'closed-won', 'closed-lost']);
    expect(sample.transitions).toContainEqual(
      expect.objectContaining({ from: 'negotiation', to: 'proposal', label: 'back to re-quote' }),
    );
    expect(sample.transitions).toContainEqual(expect.objectContaining({ from: 'discovery', to: 'qualified' }));
  });

  it('has 30 to 38 fields with realistic timings', () => {
    const fields = createSampleProcess(NOW).stages.flatMap((stage) => stage.fields);
    expect(fields.length).toBeGreaterThanOrEqual(30);
    expect(fields.length).toBeLessThanOrEqual(38);
    for (const field of fields) {
      expect(field.secondsToComplete).toBeGreaterThanOrEqual(15);
      expect(field.secondsToComplete).toBeLessThanOrEqual(240);
    }
  });

  it('asks every department for something, and withholds commission for finance paperwork', () => {
    const fields = createSampleProcess(NOW).stages.flatMap((stage) => stage.fields);
    const requesters = new Set(fields.map((field) => field.requestedBy));
    expect([...requesters].sort()).toEqual(['finance', 'marketing', 'operations', 'sales', 'sales-management']);
    const blocking = fields.filter((field) => field.requirement === 'blocks-commission').map((field) => field.label);
    expect(blocking).toEqual(expect.arrayContaining(['PO number', 'Signed order form uploaded', 'Revenue recognition schedule']));
    expect(fields.filter((field) => field.entries === 'weekly-while-in-stage').map((field) => field.label)).toEqual(
      expect.arrayContaining(['Forecast category', 'Next step & date', 'Close date (updated)']),
    );
    expect(new Set(fields.map((field) => field.status))).toEqual(new Set(['proposed', 'justified', 'challenged', 'retired']));
  });

  it('flags mandatory fields nobody has justified', () => {
    expect(labelsWith('unjustified-field')).toEqual(expect.arrayContaining(['BANT score (1–10)', 'Pricing rationale']));
  });

  it('flags mandatory fields nobody is recorded as using', () => {
    expect(labelsWith('unconsumed-field')).toEqual(expect.arrayContaining(['Industry', 'BANT score (1–10)']));
  });

  it('flags the near-duplicate budget and lead-source fields', () => {
    // One finding per pair, on the later field.
    expect(labelsWith('near-duplicate')).toHaveLength(2);
    expect(labelsWith('near-duplicate').join(' ')).toMatch(/Budget/);
    expect(labelsWith('near-duplicate').join(' ')).toMatch(/lead source/i);
  });

  it('flags reviews that were due before 27 November 2026', () => {
    expect(labelsWith('review-overdue')).toContain('Revenue recognition schedule');
  });

  it('has exits summing to 1 at every working stage', () => {
    const sample = createSampleProcess(NOW);
    for (const stage of sample.stages.filter((s) => s.kind === 'start' || s.kind === 'stage')) {
      const sum = sample.transitions.filter((t) => t.from === stage.id).reduce((total, t) => total + t.probability, 0);
      expect(sum).toBeCloseTo(1, 9);
    }
  });

  it('carries the KPIs finance and sales management set', () => {
    const kpis = createSampleProcess(NOW).kpis;
    expect(kpis).toContainEqual(expect.objectContaining({ kind: 'pipeline-coverage', target: 3, setBy: 'finance' }));
    expect(kpis).toContainEqual(expect.objectContaining({ kind: 'opportunity-conversion', target: 0.6, setBy: 'finance' }));
    expect(kpis).toContainEqual(expect.objectContaining({ kind: 'win-rate', target: 0.3, setBy: 'sales-management' }));
  });

  it('is the same for the same time, and shares nothing between calls', () => {
    const a = createSampleProcess(NOW);
    const b = createSampleProcess(NOW);
    expect(a).toEqual(b);
    expect(a.stages[0]!.fields[0]).not.toBe(b.stages[0]!.fields[0]);
    expect(a.createdAt).toBe(NOW);
    expect(summarize(a).requiredFieldCount).toBe(
      a.stages.flatMap((stage) => stage.fields).filter((field) => isMandatory(field.requirement)).length,
    );
  });
});
