import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicJsonAdapter, JsonParseError } from '../../../src/main/services/atomicAdapter';
import { tempDir } from './helpers';

describe('AtomicJsonAdapter', () => {
  it('round-trips a document', async () => {
    const file = join(await tempDir(), 'doc.json');
    const adapter = new AtomicJsonAdapter<{ a: number }>(file);

    await adapter.write({ a: 1 });

    expect(await adapter.read()).toEqual({ a: 1 });
  });

  it('reads a missing file as null and a non-JSON file as JsonParseError', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.json'), '{ nope');

    expect(await new AtomicJsonAdapter(join(dir, 'missing.json')).read()).toBeNull();
    await expect(new AtomicJsonAdapter(join(dir, 'bad.json')).read()).rejects.toBeInstanceOf(JsonParseError);
  });

  it('keeps the previous document as .bak on each write', async () => {
    const file = join(await tempDir(), 'doc.json');
    const adapter = new AtomicJsonAdapter<{ v: number }>(file);

    await adapter.write({ v: 1 });
    await adapter.write({ v: 2 });

    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8'))).toEqual({ v: 1 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ v: 2 });
  });

  it('reads a document saved with a UTF-8 byte-order mark, and names line and column of a syntax error', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"v":1}')]));
    await writeFile(join(dir, 'bad.json'), '{\n  "v":\u00a01\n}');

    expect(await new AtomicJsonAdapter(join(dir, 'bom.json')).read()).toEqual({ v: 1 });
    await expect(new AtomicJsonAdapter(join(dir, 'bad.json')).read()).rejects.toThrow(
      /line 2, column 7: unexpected "\\u00A0"/,
    );
  });

  it('a crash after the temp file is written leaves the old document and a complete temp file for recovery', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doc.json');
    await new AtomicJsonAdapter<{ v: number }>(file).write({ v: 1 });
    const before = await readFile(file, 'utf8');
    // The real write-file-atomic runs (temp write + fsync); its rename never completes, as when
    // the process is killed right there. write-file-atomic looks fs.rename up at call time.
    const fs = createRequire(import.meta.url)('fs') as typeof import('fs');
    const realRename = fs.rename;
    let reachedRename!: () => void;
    const renameReached = new Promise<void>((r) => (reachedRename = r));
    fs.rename = ((from: string, to: string, cb: (e: Error | null) => void) => {
      if (String(to) === file) reachedRename();
      else realRename(from, to, cb);
    }) as typeof fs.rename;
    try {
      void new AtomicJsonAdapter<{ v: number }>(file).write({ v: 2 });
      await renameReached;
    } finally {
      fs.rename = realRename;
    }

    expect(await readFile(file, 'utf8')).toBe(before);
    const temps = (await readdir(dir)).filter((name) => /^doc\.json\.\d+$/.test(name));
    expect(temps).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, temps[0]!), 'utf8'))).toEqual({ v: 2 });
  });

  it('write-file-atomic itself leaves the old document and no temp file when the rename fails', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doc.json');
    await new AtomicJsonAdapter<{ v: number }>(file).write({ v: 1 });
    const before = await readFile(file, 'utf8');
    // write-file-atomic looks fs.rename up on the CommonJS fs module at call time.
    const fs = createRequire(import.meta.url)('fs') as typeof import('fs');
    const realRename = fs.rename;
    fs.rename = ((from: string, to: string, cb: (e: Error | null) => void) => {
      if (String(to) === file) cb(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }));
      else realRename(from, to, cb);
    }) as typeof fs.rename;
    try {
      await expect(new AtomicJsonAdapter<{ v: number }>(file).write({ v: 2 })).rejects.toThrow('simulated');
    } finally {
      fs.rename = realRename;
    }

    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['doc.json', 'doc.json.bak']);
  });
});
