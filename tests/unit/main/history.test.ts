import { spawn } from 'node:child_process';
import { copyFile, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeAtomicIo, type AtomicIo } from '../../../src/main/services/atomicAdapter';
import { createHistoryStore, revisionFileName } from '../../../src/main/services/history';
import { createWorkspace } from '../../../src/main/services/workspace';
import { createReviewService } from '../../../src/main/services/review';
import { createSampleProcess } from '../../../src/shared/model/sample';
import type { Process } from '../../../src/shared/model/schema';
import { sequentialIds, tempDir, tickingClock } from './helpers';

/** Real files, no fsync (a thousand saves stay quick), and a count of bytes per written file. */
function countingIo(): { io: AtomicIo; written: Array<{ file: string; bytes: number }> } {
  const written: Array<{ file: string; bytes: number }> = [];
  const io: AtomicIo = {
    readFile: nodeAtomicIo.readFile,
    async copyDurable(from, to) {
      await copyFile(from, `${to}.tmp`);
      await rename(`${to}.tmp`, to);
      written.push({ file: to, bytes: (await stat(to)).size });
    },
    async writeAtomic(file, data) {
      await writeFile(`${file}.tmp`, data);
      await rename(`${file}.tmp`, file);
      written.push({ file, bytes: Buffer.byteLength(data) });
    },
  };
  return { io, written };
}

async function workspaceWith(io?: AtomicIo) {
  const dir = await tempDir();
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: 'Ada', departmentId: 'finance' } }));
  const ws = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds(), ...(io ? { io } : {}) });
  return { dir, ws };
}

describe('revision history storage', () => {
  it('writes about as many bytes to save revision 1,000 as revision 2, and never rewrites older revisions', async () => {
    const { io, written } = countingIo();
    const { dir, ws } = await workspaceWith(io);
    let doc = await ws.create({ name: 'P', template: 'sample' });
    const bytesOfSave: number[] = [];
    let firstFiles: Map<string, number> | undefined;
    for (let n = 1; n <= 1000; n++) {
      const mark = written.length;
      doc = await ws.save({ process: { ...doc, description: `edit ${n}` }, baseRevision: doc.revision, kind: 'autosave' });
      bytesOfSave[n] = written.slice(mark).reduce((sum, w) => sum + w.bytes, 0);
      if (n === 3) {
        const historyDir = join(dir, 'history', doc.id);
        firstFiles = new Map();
        for (const name of await readdir(historyDir)) firstFiles.set(name, (await stat(join(historyDir, name))).mtimeMs);
      }
      if (n === 1000) {
        // Only revision 1,000's own history file (and the document and its backup) were written.
        expect(written.slice(mark).map((w) => w.file.replace(dir, ''))).toEqual([
          `/history/${doc.id}/${revisionFileName(1000)}`,
          `/${doc.id}.json.bak`,
          `/${doc.id}.json`,
        ]);
      }
    }
    expect(bytesOfSave[1000]! / bytesOfSave[2]!).toBeLessThan(2);
    expect(bytesOfSave[1000]! / bytesOfSave[2]!).toBeGreaterThan(0.5);
    for (const [name, mtime] of firstFiles!) expect((await stat(join(dir, 'history', doc.id, name))).mtimeMs).toBe(mtime);
    const { entries } = await ws.history.list(doc.id);
    expect(entries).toHaveLength(1001);
  }, 120_000);

  it('sets a damaged entry aside with its reason and still lists and opens the rest', async () => {
    const { dir, ws } = await workspaceWith();
    let doc = await ws.create({ name: 'P', template: 'sample' });
    for (let n = 1; n <= 4; n++) doc = await ws.save({ process: { ...doc, description: `v${n}` }, baseRevision: doc.revision });
    const historyDir = join(dir, 'history', doc.id);
    await writeFile(join(historyDir, revisionFileName(2)), '{"v":1,"ent');
    const r3 = join(historyDir, revisionFileName(3));
    const text = await readFile(r3, 'utf8');
    await writeFile(r3, text.replace('"v3"', '"v9"'));
    const review = createReviewService(ws);

    const listed = await review.historyList(doc.id);
    expect(listed.rows.map((r) => r.revision)).toEqual([4, 3, 1, 0]);
    expect(listed.setAside).toEqual([
      expect.objectContaining({ fileName: revisionFileName(2), reason: expect.stringMatching(/unreadable/) }),
    ]);
    await expect(review.historyOpen(doc.id, 3)).rejects.toThrow(/not in the history/);
    const after = await review.historyList(doc.id);
    expect(after.rows.map((r) => r.revision)).toEqual([4, 1, 0]);
    expect(after.setAside.map((s) => s.fileName).sort()).toEqual([revisionFileName(2), revisionFileName(3)]);
    expect((await readdir(join(historyDir, 'damaged'))).some((n) => n.includes('checksum') || n.startsWith(revisionFileName(3)))).toBe(true);
    expect((await review.historyOpen(doc.id, 4)).process.description).toBe('v4');
    expect((await ws.open(doc.id)).description).toBe('v4');
  });

  it('gives documents saved before history existed a baseline entry', async () => {
    const { dir, ws } = await workspaceWith();
    const old: Process = { ...createSampleProcess('2026-01-01T00:00:00.000Z'), id: 'legacy', revision: 7 };
    await writeFile(join(dir, 'legacy.json'), JSON.stringify(old));
    const review = createReviewService(ws);

    const { rows } = await review.historyList('legacy');

    expect(rows).toEqual([expect.objectContaining({ revision: 7, kind: 'baseline', summary: 'revision saved before history was kept' })]);
  });

  it('hides a revision whose save never finished and lets the next save take its number', async () => {
    const { dir, ws } = await workspaceWith();
    const doc = await ws.create({ name: 'P' });
    // A save that wrote its history entry and then died before the document landed.
    const store = createHistoryStore({ dir });
    await store.append({ ...doc, revision: 1, description: 'never acknowledged' }, { at: doc.updatedAt, kind: 'save', summary: 'x' });
    const review = createReviewService(ws);
    expect((await review.historyList(doc.id)).rows.map((r) => r.revision)).toEqual([0]);

    const saved = await ws.save({ process: { ...doc, description: 'acknowledged' }, baseRevision: 0 });

    expect(saved.revision).toBe(1);
    expect((await review.historyOpen(doc.id, 1)).process.description).toBe('acknowledged');
  });
});

describe('history under kill -9', () => {
  it('leaves every stored revision readable and the latest acknowledged revision present', async () => {
    const dir = await tempDir();
    let lastAck = -1;
    for (let round = 0; round < 3; round++) {
      const acks = await runAndKill(dir, 8 + round * 7);
      expect(acks.length).toBeGreaterThan(0);
      lastAck = acks[acks.length - 1]!;

      const ws = createWorkspace({ dir });
      const { processes } = await ws.list();
      expect(processes).toHaveLength(1);
      const id = processes[0]!.id;
      const current = await ws.open(id);
      expect(current.revision).toBeGreaterThanOrEqual(lastAck);
      const store = createHistoryStore({ dir });
      const files = (await readdir(join(dir, 'history', id))).filter((n) => /^r\d{9}\.jsonl$/.test(n));
      for (const name of files) {
        const revision = Number(name.slice(1, 10));
        const read = await store.read(id, revision);
        expect(read, `revision ${revision} unreadable`).toBeDefined();
      }
      const acked = await store.read(id, lastAck);
      expect(acked?.process.description).toBe(`after ${lastAck - 1}`);
      expect((await readdir(join(dir, 'history', id))).includes('damaged')).toBe(false);
    }
  }, 90_000);
});

/** Starts the writer, waits for `acks` acknowledged saves, kills it with SIGKILL mid-save. */
function runAndKill(dir: string, acks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'historyWriter.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen: number[] = [];
    let stderr = '';
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer did not acknowledge ${acks} saves in time; stderr: ${stderr}`));
    }, 40_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+)$/.exec(line);
        if (!m) continue;
        seen.push(Number(m[1]));
        // Kill while the next save is in flight, not between saves.
        if (seen.length === acks) setImmediate(() => child.kill('SIGKILL'));
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && seen.length >= acks) resolve(seen);
      else if (signal !== 'SIGKILL') reject(new Error(`writer exited early (${String(_code)}): ${stderr}`));
    });
  });
}
