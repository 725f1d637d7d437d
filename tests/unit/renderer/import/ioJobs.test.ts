import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, expect } from 'vitest';
import { emptyProcess } from '../../../../src/shared/model/commands';
import { validateProcess } from '../../../../src/shared/model/validate';
import { runIoJob } from '../../../../src/renderer/src/features/import/ioJobs';
import { addImportedStages } from '../../../../src/renderer/src/features/import/createStages';

const FIXTURES = resolve(__dirname, '../../../fixtures/import');
const NOW = '2026-11-27T10:00:00.000Z';
const file = (name: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });

describe('import worker jobs', () => {
  it('plans describe + Path together, with the Path stages left for the user to place', () => {
    const process = emptyProcess({ id: 'p', name: 'New', now: NOW });
    const result = runIoJob({
      kind: 'plan-fields',
      process,
      files: [file('salesforce-opportunity-describe.json'), file('salesforce-opportunity-path.json')],
      encoding: 'auto',
      options: {},
    });
    expect(result.message).toBeNull();
    expect(result.files.map((facts) => facts.source?.preset)).toEqual(['salesforce-describe', 'salesforce-path']);
    expect(result.plan?.unmatchedStages).toContain('Needs Analysis');
    expect(result.plan?.added).toEqual([]);
  });

  it('returns a CSV preview even when its columns are not mapped yet', () => {
    const process = emptyProcess({ id: 'p', name: 'New', now: NOW });
    const result = runIoJob({ kind: 'plan-fields', process, files: [file('generic-fields-semicolon-cp1252.csv')], encoding: 'auto', options: {} });
    const [facts] = result.files;
    expect(facts?.encoding).toBe('windows-1252');
    expect(facts?.preview?.delimiter).toBe(';');
    expect(facts?.preview?.headers[1]).toBe('Bezeichnung');
    expect(facts?.preview?.rows[1]?.[1]).toBe('Entscheidungsträger');
    expect(result.plan === null || result.plan.added.length === 0).toBe(true);
  });

  it('refuses an empty file with its name and plans nothing', () => {
    const process = emptyProcess({ id: 'p', name: 'New', now: NOW });
    const result = runIoJob({ kind: 'plan-fields', process, files: [{ name: 'empty.csv', bytes: new Uint8Array() }], encoding: 'auto', options: {} });
    expect(result.plan).toBeNull();
    expect(result.message).toMatch(/^empty\.csv: /);
  });
});

describe('stages an import creates', () => {
  it('become the spine of a new process, which still validates without errors', () => {
    const process = emptyProcess({ id: 'p', name: 'New', now: NOW });
    const doc = addImportedStages(
      process,
      [
        { id: 'qualify', name: 'Qualification' },
        { id: 'needs', name: 'Needs Analysis' },
      ],
      { won: 'Closed Won' },
    );
    expect(doc.stages.map((stage) => stage.name)).toEqual(['New lead', 'Closed Won', 'Lost', 'Qualification', 'Needs Analysis']);
    const exits = (from: string): Array<[string, number]> => doc.transitions.filter((t) => t.from === from).map((t) => [t.to, t.probability]);
    expect(exits('new-lead')).toEqual([['qualify', 1]]);
    expect(exits('qualify')).toEqual([['needs', 1]]);
    // The last new stage splits between the outcomes as the new process's start did.
    expect(exits('needs')).toEqual([
      ['won', 0.25],
      ['lost', 0.75],
    ]);
    expect(validateProcess(doc, { today: '2026-11-27' }).filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('are added unconnected to a process that already has working stages', () => {
    const base = addImportedStages(emptyProcess({ id: 'p', name: 'New', now: NOW }), [{ id: 'a', name: 'A' }]);
    const doc = addImportedStages(base, [{ id: 'b', name: 'B' }]);
    expect(doc.transitions.filter((t) => t.from === 'b' || t.to === 'b')).toEqual([]);
    expect(doc.transitions).toEqual(base.transitions);
  });
});
