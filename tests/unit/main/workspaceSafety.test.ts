import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError, createWorkspace } from '../../../src/main/services/workspace';
import { isCrashDebris } from '../../../src/main/services/recovery';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { sequentialIds, tempDir, tickingClock } from './helpers';

async function freshWorkspace(log?: (line: string) => void) {
  const dir = await tempDir();
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
  return { dir, ws: createWorkspace({ dir, now: tickingClock(), newId: sequentialIds(), log }) };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('workspace safety', () => {
  it('stamps revision, createdAt and updatedAt itself, whatever the client sends', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    const forged = { ...doc, revision: 41, createdAt: '2000-01-01T00:00:00.000Z', updatedAt: '2000-01-01T00:00:00.000Z' };

    const saved = await ws.save({ process: forged, baseRevision: 0 });

    expect(saved.revision).toBe(1);
    expect(saved.createdAt).toBe(doc.createdAt);
    expect(saved.updatedAt > doc.updatedAt).toBe(true);
    expect(await ws.open(doc.id)).toEqual(saved);
  });

  it('two workspace objects on one folder (two processes, in miniature) never both accept one base revision', async () => {
    const { dir, ws } = await freshWorkspace();
    const other = createWorkspace({ dir });
    const doc = await ws.create({ name: 'P' });
    await other.open(doc.id);

    for (let round = 0; round < 10; round++) {
      const base = (await ws.open(doc.id)).revision;
      const results = await Promise.allSettled([
        ws.save({ process: { ...doc, description: `a${round}` }, baseRevision: base }),
        other.save({ process: { ...doc, description: `b${round}` }, baseRevision: base }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ConflictError);
    }
    expect((await ws.open(doc.id)).revision).toBe(10);
  });

  it('removes crash temp files on start and logs the count', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    await ws.save({ process: { ...doc, description: 'v1' }, baseRevision: 0 });
    const stale = JSON.stringify({ ...doc, description: 'old' }, null, 2);
    await writeFile(join(dir, `${doc.id}.json.3917152081`), stale);
    await writeFile(join(dir, `${doc.id}.json.77`), '{"half": ');
    await writeFile(join(dir, `${doc.id}.json.bak.tmp-1234-m0abc`), stale);
    await writeFile(join(dir, 'settings.json.12345'), '{}');
    const lines: string[] = [];

    const restarted = createWorkspace({ dir, log: (line) => lines.push(line) });
    const report = await restarted.recovery();

    expect(report.removed.sort()).toEqual(
      [`${doc.id}.json.3917152081`, `${doc.id}.json.77`, `${doc.id}.json.bak.tmp-1234-m0abc`, 'settings.json.12345'].sort(),
    );
    expect(report.recovered).toEqual([]);
    expect(lines[0]).toMatch(/removed 4 temp files/);
    expect((await readdir(dir)).filter(isCrashDebris)).toEqual([]);
    expect((await restarted.open(doc.id)).description).toBe('v1');
  });

  it('reports a newer valid temp file and keeps it aside, never promoting it', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    const unacknowledged = JSON.stringify({ ...doc, revision: 1, description: 'never acknowledged' }, null, 2);
    await writeFile(join(dir, `${doc.id}.json.123456789`), unacknowledged);
    const lines: string[] = [];

    const restarted = createWorkspace({ dir, log: (line) => lines.push(line) });
    const report = await restarted.recovery();

    expect(report.recovered).toEqual([
      expect.objectContaining({ processId: doc.id, revision: 1, storedRevision: 0, keptAs: `${doc.id}.json.recovered` }),
    ]);
    expect(lines.join('\n')).toMatch(/removed 0 temp files[\s\S]*unacknowledged newer version of p1 \(revision 1, stored 0\)/);
    expect(await readFile(join(dir, `${doc.id}.json.recovered`), 'utf8')).toBe(unacknowledged);
    expect((await restarted.open(doc.id)).revision).toBe(0);
  });

  it('leaves bookkeeping files alone: a file whose name is no process id is neither listed nor set aside', async () => {
    const { dir, ws } = await freshWorkspace();
    await writeFile(join(dir, '.stagecraft-host.json'), '{"pid": 1}');
    await writeFile(join(dir, 'has space.json'), '{}');

    const { processes, setAside } = await ws.list();

    expect(processes).toEqual([]);
    expect(setAside).toEqual([]);
    expect(await readFile(join(dir, '.stagecraft-host.json'), 'utf8')).toBe('{"pid": 1}');
  });

  it('opens a document dropped into the workspace with a UTF-8 byte-order mark', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = createSampleProcess('2026-11-27T10:00:00.000Z');
    await writeFile(join(dir, 'dropped.json'), Buffer.concat([BOM, Buffer.from(JSON.stringify(doc))]));

    const { processes, setAside } = await ws.list();

    expect(setAside).toEqual([]);
    expect(processes.map((p) => p.id)).toEqual(['dropped']);
    expect((await ws.open('dropped')).stages).toHaveLength(doc.stages.length);
  });

  it('sets aside a document with duplicate ids, saying why, and names line and column of bad JSON', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = createSampleProcess('2026-11-27T10:00:00.000Z');
    const twin = { ...doc, stages: [...doc.stages, { ...doc.stages[1]!, name: 'Twin' }] };
    await writeFile(join(dir, 'twins.json'), JSON.stringify(twin));
    await writeFile(join(dir, 'nbsp.json'), '{\n  "schemaVersion":\u00a02\n}');

    const { processes, setAside } = await ws.list();

    expect(processes).toEqual([]);
    const byId = Object.fromEntries(setAside.map((n) => [n.processId, n.reason]));
    expect(byId.twins).toMatch(/unsafe to open: stages\[\d+\]\.id: Stage id ".+" is also used/);
    expect(byId.nbsp).toMatch(/line 2, column 19: unexpected "\\u00A0"/);
  });

  it('refuses to import or save a document that could not be opened again', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P', template: 'sample' });
    const dangling = {
      ...doc,
      transitions: [...doc.transitions, { ...doc.transitions[0]!, id: 'ghost-edge', to: 'no-such-stage' }],
    };

    await expect(ws.importProcess({ process: dangling })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(ws.save({ process: dangling, baseRevision: 0 })).rejects.toThrow(/dangling|does not exist/);
    expect((await ws.list()).processes).toHaveLength(1);
  });

  it('still saves a draft with softer errors (exits not summing to 100 %)', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P', template: 'sample' });
    const draft = {
      ...doc,
      transitions: doc.transitions.map((t, i) => (i === 0 ? { ...t, probability: t.probability / 2 } : t)),
    };

    expect((await ws.save({ process: draft, baseRevision: 0 })).revision).toBe(1);
  });
});
