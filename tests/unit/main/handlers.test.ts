import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi, createHandlers, type HandlerOptions, type SavePdf } from '../../../src/main/api/handlers';
import { createWorkspace } from '../../../src/main/services/workspace';
import { CHANNELS, HTTP_STATUS, contract, type Channel } from '../../../src/shared/api/contract';
import type { Process } from '../../../src/shared/model/schema';
import { sequentialIds, tempDir, tickingClock } from './helpers';

async function api(extra: Pick<HandlerOptions, 'savePdf'> = {}) {
  const dir = await tempDir();
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
  const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
  return { dir, ...createApi(workspace, { transport: 'http', ...extra }) };
}

/** Stands in for the Electron shell's printer, which only exists in the desktop app. */
const fakeSavePdf: SavePdf = async ({ suggestedName }) => ({ path: `/tmp/${suggestedName}` });

/** A deliberately wrong input for each channel; the Record type makes the list complete. */
const BAD_INPUT: Record<Channel, unknown> = {
  'process:list': 'everything',
  'process:open': { id: '../etc/passwd' },
  'process:create': { name: '', template: 'blank' },
  'process:save': { process: { id: 'x' }, baseRevision: -1 },
  'process:rename': { id: 'p1', name: 42 },
  'process:duplicate': { id: '' },
  'process:delete': {},
  'process:import': { process: null },
  'process:restore-backup': { id: 7 },
  'workspace:get-info': null,
  'history:list': { processId: '' },
  'history:open': { processId: 'p1', revision: -1 },
  'history:compare': { processId: 'p1', from: 'a', to: 2 },
  'history:restore': { processId: 'p1', revision: 1, author: { name: '', departmentId: 'sales' } },
  'diff:compute': { before: {}, after: null },
  'comment:list': {},
  'comment:add': { processId: 'p1', target: { kind: 'stage' }, body: 'x', author: { name: 'A', departmentId: 'sales' } },
  'comment:edit': { processId: 'p1', commentId: 'c1', body: '   ', author: { name: 'A', departmentId: 'sales' } },
  'comment:resolve': { processId: 'p1', commentId: 'c1' },
  'comment:reopen': { processId: 'p1', commentId: 'c 1', author: { name: 'A', departmentId: 'sales' } },
  'proposal:list': { processId: 7 },
  'proposal:create': { processId: 'p1', title: '', author: { name: 'A', departmentId: 'sales' } },
  'proposal:open': { processId: 'p1' },
  'proposal:save': { processId: 'p1', proposalId: 'q', author: { name: 'A', departmentId: 'sales' }, baseVersion: 0 },
  'proposal:set-status': { processId: 'p1', proposalId: 'q', author: { name: 'A', departmentId: 'sales' }, status: 'accepted' },
  'proposal:set-reviewers': { processId: 'p1', proposalId: 'q', author: { name: 'A', departmentId: 'sales' }, departmentIds: [''] },
  'proposal:review': { processId: 'p1', proposalId: 'q', author: { name: 'A', departmentId: 'sales' }, verdict: 'maybe', comment: '' },
  'proposal:compare': { processId: 'p1', proposalId: '../x' },
  'proposal:accept': { processId: 'p1', proposalId: 'q', author: { name: 'A', departmentId: 'sales' }, reason: '  ' },
  'settings:get': [],
  'settings:set': { editor: { name: 'x'.repeat(81), departmentId: 'sales' } },
  'report:save-pdf': { html: '', suggestedName: 'r.pdf', paper: 'A5' },
};

/**
 * A valid call for each channel against a workspace holding one sample process (id p1, revision 0)
 * whose file was then damaged in `bad.json` with a good backup; the Record type makes it complete.
 */
type Call = (channel: Channel, input: unknown) => Promise<any>;
const author = { name: 'Ada', departmentId: 'sales' };
const newProposal = (doc: Process, call: Call) => call('proposal:create', { processId: doc.id, title: 'T', author });
const inReview = async (doc: Process, call: Call) => {
  const p = await newProposal(doc, call);
  return call('proposal:set-status', { processId: doc.id, proposalId: p.id, author, status: 'in-review' });
};
const newComment = (doc: Process, call: Call) =>
  call('comment:add', { processId: doc.id, target: { kind: 'process' }, body: 'Why?', author });

const GOOD_INPUT: Record<Channel, (doc: Process, call: Call) => unknown> = {
  'process:list': () => ({}),
  'process:open': (doc) => ({ id: doc.id }),
  'process:create': () => ({ name: 'Another', template: 'empty' }),
  'process:save': ({ revision: _r, createdAt: _c, updatedAt: _u, ...content }) => ({
    process: { ...content, description: 'saved' },
    baseRevision: 0,
  }),
  'process:rename': (doc) => ({ id: doc.id, name: 'Renamed' }),
  'process:duplicate': (doc) => ({ id: doc.id }),
  'process:delete': (doc) => ({ id: doc.id }),
  'process:import': (doc) => ({ process: doc, name: 'Imported' }),
  'process:restore-backup': () => ({ id: 'bad' }),
  'workspace:get-info': () => ({}),
  'history:list': (doc) => ({ processId: doc.id }),
  'history:open': (doc) => ({ processId: doc.id, revision: 0 }),
  'history:compare': (doc) => ({ processId: doc.id, from: 0, to: 0 }),
  'history:restore': (doc) => ({ processId: doc.id, revision: 0, author }),
  'diff:compute': (doc) => ({ before: doc, after: { ...doc, name: 'Other' } }),
  'comment:list': (doc) => ({ processId: doc.id }),
  'comment:add': (doc) => ({ processId: doc.id, target: { kind: 'stage', stageId: doc.stages[0]!.id }, body: 'Hm', author }),
  'comment:edit': async (doc, call) => ({ processId: doc.id, commentId: (await newComment(doc, call)).id, body: 'Edited', author }),
  'comment:resolve': async (doc, call) => ({ processId: doc.id, commentId: (await newComment(doc, call)).id, author }),
  'comment:reopen': async (doc, call) => {
    const c = await newComment(doc, call);
    await call('comment:resolve', { processId: doc.id, commentId: c.id, author });
    return { processId: doc.id, commentId: c.id, author };
  },
  'proposal:list': (doc) => ({ processId: doc.id }),
  'proposal:create': (doc) => ({ processId: doc.id, title: 'Fewer fields', author }),
  'proposal:open': async (doc, call) => ({ processId: doc.id, proposalId: (await newProposal(doc, call)).id }),
  'proposal:save': async (doc, call) => ({ processId: doc.id, proposalId: (await newProposal(doc, call)).id, author, baseVersion: 1, title: 'New' }),
  'proposal:set-status': async (doc, call) => ({ processId: doc.id, proposalId: (await newProposal(doc, call)).id, author, status: 'in-review' }),
  'proposal:set-reviewers': async (doc, call) => ({ processId: doc.id, proposalId: (await newProposal(doc, call)).id, author, departmentIds: ['finance'] }),
  'proposal:review': async (doc, call) => {
    const p = await inReview(doc, call);
    await call('proposal:set-reviewers', { processId: doc.id, proposalId: p.id, author, departmentIds: ['finance'] });
    return { processId: doc.id, proposalId: p.id, author: { name: 'Fay', departmentId: 'finance' }, verdict: 'approve', comment: '' };
  },
  'proposal:compare': async (doc, call) => ({ processId: doc.id, proposalId: (await newProposal(doc, call)).id }),
  'proposal:accept': async (doc, call) => ({ processId: doc.id, proposalId: (await inReview(doc, call)).id, author, reason: 'Agreed' }),
  'settings:get': () => ({}),
  'settings:set': () => ({ editor: { name: 'Ada', departmentId: 'sales' } }),
  'report:save-pdf': () => ({ html: '<!doctype html><p>Report</p>', suggestedName: 'report.pdf', paper: 'Letter' }),
};

describe('api dispatch', () => {
  it.each(CHANNELS)('answers a valid call to %s with an output its contract schema accepts', async (channel) => {
    const { dir, dispatch } = await api({ savePdf: fakeSavePdf });
    const created = await dispatch('process:create', { name: 'Demo', template: 'sample' });
    if (!created.ok) throw new Error(created.error.message);
    const text = JSON.stringify(created.value, null, 2);
    await writeFile(join(dir, 'bad.json.bak'), text);
    await writeFile(join(dir, 'bad.json'), '{');

    const call: Call = async (c, input) => {
      const r = await dispatch(c, input);
      if (!r.ok) throw new Error(`${c}: ${r.error.message}`);
      return r.value;
    };
    const result = await dispatch(channel, await GOOD_INPUT[channel](created.value, call));

    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    const parsed = contract[channel].output.safeParse(result.value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('answers report:save-pdf with unsupported where no shell provides a PDF printer (the HTTP host)', async () => {
    const { dispatch } = await api();
    const result = await dispatch('report:save-pdf', { html: '<p>x</p>', suggestedName: 'report.pdf' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringContaining('print and choose "Save as PDF"') } });
    expect(HTTP_STATUS.unsupported).toBe(501);
  });

  it('ignores the stamps a client sends with process:save and answers with the server\'s', async () => {
    const { dispatch } = await api();
    const created = await dispatch('process:create', { name: 'Demo' });
    if (!created.ok) throw new Error('create failed');

    const saved = await dispatch('process:save', {
      process: { ...created.value, revision: 99, createdAt: '2000-01-01T00:00:00Z' },
      baseRevision: 0,
    });

    expect(saved).toMatchObject({ ok: true, value: { revision: 1, createdAt: created.value.createdAt } });
  });

  it('has exactly one handler for every contract channel', async () => {
    const dir = await tempDir();
    const handlers = createHandlers(createWorkspace({ dir }), { transport: 'ipc' });

    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    expect(new Set(Object.keys(handlers)).size).toBe(Object.keys(handlers).length);
    for (const channel of CHANNELS) expect(typeof handlers[channel]).toBe('function');
  });

  it.each(CHANNELS)('rejects bad input to %s with invalid-input', async (channel) => {
    const { dispatch } = await api();

    const result = await dispatch(channel, BAD_INPUT[channel]);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.details?.length).toBeGreaterThan(0);
    expect(result.error.message).toContain(channel);
  });

  it('locates validation problems in readable messages', async () => {
    const { dispatch } = await api();

    const result = await dispatch('process:rename', { id: 'p1', name: '   ' });

    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'name', message: 'must not be empty' }] },
    });
  });

  it('reports an unknown channel without throwing', async () => {
    const { dispatch } = await api();

    expect(await dispatch('process:explode', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(undefined, undefined)).toMatchObject({ ok: false });
  });

  it('returns outputs that satisfy the contract', async () => {
    const { dispatch } = await api();

    const created = await dispatch('process:create', { name: 'Demo', template: 'sample' });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const listed = await dispatch('process:list', {});
    const info = await dispatch('workspace:get-info', {});

    expect(contract['process:create'].output.safeParse(created.value).success).toBe(true);
    expect(listed.ok && contract['process:list'].output.safeParse(listed.value).success).toBe(true);
    expect(info).toMatchObject({ ok: true, value: { transport: 'http' } });
  });

  it('maps a stale save to conflict with the current revision', async () => {
    const { dispatch } = await api();
    const created = await dispatch('process:create', { name: 'Demo' });
    if (!created.ok) throw new Error('create failed');
    await dispatch('process:save', { process: created.value, baseRevision: 0 });

    const stale = await dispatch('process:save', { process: created.value, baseRevision: 0 });

    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', currentRevision: 1 } });
  });

  it('maps a missing process to not-found and a corrupt one to corrupt', async () => {
    const { dir, dispatch } = await api();
    await writeFile(join(dir, 'bad.json'), '{');

    expect(await dispatch('process:open', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('process:open', { id: 'bad' })).toMatchObject({ ok: false, error: { code: 'corrupt' } });
  });
});
