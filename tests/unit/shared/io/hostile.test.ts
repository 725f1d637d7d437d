import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { ProcessSchema } from '../../../../src/shared/model/schema';
import { MAX_IMPORT_BYTES } from '../../../../src/shared/io/decode';
import { planFieldImport } from '../../../../src/shared/io/fieldImport';
import { applyImport } from '../../../../src/shared/io/importPlan';
import { readHistory, readHistoryText } from '../../../../src/shared/io/history';
import { applyCalibration, calibrate } from '../../../../src/shared/io/calibrate';

const NOW = '2026-11-27T09:00:00.000Z';
const sample = createSampleProcess(NOW);
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

function importText(text: string) {
  return planFieldImport(sample, [{ name: 'in.csv', bytes: enc(text) }]);
}

describe('field import refuses bad input with a located message and no change', () => {
  it.each([
    ['an empty file', '', 'in.csv: the file is empty'],
    ['whitespace only', ' \r\n \n', 'only whitespace'],
    ['mismatched quotes', 'Label,Type\n"Budget,checkbox\n', 'line 2'],
    ['duplicate headers', 'Label,Type,label\nA,text,B\n', 'line 1: the header "label" appears twice (columns 1 and 3)'],
    ['a fill rate above 1', 'Label,Fill rate\nA,1.4\n', 'in.csv line 2, column "Fill rate": fill rate 1.4 is outside 0..1'],
    ['a negative fill rate', 'Label,Fill rate\nA,-0.2\n', 'outside 0..1'],
    ['a usage percentage above 100', 'field_api_name,field_label,field_type,records_total,records_populated,fill_rate_pct,layout_behavior\nA__c,A,string,10,11,110,Edit\n', 'fill rate 110 is outside 0..100 %'],
    ['an unknown requirement', 'Label,Required\nA,sometimes\n', '"sometimes" is not a requirement'],
    ['too many values in a row', 'Label,Type\nA,text,extra\n', 'line 2: 3 values but the header has 2 columns'],
    ['JSON of an unknown shape', '{"hello": [1, 2]}', 'JSON not recognised'],
    ['broken JSON', '{"fields": [', 'not valid JSON'],
  ])('%s', (_what, text, message) => {
    const result = importText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('refuses binary data (a zip or an .xlsx chosen by mistake)', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0, 1, 2, 3, 4]);
    const result = planFieldImport(sample, [{ name: 'fields.xlsx', bytes }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^fields\.xlsx: the file looks binary, not text \(byte 5 /);
  });

  it('refuses a 50 MB file above the documented limit without parsing it', () => {
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const started = performance.now();
    const result = planFieldImport(sample, [{ name: 'huge.csv', bytes }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`imports are limited to ${MAX_IMPORT_BYTES / 1048576}.0 MiB`);
    // Refused on size alone: far from the time a parse of 50 MB would take.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a 50 MB history the same way', () => {
    const read = readHistory(new Uint8Array(50 * 1024 * 1024), { name: 'history.csv' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain('history.csv: the file is 50.0 MiB');
  });
});

// Pieces hostile CSV is made of: delimiters, quotes, line breaks, BOMs, formulas, odd numbers.
const csvToken = fc.oneof(
  fc.constantFrom(',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', '\ufeff', '=cmd', '-1', '1e999', 'NaN', '%', '0,5', 'required', 'yes', 'Lead', 'Closed Won', 'textarea', 'picklist', ''),
  fc.string({ maxLength: 8 }),
);
const header = fc.constantFrom('Label', 'API name', 'Type', 'Required', 'Description', 'Stage', 'Fill rate', 'field_api_name', 'field_label', 'fill_rate_pct', 'Field id', 'Stage id', 'Seconds to complete', 'Status', 'Consumer ids', 'x');
const hostileCsv = fc
  .tuple(fc.array(header, { minLength: 1, maxLength: 6 }), fc.array(fc.array(csvToken, { maxLength: 12 }), { maxLength: 12 }), fc.constantFrom(',', ';', '\t'))
  .map(([headers, rows, delimiter]) => [headers.join(delimiter), ...rows.map((row) => row.join(''))].join('\n'));

const hostileJson = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.array(fc.dictionary(fc.constantFrom('name', 'label', 'type', 'nillable', 'createable', 'inlineHelpText', 'fieldType', 'key', 'field_type', 'mandatory_flag', 'picklistValueName', 'fieldNames', 'info'), fc.jsonValue()), { maxLength: 6 }).chain((items) =>
    fc.constantFrom(JSON.stringify({ fields: items }), JSON.stringify({ results: items }), JSON.stringify({ data: items }), JSON.stringify({ pathAssistantSteps: items }), JSON.stringify(items)),
  ),
);

describe('hostile input never crashes an importer (fast-check)', () => {
  it('field import: any CSV either refuses with a message or yields a valid document', () => {
    fc.assert(
      fc.property(hostileCsv, (text) => {
        const result = importText(text);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
        else expect(ProcessSchema.safeParse(applyImport(sample, result.plan)).success).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('field import: any JSON either refuses with a message or yields a valid document', () => {
    fc.assert(
      fc.property(hostileJson, (text) => {
        const result = planFieldImport(sample, [{ name: 'in.json', bytes: enc(text) }], { defaultStageId: 'lead' });
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
        else expect(ProcessSchema.safeParse(applyImport(sample, result.plan)).success).toBe(true);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('any bytes: decoding and reading never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const fields = planFieldImport(sample, [{ name: 'x', bytes }]);
        const history = readHistory(bytes, { name: 'x' });
        expect(typeof fields.ok).toBe('boolean');
        expect(typeof history.ok).toBe('boolean');
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('history: any rows either refuse or calibrate to a document that still validates', () => {
    const stage = fc.constantFrom('Lead', 'Qualified', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost', 'lead', ' closed-won ');
    const time = fc.oneof(fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()), fc.constantFrom('2026-02-30', 'soon', '', '2026-01-01 25:00'));
    const rows = fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', ''), stage, time), { maxLength: 30 });
    fc.assert(
      fc.property(rows, (list) => {
        const text = ['case id,stage,timestamp', ...list.map(([c, s, t]) => `${c},${s},${t}`)].join('\n');
        const read = readHistoryText(text, 'h.csv');
        if (!read.ok) {
          expect(read.message).toMatch(/^h\.csv: /);
          return;
        }
        const result = calibrate(sample, read.history);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
        else expect(ProcessSchema.safeParse(applyCalibration(sample, result.calibration)).success).toBe(true);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
