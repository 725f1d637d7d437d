import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  CorruptError,
  NotFoundError,
  createWorkspace,
  fileStamp,
} from '../../../src/main/services/workspace';
import { defaultUserDataDir, resolveWorkspaceDir } from '../../../src/main/services/workspaceDir';
import { parseProcess } from '../../../src/shared/model/problems';
import { nodeAtomicIo, type AtomicIo } from '../../../src/main/services/atomicAdapter';
import { sequentialIds, tempDir, tickingClock } from './helpers';

async function freshWorkspace() {
  const dir = await tempDir();
  // A settings file marks the workspace as already started, so no sample is created.
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
  return { dir, ws: createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() }) };
}

describe('workspace', () => {
  it('creates the sample on first start with an empty folder', async () => {
    const dir = await tempDir();
    const ws = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });

    const { processes, setAside } = await ws.list();

    expect(processes).toHaveLength(1);
    expect(processes[0]!.stageCount).toBeGreaterThan(0);
    expect(setAside).toEqual([]);
    expect(await readdir(dir)).toContain('settings.json');
  });

  it('does not recreate the sample once the workspace has been used', async () => {
    const { ws } = await freshWorkspace();

    expect((await ws.list()).processes).toEqual([]);
  });

  it('round-trips a created process through disk', async () => {
    const { dir, ws } = await freshWorkspace();

    const created = await ws.create({ name: 'Lead to cash', template: 'sample' });
    const reopened = await createWorkspace({ dir }).open(created.id);

    expect(reopened).toEqual(created);
    expect(created.revision).toBe(0);
    expect(created.name).toBe('Lead to cash');
  });

  it('lists summaries newest first', async () => {
    const { ws } = await freshWorkspace();
    const a = await ws.create({ name: 'A' });
    const b = await ws.create({ name: 'B' });
    await ws.rename(a.id, 'A2');

    const names = (await ws.list()).processes.map((p) => p.name);

    expect(names).toEqual(['A2', 'B']);
    expect(b.id).not.toBe(a.id);
  });

  it('saves with revision + 1 and updatedAt = now', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P', template: 'sample' });

    const saved = await ws.save({ process: { ...doc, description: 'edited' }, baseRevision: 0 });

    expect(saved.revision).toBe(1);
    expect(saved.updatedAt > doc.updatedAt).toBe(true);
    expect((await ws.open(doc.id)).description).toBe('edited');
  });

  it('rejects a stale save with a conflict and leaves the file unchanged', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P', template: 'sample' });
    await ws.save({ process: { ...doc, description: 'first' }, baseRevision: 0 });
    const before = await readFile(join(dir, `${doc.id}.json`), 'utf8');

    const stale = ws.save({ process: { ...doc, description: 'second' }, baseRevision: 0 });

    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ currentRevision: 1 });
    expect(await readFile(join(dir, `${doc.id}.json`), 'utf8')).toBe(before);
  });

  it('notices a save made outside this workspace object before accepting a save', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    await ws.save({ process: doc, baseRevision: 0 });
    await createWorkspace({ dir }).save({ process: { ...doc, description: 'elsewhere' }, baseRevision: 1 });

    await expect(ws.save({ process: doc, baseRevision: 1 })).rejects.toMatchObject({ currentRevision: 2 });
  });

  it('lets exactly one of two concurrent saves from the same base win', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });

    const results = await Promise.allSettled([
      ws.save({ process: { ...doc, description: 'x' }, baseRevision: 0 }),
      ws.save({ process: { ...doc, description: 'y' }, baseRevision: 0 }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('keeps the old document when a save is interrupted between temp write and rename', async () => {
    const { dir } = await freshWorkspace();
    let crash = false;
    const io: AtomicIo = {
      ...nodeAtomicIo,
      writeAtomic: async (file, data) => {
        if (!crash) return nodeAtomicIo.writeAtomic(file, data);
        await writeFile(`${file}.4119052113`, data.slice(0, 100));
        throw new Error('power loss');
      },
    };
    const ws = createWorkspace({ dir, io, newId: sequentialIds() });
    const doc = await ws.create({ name: 'P', template: 'sample' });
    crash = true;

    await expect(ws.save({ process: { ...doc, name: 'Changed' }, baseRevision: 0 })).rejects.toThrow('power loss');

    const after = createWorkspace({ dir });
    expect(await after.open(doc.id)).toEqual(doc);
    expect((await after.list()).processes.map((p) => p.name)).toEqual(['P']);
  });

  it('keeps the previous version as .bak after a save', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });

    await ws.save({ process: { ...doc, description: 'v1' }, baseRevision: 0 });

    const bak = JSON.parse(await readFile(join(dir, `${doc.id}.json.bak`), 'utf8')) as { revision: number };
    expect(bak.revision).toBe(0);
  });

  it('sets a corrupt file aside byte-for-byte, never overwrites it, and offers the backup', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    await ws.save({ process: { ...doc, description: 'good' }, baseRevision: 0 });
    const garbage = '{"schemaVersion": 2, "id": "p1", "stages": [ trunc';
    await writeFile(join(dir, `${doc.id}.json`), garbage);

    const { processes, setAside } = await ws.list();

    expect(processes).toEqual([]);
    expect(setAside).toHaveLength(1);
    const notice = setAside[0]!;
    expect(notice).toMatchObject({ fileName: `${doc.id}.json`, processId: doc.id, backupAvailable: true });
    expect(notice.setAsideAs).toMatch(new RegExp(`^${doc.id}\\.json\\.corrupt-\\d{8}T\\d{6}Z$`));
    expect(notice.reason).toMatch(/not valid JSON/);
    expect(await readFile(join(dir, notice.setAsideAs), 'utf8')).toBe(garbage);
    await expect(ws.save({ process: doc, baseRevision: 1 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await readFile(join(dir, notice.setAsideAs), 'utf8')).toBe(garbage);
  });

  it('explains a schema-invalid file with located problems', async () => {
    const { dir, ws } = await freshWorkspace();
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ schemaVersion: 2, id: 'broken', name: '' }));

    const { setAside } = await ws.list();

    expect(setAside[0]!.reason).toMatch(/name: must not be empty/);
    expect(setAside[0]!.backupAvailable).toBe(false);
  });

  it('throws CorruptError when opening a corrupt file', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    await writeFile(join(dir, `${doc.id}.json`), 'not json');

    await expect(ws.open(doc.id)).rejects.toBeInstanceOf(CorruptError);
  });

  it('assertExists answers like open without reading an unchanged file again, and notices outside changes', async () => {
    const { dir } = await freshWorkspace();
    const reads: string[] = [];
    const io: AtomicIo = { ...nodeAtomicIo, readFile: (file) => (reads.push(file), nodeAtomicIo.readFile(file)) };
    const ws = createWorkspace({ dir, io, newId: sequentialIds() });
    const doc = await ws.create({ name: 'P', template: 'sample' });
    await expect(ws.assertExists('nope')).rejects.toBeInstanceOf(NotFoundError);

    // Unchanged since this workspace wrote it: a stat and the file's head, no full read.
    const before = reads.filter((file) => file.endsWith(`${doc.id}.json`)).length;
    await expect(ws.assertExists(doc.id)).resolves.toBeUndefined();
    expect(reads.filter((file) => file.endsWith(`${doc.id}.json`)).length).toBe(before);
    await ws.open(doc.id); // open does read it in full: the count above would have seen it
    expect(reads.filter((file) => file.endsWith(`${doc.id}.json`)).length).toBe(before + 1);

    // Rewritten from outside: read in full, and refused like open refuses it.
    await writeFile(join(dir, `${doc.id}.json`), 'not json');
    await expect(ws.assertExists(doc.id)).rejects.toBeInstanceOf(CorruptError);
  });

  it('restores the backup of a set-aside process and clears the notice', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    await ws.save({ process: { ...doc, description: 'good' }, baseRevision: 0 });
    await ws.save({ process: { ...doc, description: 'better' }, baseRevision: 1 });
    await writeFile(join(dir, `${doc.id}.json`), '\u0000\u0000');
    await ws.list();

    const restored = await ws.restoreBackup(doc.id);

    expect(restored.description).toBe('good');
    // Revision 2 (the damaged one) is in the history: numbers are never reused.
    expect(restored.revision).toBe(3);
    expect((await ws.open(doc.id)).description).toBe('good');
    const listing = await ws.list();
    expect(listing.setAside).toEqual([]);
    expect(listing.processes.map((p) => p.id)).toEqual([doc.id]);
    expect((await readdir(dir)).some((n) => n.startsWith(`${doc.id}.json.corrupt-`))).toBe(true);
  });

  it('refuses to restore when there is no usable backup', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });

    await expect(ws.restoreBackup(doc.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('renames with a new revision', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'Old' });

    const summary = await ws.rename(doc.id, 'New');

    expect(summary).toMatchObject({ id: doc.id, name: 'New', revision: 1 });
  });

  it('duplicates under a new id as "<name> (copy)" at revision 0', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'Pipeline', template: 'sample' });
    await ws.rename(doc.id, 'Pipeline');

    const copy = await ws.duplicate(doc.id);

    expect(copy.id).not.toBe(doc.id);
    expect(copy).toMatchObject({ name: 'Pipeline (copy)', revision: 0, stageCount: doc.stages.length });
  });

  it('deletes by moving the file aside, not unlinking it', async () => {
    const { dir, ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'P' });
    const content = await readFile(join(dir, `${doc.id}.json`), 'utf8');

    await ws.delete(doc.id);

    const names = await readdir(dir);
    const moved = names.find((n) => n.startsWith(`${doc.id}.json.deleted-`));
    expect(moved).toMatch(/\.deleted-\d{8}T\d{6}Z$/);
    expect(await readFile(join(dir, moved!), 'utf8')).toBe(content);
    await expect(ws.open(doc.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await ws.list()).processes).toEqual([]);
  });

  it('imports a document as a new process at revision 0', async () => {
    const { ws } = await freshWorkspace();
    const doc = await ws.create({ name: 'Mine', template: 'sample' });
    const edited = await ws.save({ process: doc, baseRevision: 0 });

    const imported = await ws.importProcess({ process: edited, name: 'Mine (kept)' });

    expect(imported).toMatchObject({ name: 'Mine (kept)', revision: 0 });
    expect(imported.id).not.toBe(doc.id);
    expect(parseProcess(await ws.open(imported.id)).ok).toBe(true);
  });

  it('keeps settings, with defaults for a new workspace', async () => {
    const dir = await tempDir();

    expect(await createWorkspace({ dir }).getSettings()).toEqual({ editor: { name: '', departmentId: 'sales' } });
    await createWorkspace({ dir }).setSettings({ editor: { name: 'Ada', departmentId: 'finance' } });
    expect(await createWorkspace({ dir }).getSettings()).toEqual({ editor: { name: 'Ada', departmentId: 'finance' } });
  });

  it('sets an unreadable settings file aside instead of writing over it', async () => {
    const { dir, ws } = await freshWorkspace();
    await writeFile(join(dir, 'settings.json'), '{ broken');

    await ws.setSettings({ editor: { name: 'Ada', departmentId: 'sales' } });

    const aside = (await readdir(dir)).find((n) => n.startsWith('settings.json.corrupt-'));
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('{ broken');
    expect((await ws.getSettings()).editor.name).toBe('Ada');
  });

  it('formats set-aside timestamps like 20261127T101500Z', () => {
    expect(fileStamp(new Date(Date.UTC(2026, 10, 27, 10, 15, 0, 123)))).toBe('20261127T101500Z');
  });

  it('resolves the workspace folder: flag, then env, then the app data folder', () => {
    expect(resolveWorkspaceDir({ flag: '/a', env: '/b', userData: '/c' })).toBe('/a');
    expect(resolveWorkspaceDir({ env: '/b', userData: '/c' })).toBe('/b');
    expect(resolveWorkspaceDir({ userData: '/c' })).toBe(join('/c', 'workspace'));
    expect(defaultUserDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/Stagecraft');
    expect(defaultUserDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Stagecraft');
  });
});
