import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, createHandlers, type HandlerOptions, type SavePdf } from '../../../src/main/api/handlers';
import { FACILITATOR, type Caller } from '../../../src/main/services/live/types';
import type { WorkshopService } from '../../../src/main/services/live/workshop';
import { createWorkspace } from '../../../src/main/services/workspace';
import { CHANNELS, HTTP_STATUS, contract, type Channel } from '../../../src/shared/api/contract';
import type { Process } from '../../../src/shared/model/schema';
import { sequentialIds, tempDir, tickingClock } from './helpers';

async function api(extra: Pick<HandlerOptions, 'savePdf'> = {}) {
  const dir = await tempDir();
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
  const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
  const created = createApi(workspace, { transport: 'http', loopbackUrl: () => 'http://127.0.0.1:5173/', ...extra });
  services.push(created.workshop);
  return { dir, ...created };
}

/** Workshop services to close (their pending record written) before the temp folders go. */
const services: WorkshopService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

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
  'workshop:start': { processId: 'p1', bind: '192.168.1' },
  'workshop:status': 'now',
  'workshop:end': null,
  'workshop:revoke': { participantId: '' },
  'workshop:reveal': { revealed: 'yes' },
  'workshop:whoami': 1,
  'workshop:profile': { name: ' ', departmentId: 'sales' },
  'workshop:mark': { stageId: 's1', fieldId: 'f1', fills: true, opId: 'short' },
  'workshop:vote': { stageId: 's1', fieldId: 'f1', choice: 'maybe', opId: 'op-12345678' },
  'workshop:challenge': { stageId: 's1', fieldId: 'f1', question: '', opId: 'op-12345678' },
  'workshop:comment': { target: { kind: 'field', stageId: 's1' }, body: 'Hm', opId: 'op-12345678' },
  'workshop:my-state': [],
};

/**
 * A valid call for each channel against a workspace holding one sample process (id p1, revision 0)
 * whose file was then damaged in `bad.json` with a good backup; the Record type makes it complete.
 */
type Call = (channel: Channel, input: unknown, caller?: Caller) => Promise<any>;
/** Joins the open workshop (starting it on `doc` if needed) as a named participant. */
type Join = () => Promise<Caller>;
const author = { name: 'Ada', departmentId: 'sales' };
const newProposal = (doc: Process, call: Call) => call('proposal:create', { processId: doc.id, title: 'T', author });
const inReview = async (doc: Process, call: Call) => {
  const p = await newProposal(doc, call);
  return call('proposal:set-status', { processId: doc.id, proposalId: p.id, author, status: 'in-review' });
};
const newComment = (doc: Process, call: Call) =>
  call('comment:add', { processId: doc.id, target: { kind: 'process' }, body: 'Why?', author });

const start = (doc: Process, call: Call) => call('workshop:start', { processId: doc.id });
const firstField = (doc: Process) => ({ stageId: doc.stages.find((s) => s.fields.length > 0)!.id, fieldId: doc.stages.find((s) => s.fields.length > 0)!.fields[0]!.id });

/** Channels the GOOD call makes as a joined participant (the rest as the facilitator). */
const AS_PARTICIPANT = new Set<Channel>(['workshop:whoami', 'workshop:profile', 'workshop:mark', 'workshop:vote', 'workshop:challenge', 'workshop:comment', 'workshop:my-state']);

const GOOD_INPUT: Record<Channel, (doc: Process, call: Call, join: Join) => unknown> = {
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
  'workshop:start': (doc) => ({ processId: doc.id, port: 0 }),
  'workshop:status': async (doc, call) => (await start(doc, call), {}),
  'workshop:end': async (doc, call) => (await start(doc, call), {}),
  'workshop:revoke': async (_doc, _call, join) => ({ participantId: (await join()).participantId }),
  'workshop:reveal': async (doc, call) => (await start(doc, call), { revealed: true }),
  'workshop:whoami': () => ({}),
  'workshop:profile': (doc) => ({ name: 'Fay', departmentId: doc.departments[1]!.id }),
  'workshop:mark': (doc) => ({ ...firstField(doc), reads: true, opId: 'op-mark-0001' }),
  'workshop:vote': (doc) => ({ ...firstField(doc), choice: 'drop', opId: 'op-vote-0001' }),
  'workshop:challenge': (doc) => ({ ...firstField(doc), question: 'Who reads this?', opId: 'op-chal-0001' }),
  'workshop:comment': (doc) => ({ target: { kind: 'field', ...firstField(doc) }, body: 'We never use it.', opId: 'op-comm-0001' }),
  'workshop:my-state': () => ({}),
};

describe('api dispatch', () => {
  it.each(CHANNELS)('answers a valid call to %s with an output its contract schema accepts', async (channel) => {
    const { dir, dispatch, workshop } = await api({ savePdf: fakeSavePdf });
    const created = await dispatch('process:create', { name: 'Demo', template: 'sample' });
    if (!created.ok) throw new Error(created.error.message);
    const text = JSON.stringify(created.value, null, 2);
    await writeFile(join(dir, 'bad.json.bak'), text);
    await writeFile(join(dir, 'bad.json'), '{');

    const call: Call = async (c, input, caller?: Caller) => {
      const r = await dispatch(c, input, caller);
      if (!r.ok) throw new Error(`${c}: ${r.error.message}`);
      return r.value;
    };
    const joinRoom: Join = async () => {
      const info = await start(created.value, call);
      const joined = workshop.exchangeJoinToken(new URL(info.joinUrl).searchParams.get('token')!)!;
      const caller = workshop.identify(joined.sessionSecret)!;
      const participant = await call('workshop:profile', { name: 'Pat', departmentId: created.value.departments[0]!.id }, caller);
      return { ...caller, participantId: participant.id };
    };
    const input = await GOOD_INPUT[channel](created.value, call, joinRoom);
    const caller = AS_PARTICIPANT.has(channel) ? await joinRoom() : FACILITATOR;
    const result = await dispatch(channel, input, caller);

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
