import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicJsonAdapter, JsonParseError, nodeAtomicIo, type AtomicIo } from '../../../src/main/services/atomicAdapter';
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

  it('runs concurrent writes in call order without merging them', async () => {
    const file = join(await tempDir(), 'doc.json');
    const order: number[] = [];
    const io: AtomicIo = {
      ...nodeAtomicIo,
      writeAtomic: async (f, data) => {
        const v = (JSON.parse(data) as { v: number }).v;
        // The first write is the slowest; a queue still finishes it first.
        await new Promise((r) => setTimeout(r, v === 1 ? 30 : 1));
        order.push(v);
        await nodeAtomicIo.writeAtomic(f, data);
      },
    };
    const adapter = new AtomicJsonAdapter<{ v: number }>(file, { io });

    await Promise.all([adapter.write({ v: 1 }), adapter.write({ v: 2 }), adapter.write({ v: 3 })]);

    expect(order).toEqual([1, 2, 3]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ v: 3 });
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8'))).toEqual({ v: 2 });
  });

  it('leaves the old document intact when the process dies between temp write and rename', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doc.json');
    await new AtomicJsonAdapter<{ v: number }>(file).write({ v: 1 });
    const before = await readFile(file, 'utf8');
    // A crash after the temp file is written and fsync'd but before the rename: the temp file
    // stays behind (nobody cleans up a dead process) and the rename never happens.
    const crashing: AtomicIo = {
      ...nodeAtomicIo,
      writeAtomic: async (f, data) => {
        await writeFile(`${f}.tmp-crash`, data.slice(0, Math.floor(data.length / 2)));
        throw new Error('simulated crash before rename');
      },
    };

    await expect(new AtomicJsonAdapter<{ v: number }>(file, { io: crashing }).write({ v: 2 })).rejects.toThrow(
      'simulated crash',
    );

    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await new AtomicJsonAdapter(file).read()).toEqual({ v: 1 });
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
