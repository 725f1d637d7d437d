import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createApi, type Api } from '../../../../src/main/api/handlers';
import { createWorkspace } from '../../../../src/main/services/workspace';
import type { Caller } from '../../../../src/main/services/live/types';
import type { Channel } from '../../../../src/shared/api/contract';
import { readProcess, readRoom, readFacilitatorVotes } from '../../../../src/shared/live/bridge';
import type { Process } from '../../../../src/shared/model/schema';
import { sequentialIds, tempDir } from '../helpers';
import { connect, liveServer, until } from './harness';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function workshop() {
  const dir = await tempDir();
  const workspace = createWorkspace({ dir });
  const api: Api = createApi(workspace, { transport: 'http', loopbackUrl: () => 'http://127.0.0.1:5173/', newId: sequentialIds('x') });
  cleanups.push(() => api.workshop.close());
  async function call(channel: Channel, input: unknown, caller?: Caller): Promise<any> {
    const r = await api.dispatch(channel, input, caller);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.message}`), { code: r.error.code });
    return r.value;
  }
  const doc: Process = await call('process:create', { name: 'Live', template: 'sample' });
  const info = await call('workshop:start', { processId: doc.id });
  const server = await liveServer(api.workshop);
  cleanups.push(() => server.close());
  /** Joins with the participant link, gives a profile; returns the secret (the cookie) and the caller. */
  async function join(name: string, departmentId = doc.departments[0]!.id) {
    const joined = api.workshop.exchangeJoinToken(new URL(info.joinUrl).searchParams.get('token')!)!;
    await call('workshop:profile', { name, departmentId }, api.workshop.identify(joined.sessionSecret)!);
    return { secret: joined.sessionSecret, caller: api.workshop.identify(joined.sessionSecret)! };
  }
  function open(docName: string, session: string) {
    const client = connect(server.url, docName, session);
    cleanups.push(() => client.provider.destroy());
    return client;
  }
  const stage = doc.stages.find((s) => s.fields.length > 0)!;
  return { api, call, doc, info, join, open, field: { stageId: stage.id, fieldId: stage.fields[0]!.id }, dir };
}

/** The record as the host has it (refusals included), via a flush and a status read. */
async function refusals(w: Awaited<ReturnType<typeof workshop>>) {
  await w.api.workshop.flush();
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const text = await readFile(join(w.dir, 'review', w.doc.id, 'workshops', `${w.info.workshopId}.json`), 'utf8');
  return JSON.parse(text).refused as Array<{ participantId?: string; reason: string }>;
}

describe('live gate', () => {
  it('gives a reader the process and every change the host makes, within a second', async () => {
    const w = await workshop();
    const sam = await w.join('Sam');
    const reader = w.open(w.info.docs.room, sam.secret);
    await reader.synced();

    const before = readProcess(reader.doc);
    const startedAt = performance.now();
    await w.call('workshop:mark', { ...w.field, reads: true, opId: 'op-mark-0001' }, sam.caller);
    await until(() => readRoom(reader.doc).marks.length === 1, 1000, 'the mark');
    const markMs = performance.now() - startedAt;
    const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = w.doc;
    await w.call('process:save', { process: { ...content, name: 'Renamed in the room' }, baseRevision: w.doc.revision });
    await until(() => readProcess(reader.doc)?.name === 'Renamed in the room', 1000, 'the saved process');

    expect(before).toMatchObject({ id: w.doc.id, name: w.doc.name });
    expect(readRoom(reader.doc).marks[0]).toMatchObject({ participantId: sam.caller.participantId, reads: true });
    console.log(`live gate: mark visible to a reader after ${markMs.toFixed(1)} ms`);
  });

  it('refuses and logs a participant\'s change to the document, and never applies it', async () => {
    const w = await workshop();
    const mallory = await w.join('Mallory');
    const evil = w.open(w.info.docs.room, mallory.secret);
    const honest = w.open(w.info.docs.room, 'facilitator');
    await Promise.all([evil.synced(), honest.synced()]);

    evil.doc.getMap('participants').set('u-fake', { id: 'u-fake', name: 'Boss', departmentId: w.doc.departments[0]!.id, role: 'participant', joinedAt: '2026-11-27T10:00:00Z' });
    const meta = evil.doc.getMap('process').get('meta') as Record<string, unknown>;
    evil.doc.getMap('process').set('meta', { ...meta, name: 'Hijacked' });
    await until(() => (w.api.workshop.stats().refused ?? 0) >= 2, 2000, 'the refusals');
    // A later honest change still reaches everyone: the gate dropped the messages, not the room.
    await w.call('workshop:reveal', { revealed: true });
    await until(() => readRoom(honest.doc).resultsRevealed, 1000, 'the reveal');

    const log = await refusals(w);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log[0]).toMatchObject({ participantId: mallory.caller.participantId, reason: expect.stringContaining('refused') });
    expect(readProcess(w.api.workshop.docs!.room)?.name).toBe(w.doc.name);
    expect(readProcess(honest.doc)?.name).toBe(w.doc.name);
    expect(readRoom(honest.doc).participants.map((p) => p.name)).toEqual(['Mallory']);
  });

  it('overwrites a spoofed presence with the connection\'s identity and drops a participant\'s "follow me"', async () => {
    const w = await workshop();
    const sam = await w.join('Sam', w.doc.departments[1]!.id);
    const spoofer = w.open(w.info.docs.room, sam.secret);
    const facilitator = w.open(w.info.docs.room, 'facilitator');
    await Promise.all([spoofer.synced(), facilitator.synced()]);

    spoofer.provider.awareness.setLocalState({
      user: { participantId: 'u-someone-else', name: 'The CEO', departmentId: w.doc.departments[0]!.id, role: 'facilitator' },
      stageId: w.field.stageId,
      lead: { stageId: w.field.stageId, presenting: true },
    });
    const id = spoofer.doc.clientID;
    await until(() => facilitator.provider.awareness.getStates().get(id)?.stageId === w.field.stageId, 2000, 'the presence');

    expect(facilitator.provider.awareness.getStates().get(id)).toEqual({
      user: { participantId: sam.caller.participantId, name: 'Sam', departmentId: w.doc.departments[1]!.id, role: 'participant' },
      stageId: w.field.stageId,
      lead: null,
    });
    const status = await w.call('workshop:status', {});
    expect(status.workshop.participants).toMatchObject([{ name: 'Sam', online: true, stageId: w.field.stageId }]);
  });

  it('lets the facilitator lead, and shows votes only to the facilitator until revealed', async () => {
    const w = await workshop();
    const sam = await w.join('Sam');
    const room = w.open(w.info.docs.room, sam.secret);
    const lead = w.open(w.info.docs.room, 'facilitator');
    const votes = w.open(w.info.docs.facilitator, 'facilitator');
    await Promise.all([room.synced(), lead.synced(), votes.synced()]);

    lead.provider.awareness.setLocalState({ user: { participantId: null, name: 'x', departmentId: null, role: 'facilitator' }, stageId: null, lead: { stageId: w.field.stageId, presenting: true } });
    await w.call('workshop:vote', { ...w.field, choice: 'drop', opId: 'op-vote-0001' }, sam.caller);
    await until(() => readFacilitatorVotes(votes.doc).length === 1, 1000, 'the facilitator\'s vote');
    await until(() => room.provider.awareness.getStates().get(lead.doc.clientID)?.lead != null, 1000, 'the lead');

    expect(readRoom(room.doc).votes).toEqual([]);
    expect(room.provider.awareness.getStates().get(lead.doc.clientID)).toMatchObject({ user: { role: 'facilitator', name: 'Facilitator' }, lead: { stageId: w.field.stageId, presenting: true } });
  });

  it('closes a participant asking for the facilitator document with 4403', async () => {
    const w = await workshop();
    const sam = await w.join('Sam');

    const peek = w.open(w.info.docs.facilitator, sam.secret);
    await until(() => peek.closes.includes(4403), 2000, 'the 4403 close');

    expect(peek.doc.getMap('votes').size).toBe(0);
    expect((await refusals(w)).at(-1)?.reason).toContain("facilitator's live document");
  });

  it('closes the connections of a revoked participant, and every connection when the workshop ends', async () => {
    const w = await workshop();
    const sam = await w.join('Sam');
    const fay = await w.join('Fay');
    const samView = w.open(w.info.docs.room, sam.secret);
    const fayView = w.open(w.info.docs.room, fay.secret);
    await Promise.all([samView.synced(), fayView.synced()]);

    await w.call('workshop:revoke', { participantId: sam.caller.participantId });
    await until(() => samView.closes.includes(4401), 2000, 'the revoke close');
    const fayStillOpen = fayView.closes.length === 0;
    await w.call('workshop:end', {});
    await until(() => fayView.closes.includes(4410), 2000, 'the end close');

    expect(fayStillOpen).toBe(true);
    expect(readRoom(fayView.doc).endedAt).toEqual(expect.any(String));
  });

  it('lets a reader reconnect with its copy of the document without a refusal', async () => {
    const w = await workshop();
    const sam = await w.join('Sam');
    const reader = w.open(w.info.docs.room, sam.secret);
    await reader.synced();
    await w.call('workshop:mark', { ...w.field, reads: true, opId: 'op-mark-0001' }, sam.caller);
    await w.call('workshop:mark', { ...w.field, fills: true, opId: 'op-mark-0002' }, sam.caller);
    await until(() => readRoom(reader.doc).marks[0]?.fills === true, 1000, 'the second mark');

    reader.provider.disconnect();
    await w.call('workshop:mark', { ...w.field, reads: false, opId: 'op-mark-0003' }, sam.caller);
    reader.provider.connect();
    await until(() => readRoom(reader.doc).marks[0]?.reads === false, 2000, 'the mark made while away');

    expect(Y.encodeStateAsUpdate(reader.doc).length).toBeGreaterThan(0);
    expect(await refusals(w)).toEqual([]);
  });
});
