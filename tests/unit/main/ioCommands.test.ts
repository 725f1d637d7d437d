import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { emptyProcess } from '../../../src/shared/model/commands';
import { parseProcess } from '../../../src/shared/model/problems';
import { captureIo, tempDir } from './helpers';

const FIXTURES = join(__dirname, '../../fixtures');
const NOW = '2026-11-27T10:15:00.000Z';

async function workspace(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'sample.json'), JSON.stringify(createSampleProcess(NOW), null, 2));
  const fresh = emptyProcess({ id: 'crm', name: 'From the CRM', now: NOW });
  await writeFile(join(dir, 'new.json'), JSON.stringify(fresh, null, 2));
  for (const name of ['salesforce-opportunity-describe.json', 'salesforce-opportunity-path.json', 'salesforce-field-usage.csv']) {
    await copyFile(join(FIXTURES, 'import', name), join(dir, name));
  }
  await copyFile(join(FIXTURES, 'history', 'opportunity-field-history.csv'), join(dir, 'history.csv'));
  return dir;
}

async function readDoc(path: string) {
  const parsed = parseProcess(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.ok) throw new Error('invalid document written');
  return parsed.process;
}

describe('stagecraft import-fields', () => {
  it('imports describe + Path in place, keeps a backup and prints added and unassigned', async () => {
    const dir = await workspace();
    const io = captureIo(dir);
    const before = await readFile(join(dir, 'new.json'), 'utf8');

    const code = await main(['import-fields', 'salesforce-opportunity-describe.json', 'salesforce-opportunity-path.json', '--into', 'new.json', '--map', 'Closed Won=won', '--map', 'Closed Lost=lost'], io);

    expect(code).toBe(0);
    expect(io.out()).toMatch(/^added {5}Signed Contract Date \(Signed_Contract_Date__c\) → Won$/m);
    expect(io.out()).toMatch(/^unassigned Amount \(Amount\): no stage matches "Proposal\/Price Quote"$/m);
    expect(io.out()).toMatch(/2 added, 0 updated, 0 unchanged, \d+ unassigned/);
    expect(await readFile(join(dir, 'new.json.bak'), 'utf8')).toBe(before);
    const doc = await readDoc(join(dir, 'new.json'));
    expect(doc.stages.find((s) => s.id === 'lost')?.fields.map((f) => f.apiName)).toEqual(['Loss_Reason__c']);
  });

  it('changes nothing and exits 1 on a bad source, naming the line', async () => {
    const dir = await workspace();
    await writeFile(join(dir, 'bad.csv'), 'field_api_name,field_label,field_type,records_total,records_populated,fill_rate_pct,layout_behavior\nX__c,X,string,10,5,150,Edit\n');
    const before = await readFile(join(dir, 'sample.json'), 'utf8');
    const io = captureIo(dir);

    const code = await main(['import-fields', 'bad.csv', '--into', 'sample.json'], io);

    expect(code).toBe(1);
    expect(io.err()).toContain('bad.csv line 2, column "fill_rate_pct": fill rate 150 is outside 0..100 %');
    expect(await readFile(join(dir, 'sample.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'sample.json.bak'))).toBe(false);
  });

  it('refuses an unknown preset and a missing --into with exit 2', async () => {
    const dir = await workspace();
    const io = captureIo(dir);
    expect(await main(['import-fields', 'x.csv'], io)).toBe(2);
    expect(await main(['import-fields', 'x.csv', '--into', 'sample.json', '--preset', 'zoho'], io)).toBe(2);
    expect(io.err()).toContain('unknown preset "zoho"');
  });
});

describe('stagecraft calibrate', () => {
  it('prints JSON with from, to, current, observed and n per transition and observed days per stage', async () => {
    const dir = await workspace();
    const io = captureIo(dir);

    const code = await main(['calibrate', 'sample.json', 'history.csv', '--json'], io);

    expect(code).toBe(0);
    const json = JSON.parse(io.out()) as { transitions: { from: string; to: string; current: number | null; observed: number | null; n: number }[]; stages: { id: string; observedDays: { mean: number | null } }[] };
    const lq = json.transitions.find((t) => t.from === 'lead' && t.to === 'qualified')!;
    expect(lq.current).toBe(0.4);
    expect(lq.n).toBeGreaterThan(100);
    expect(lq.observed).toBeGreaterThan(0.2);
    expect(json.stages.find((s) => s.id === 'qualified')?.observedDays.mean).toBeGreaterThan(0);
  });

  it('--apply writes the observed probabilities with a backup', async () => {
    const dir = await workspace();
    const io = captureIo(dir);

    const code = await main(['calibrate', 'sample.json', 'history.csv', '--apply'], io);

    expect(code).toBe(0);
    expect(io.out()).toContain('applied to sample.json');
    expect(existsSync(join(dir, 'sample.json.bak'))).toBe(true);
    const doc = await readDoc(join(dir, 'sample.json'));
    expect(doc.transitions.find((t) => t.id === 'lead-qualified')?.probability).not.toBe(0.4);
  });

  it('refuses a history with unknown stages, listing them, and writes nothing', async () => {
    const dir = await workspace();
    await copyFile(join(FIXTURES, 'history', 'hubspot-deal-stage-dates.csv'), join(dir, 'hs.csv'));
    const io = captureIo(dir);

    const code = await main(['calibrate', 'sample.json', 'hs.csv', '--apply'], io);

    expect(code).toBe(1);
    expect(io.err()).toContain('"appointmentscheduled"');
    expect(existsSync(join(dir, 'sample.json.bak'))).toBe(false);
  });
});

describe('stagecraft export and report', () => {
  it.each([
    ['csv', 'sample.register.csv', '\ufeff"Field id"'],
    ['svg', 'sample.graph.svg', '<svg xmlns'],
    ['html', 'sample.report.html', '<!doctype html>'],
    ['handout', 'sample.handout.html', 'What we ask you to fill in'],
    ['helptext', 'sample.help-text.csv', '"API name"'],
  ])('--format %s writes %s', async (format, file, start) => {
    const dir = await workspace();
    const io = captureIo(dir);
    expect(await main(['export', 'sample.json', '--format', format], io)).toBe(0);
    expect(await readFile(join(dir, file), 'utf8')).toContain(start);
  });

  it('writes the change list against a baseline', async () => {
    const dir = await workspace();
    const doc = createSampleProcess(NOW);
    doc.stages[0]!.fields[0]!.requirement = 'optional';
    await writeFile(join(dir, 'agreed.json'), JSON.stringify(doc));
    const io = captureIo(dir);
    expect(await main(['export', 'agreed.json', '--format', 'changes', '--baseline', 'sample.json', '--out', '-'], io)).toBe(0);
    expect(io.out()).toContain('"Lead","make optional","lead-company"');
  });

  it('writes HTML with a one-line message when no Chromium is installed', async () => {
    const dir = await workspace();
    const io = captureIo(dir);
    io.env = { STAGECRAFT_CHROMIUM: 'none' };
    expect(await main(['report', 'sample.json', '--pdf'], io)).toBe(0);
    expect(io.err()).toContain('no Chromium found');
    expect(existsSync(join(dir, 'sample.report.html'))).toBe(true);
  });

  it('refuses an unknown format with exit 2', async () => {
    const dir = await workspace();
    const io = captureIo(dir);
    expect(await main(['export', 'sample.json', '--format', 'docx'], io)).toBe(2);
    expect(io.err()).toContain('unknown format "docx"');
  });
});
