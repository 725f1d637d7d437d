import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process } from '../../../../src/shared/model/schema';
import { writeCsv } from '../../../../src/shared/io/csv';
import { registerCsv, REGISTER_COLUMNS } from '../../../../src/shared/io/registerCsv';
import { graphSvg } from '../../../../src/shared/io/graphSvg';
import { reportHtml } from '../../../../src/shared/io/reportHtml';
import { handoutHtml, helpTextCsv, HELP_TEXT_MAX } from '../../../../src/shared/io/handout';
import { changeListCsv, crmChanges } from '../../../../src/shared/io/changeList';
import { calibrate } from '../../../../src/shared/io/calibrate';
import { simulateHistory } from '../../../../src/shared/io/simulateHistory';

const NOW = '2026-11-27T09:00:00.000Z';

function rows(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
}

function renamed(process: Process, fieldId: string, patch: Record<string, unknown>): Process {
  return { ...process, stages: process.stages.map((s) => ({ ...s, fields: s.fields.map((f) => (f.id === fieldId ? { ...f, ...patch } : f)) })) };
}

describe('CSV writing', () => {
  it('writes a BOM, CRLF, quotes every cell and neutralises formulas', () => {
    const csv = writeCsv([['a', 'b'], ['=HYPERLINK("http://x")', '+1'], ['-2+3', '@SUM(A1)'], ['\tTab', 'plain, with comma']]);
    expect(csv.startsWith('\ufeff"a","b"\r\n')).toBe(true);
    const parsed = rows(csv);
    expect(parsed[1]).toEqual(["'=HYPERLINK(\"http://x\")", "'+1"]);
    expect(parsed[2]).toEqual(["'-2+3", "'@SUM(A1)"]);
    expect(parsed[3]).toEqual(["'\tTab", 'plain, with comma']);
  });

  it('puts every field of the sample in the register with its monthly cost', () => {
    const sample = createSampleProcess(NOW);
    const parsed = rows(registerCsv(sample));
    expect(parsed[0]).toEqual([...REGISTER_COLUMNS]);
    expect(parsed).toHaveLength(1 + sample.stages.reduce((n, s) => n + s.fields.length, 0));
    const cost = REGISTER_COLUMNS.indexOf('Cost per month');
    const hours = REGISTER_COLUMNS.indexOf('Hours per rep per month');
    const row = parsed[1]!;
    expect(Number(row[cost])).toBeCloseTo(Number(row[hours]) * sample.scenario.reps * sample.scenario.loadedHourlyCost, 0);
  });

  it('neutralises a label that starts with = in the register', () => {
    const sample = renamed(createSampleProcess(NOW), 'lead-company', { label: '=cmd|/C calc!A0' });
    expect(registerCsv(sample)).toContain(`"'=cmd|/C calc!A0"`);
  });
});

describe('graph SVG', () => {
  it('draws every stage and every transition label, escaping names', () => {
    const sample = createSampleProcess(NOW);
    const doc = { ...sample, stages: sample.stages.map((s, i) => (i === 0 ? { ...s, name: 'Lead <&> "new"' } : s)) };
    const svg = graphSvg(doc);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/class="stage"/g)).toHaveLength(doc.stages.length);
    expect(svg.match(/marker-end=/g)).toHaveLength(doc.transitions.length);
    expect(svg).toContain('Lead &lt;&amp;&gt; &quot;new&quot;');
    expect(svg).not.toContain('<&>');
  });

  it('shades stages only in the heat view', () => {
    const sample = createSampleProcess(NOW);
    expect(graphSvg(sample)).not.toMatch(/fill="rgb\((1\d\d|2[0-4]\d),/);
    expect(graphSvg(sample, { heat: true })).toMatch(/fill="rgb\((1\d\d|2[0-4]\d),/);
  });
});

describe('workshop report', () => {
  it('is one self-contained HTML file with the graph, headline, top fields, flagged fields and KPIs', () => {
    const sample = createSampleProcess(NOW);
    const html = reportHtml(sample, { now: NOW });
    expect(html).toContain('<svg');
    for (const heading of ['Headline figures', 'Top fields by burden', 'Unjustified or unread required fields', 'KPI findings']) expect(html).toContain(heading);
    expect(html).toContain('CSO Insights, Sales Performance Optimization survey, 2011');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('@media print');
  });

  it('adds calibration and review sections when given', () => {
    const sample = createSampleProcess(NOW);
    const result = calibrate(sample, simulateHistory(sample, { deals: 200, seed: 1, start: 0 }));
    if (!result.ok) throw new Error(result.message);
    const html = reportHtml(sample, {
      now: NOW,
      calibration: result.calibration,
      review: [{ kind: 'challenge', subject: 'Signed PO number', text: 'Why before commission?', author: 'Ana <Sales>', status: 'open' }],
      graphImage: 'data:image/png;base64,AAAA',
    });
    expect(html).toContain('Model against the CRM history');
    expect(html).toMatch(/Open challenges \(\d+\)/);
    expect(html).toContain('Why before commission?');
    expect(html).toContain('Ana &lt;Sales&gt;');
    expect(html).toContain('<img src="data:image/png;base64,AAAA"');
  });

  it('explains why there are no figures when the process has errors', () => {
    const sample = createSampleProcess(NOW);
    const broken = { ...sample, transitions: sample.transitions.filter((t) => t.from !== 'lead') };
    expect(reportHtml(broken, { now: NOW })).toContain('cannot be computed until the process has no errors');
  });
});

describe('rep handout and help text', () => {
  it('has a page per stage with fields, in plain words', () => {
    const sample = createSampleProcess(NOW);
    const html = handoutHtml(sample, { now: NOW });
    const withFields = sample.stages.filter((s) => s.fields.some((f) => f.status !== 'retired'));
    expect(html.match(/<section class="stage">/g)).toHaveLength(withFields.length);
    expect(html).toContain('break-after: page');
    expect(html).toContain('Why it exists');
  });

  it('exports help text per field, within the CRM limit', () => {
    const sample = renamed(createSampleProcess(NOW), 'lead-company', { apiName: 'Company__c', justification: 'x'.repeat(900) });
    const parsed = rows(helpTextCsv(sample));
    expect(parsed[0]).toEqual(['API name', 'Label', 'Stage', 'Help text']);
    const company = parsed.find((r) => r[0] === 'Company__c')!;
    expect(company[3]!.length).toBe(HELP_TEXT_MAX);
    expect(parsed.find((r) => r[1] === 'Budget Confirmed')?.[3]).toContain('Read by');
  });
});

describe('CRM change list', () => {
  it('lists fields to add, remove, make optional and make required, per stage', () => {
    const baseline = createSampleProcess(NOW);
    let target = renamed(baseline, 'lead-company', { requirement: 'optional' });
    const leadSecond = baseline.stages[0]!.fields[1]!;
    target = renamed(target, leadSecond.id, { status: 'retired' });
    target = { ...target, stages: target.stages.map((s) => (s.id === 'qualified' ? { ...s, fields: [...s.fields, { ...leadSecond, id: 'new-one', label: 'Brand new', apiName: 'Brand_New__c', status: 'proposed', requirement: 'required' }] } : s)) };
    const changes = crmChanges(baseline, target);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'make optional', apiName: 'lead-company', stage: 'Lead' }),
        expect.objectContaining({ action: 'add', apiName: 'Brand_New__c', stage: 'Qualified' }),
        expect.objectContaining({ action: 'remove', apiName: leadSecond.id, note: 'retired in review' }),
      ]),
    );
    expect(changes).toHaveLength(3);
    expect(rows(changeListCsv(baseline, target))[0]).toEqual(['Stage', 'Action', 'API name', 'Label', 'Requirement', 'Note']);
  });

  it('is empty between a process and itself', () => {
    const sample = createSampleProcess(NOW);
    expect(crmChanges(sample, sample)).toEqual([]);
  });
});

describe('workshop report: review data in the document', () => {
  it('lists open challenges and decisions from the fields\u2019 review logs', () => {
    const sample = createSampleProcess(NOW);
    const by = { name: 'Ana', departmentId: 'sales' };
    const doc = renamed(renamed(sample, 'lead-company', {
      status: 'challenged',
      reviewLog: [{ id: 'e1', from: 'proposed', to: 'challenged', by, at: NOW, reason: 'Who reads this before the quote?', addressedTo: 'finance' }],
    }), sample.stages[1]!.fields[0]!.id, {
      status: 'justified',
      reviewLog: [{ id: 'e2', from: 'proposed', to: 'justified', by, at: NOW, reason: 'Finance forecast' }],
    });
    const before = reportHtml(sample, { now: NOW });
    const html = reportHtml(doc, { now: NOW });
    const count = (text: string, kind: string): number => Number(new RegExp(`${kind} \\((\\d+)\\)`).exec(text)?.[1] ?? 0);
    expect(count(html, 'Open challenges')).toBe(count(before, 'Open challenges') + 1);
    expect(count(html, 'Decisions')).toBe(count(before, 'Decisions') + 1);
    expect(html).toContain('Who reads this before the quote? — to Finance');
  });
});
