import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groupCommit } from '../../../src/main/services/groupCommit';
import { createApi } from '../../../src/main/api/handlers';
import { createWorkspace } from '../../../src/main/services/workspace';
import { createReviewService } from '../../../src/main/services/review';
import { nodeAtomicIo, type AtomicIo } from '../../../src/main/services/atomicAdapter';
import { sequentialIds, tempDir, tickingClock } from './helpers';

describe('groupCommit', () => {
  it('commits items that arrive during a commit together, per key, and answers each item with its own result', async () => {
    const groups: string[][] = [];
    const batcher = groupCommit<string, string>(async (key, items) => {
      groups.push(items.map((item) => `${key}:${item}`));
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((item) => (item === 'bad' ? { ok: false as const, error: new Error(`refused ${item}`) } : { ok: true as const, value: item.toUpperCase() }));
    });
    const a = ['a1', 'a2', 'bad', 'a4', 'a5'].map((item) => batcher.add('a', item));
    const b = batcher.add('b', 'b1');
    const settled = await Promise.allSettled([...a, b]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      'A1',
      'A2',
      'refused bad',
      'A4',
      'A5',
      'B1',
    ]);
    // The first item of a key is committed at once; everything arriving meanwhile goes in one more commit.
    expect(groups).toEqual([['a:a1'], ['b:b1'], ['a:a2', 'a:bad', 'a:a4', 'a:a5']]);
  });

  it('rejects every item of a group whose commit throws, and carries on with the next group', async () => {
    let calls = 0;
    const batcher = groupCommit<number, number>(async (_key, items) => {
      calls++;
      if (calls === 1) throw new Error('disk full');
      return items.map((value) => ({ ok: true as const, value }));
    });
    const first = batcher.add('k', 1);
    await expect(first).rejects.toThrow('disk full');
    await expect(batcher.add('k', 2)).resolves.toBe(2);
  });
});

describe('comment:add under load', () => {
  it('keeps all of 120 concurrent comments (each caller gets its own), refuses a bad reply alone, and writes far fewer times than it is called', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: 'Sam', departmentId: 'sales' } }));
    const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
    let commentWrites = 0;
    const io: AtomicIo = {
      ...nodeAtomicIo,
      writeAtomic: async (file, data) => {
        if (file.endsWith('comments.json')) commentWrites++;
        return nodeAtomicIo.writeAtomic(file, data);
      },
    };
    const { dispatch } = createApi(workspace, { transport: 'http', review: createReviewService(workspace, { io }) });
    const created = await dispatch('process:create', { name: 'Pipeline', template: 'sample' });
    if (!created.ok) throw new Error(created.error.message);
    const processId = created.value.id;
    const author = { name: 'Sam', departmentId: 'sales' };
    const adds = Array.from({ length: 120 }, (_, i) =>
      dispatch('comment:add', { processId, target: { kind: 'process' }, body: `Comment ${i}`, author }),
    );
    const badReply = dispatch('comment:add', { processId, target: { kind: 'process' }, body: 'Re', author, replyTo: 'c-missing' });
    const results = await Promise.all(adds);
    const bad = await badReply;
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bodies = results.map((r) => (r.ok ? r.value.body : `error: ${r.error.message}`));
    expect(bodies).toEqual(Array.from({ length: 120 }, (_, i) => `Comment ${i}`));
    const listed = await dispatch('comment:list', { processId });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((c) => c.body).sort()).toEqual([...bodies].sort());
    expect(new Set(listed.value.map((c) => c.id)).size).toBe(120);
    // One write for the first comment, then one per group that gathered while the previous was on disk.
    expect(commentWrites).toBeGreaterThanOrEqual(2);
    expect(commentWrites).toBeLessThan(20);
  });
});
