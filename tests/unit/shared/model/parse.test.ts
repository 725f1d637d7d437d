import { describe, it, expect } from 'vitest';
import { describeProblem, parseProcess } from '../../../../src/shared/model/problems';
import { migrateDocument } from '../../../../src/shared/model/migrate';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { DEFAULT_SCENARIO } from '../../../../src/shared/model/defaults';
import { deepFreeze } from '../../helpers/deepFreeze';
import { NOW } from '../../helpers/processes';

/** The sample as untyped JSON, ready to be broken. */
function sampleJson(): any {
  return JSON.parse(JSON.stringify(createSampleProcess(NOW)));
}

function messages(raw: unknown): string[] {
  const result = parseProcess(raw);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.problems.map(describeProblem);
}

describe('parseProcess', () => {
  it('rejects negative seconds at the field that has them', () => {
    const doc = sampleJson();
    doc.stages[3].fields[2].secondsToComplete = -5;
    expect(messages(doc)).toContain('stages[3].fields[2].secondsToComplete: must be ≥ 0');
  });

  it('rejects a probability above 1 at its transition', () => {
    const doc = sampleJson();
    doc.transitions[4].probability = 1.5;
    expect(messages(doc)).toContain('transitions[4].probability: must be ≤ 1');
  });

  it('rejects a fastest fill slower than the typical one', () => {
    const doc = sampleJson();
    doc.stages[0].fields[0].secondsMin = 999;
    expect(messages(doc)).toContain('stages[0].fields[0].secondsMin: must be ≤ the typical 20 s');
  });

  it('rejects an unknown stage kind and a malformed id', () => {
    const doc = sampleJson();
    doc.stages[1].kind = 'maybe';
    doc.stages[2].id = 'has spaces';
    const found = messages(doc);
    expect(found.some((message) => message.startsWith('stages[1].kind:'))).toBe(true);
    expect(found).toContain('stages[2].id: may only contain letters, digits, "_" and "-"');
  });

  it('rejects something that is not a process at all', () => {
    expect(messages('hello')[0]).toMatch(/^\(document\): /);
  });
});

describe('migrateDocument', () => {
  it('upgrades a version 1 document to the current version with the default scenario and no KPIs', () => {
    const { scenario: _scenario, kpis: _kpis, reviewEveryMonths: _cadence, ...rest } = sampleJson();
    const v1 = deepFreeze({ ...rest, schemaVersion: 1 });
    const result = parseProcess(v1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.process.schemaVersion).toBe(3);
    expect(result.process.reviewEveryMonths).toBe(12);
    expect(result.process.scenario).toEqual(DEFAULT_SCENARIO);
    expect(result.process.kpis).toEqual([]);
    expect(v1.schemaVersion).toBe(1);
  });

  it('upgrades a version 2 document by writing the default review cadence', () => {
    const { reviewEveryMonths: _cadence, ...rest } = sampleJson();
    const v2 = deepFreeze({ ...rest, schemaVersion: 2 });
    const result = parseProcess(v2);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.process.schemaVersion).toBe(3);
    expect(result.process.reviewEveryMonths).toBe(12);
    expect(result.process.stages[0]!.fields[0]!.reviewLog).toBeUndefined();
    expect(v2.schemaVersion).toBe(2);
  });

  it('keeps a version 2 document that already states a cadence', () => {
    const v2 = { ...sampleJson(), schemaVersion: 2, reviewEveryMonths: 6 };
    const result = parseProcess(v2);
    expect(result.ok && result.process.reviewEveryMonths).toBe(6);
  });

  it('returns a current document unchanged', () => {
    const doc = sampleJson();
    expect(migrateDocument(doc)).toBe(doc);
  });
});
