import { describe, expect, it } from 'vitest';
import { readProcessFile } from '../../../src/renderer/src/features/library/processFiles';
import { createSampleProcess } from '../../../src/shared/model/sample';

const sample = () => createSampleProcess('2026-11-27T10:15:00.000Z');
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

describe('library import of a process file', () => {
  it('imports a valid document saved with a UTF-8 byte-order mark', async () => {
    const doc = sample();
    const file = new File([BOM, JSON.stringify(doc)], 'bom.stagecraft.json', { type: 'application/json' });

    const imported = await readProcessFile(file);

    expect(imported.id).toBe(doc.id);
    expect(imported.stages).toHaveLength(doc.stages.length);
  });

  it('refuses a broken document naming the line and column, invisible characters escaped', async () => {
    const file = new File(['{\n  "a": 1,\n  "name": \u200B"x"\n}\n'], 'broken.json');

    await expect(readProcessFile(file)).rejects.toThrow(/^broken\.json is not valid JSON \(line 3, column 11: .*\\u200B/);
  });

  it('still refuses a document whose ids collide, with their location', async () => {
    const doc = sample();
    const twin = { ...doc, stages: [...doc.stages, { ...doc.stages[0]! }] };
    const file = new File([BOM, JSON.stringify(twin)], 'twin.json');

    await expect(readProcessFile(file)).rejects.toThrow(/twin\.json is not a valid Stagecraft process: .*stages\[\d+\]/);
  });
});
