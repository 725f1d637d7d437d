import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../../src/main/api/handlers';
import { createWorkspace } from '../../../../src/main/services/workspace';
import type { Caller, LanOpener } from '../../../../src/main/services/live/types';
import type { WorkshopService } from '../../../../src/main/services/live/workshop';
import type { Channel } from '../../../../src/shared/api/contract';
import type { Process } from '../../../../src/shared/model/schema';
import { WorkshopRecordSchema } from '../../../../src/shared/live/schema';
import { sequentialIds, tempDir, tickingClock } from '../helpers';

const services: WorkshopService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function room(options: { dir?: string; lan?: LanOpener; flushMs?: number } = {}) {
  const dir = options.dir ?? (await tempDir());
  const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
  const api: Api = createApi(workspace, {
    transport: 'http',
    loopbackUrl: () => 'http://127.0.0.1:5173/',
    newId: sequentialIds('x'),
    ...(options.lan ? { lan: options.lan } : {}),
  });
  services.push(api.workshop);
  /** Calls `channel` as `caller` (default the facilitator) and returns its value, or throws its error. */
  async function call<C extends Channel>(channel: C, input: unknown, caller?: Caller): Promise<any> {
    const r = await api.dispatch(channel, input, caller);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.message}`), { code: r.error.code });
    return r.value;
  }
  return { dir, api, call, gate: api.workshop };
}

type Room = Awaited<ReturnType<typeof room>>;

async function sampleProcess(r: Room): Promise<Process> {
  return r.call('process:create', { name: 'Workshop', template: 'sample' });
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

/** Joins with the participant (or observer) link and gives a profile; returns the caller the host would pass. */
async function joinAs(r: Room, joinUrl: string, name: string, departmentId: string): Promise<Caller> {
  const joined = r.gate.exchangeJoinToken(tokenOf(joinUrl));
  if (!joined) throw new Error('join refused');
  const anonymous = r.gate.identify(joined.sessionSecret)!;
  await r.call('workshop:profile', { name, departmentId }, anonymous);
  return { ...r.gate.identify(joined.sessionSecret)!, secret: joined.sessionSecret } as Caller & { secret: string };
}

const fieldOf = (doc: Process, n = 0) => {
  const stage = doc.stages.find((s) => s.fields.length > n)!;
  return { stageId: stage.id, fieldId: stage.fields[n]!.id };
};

async function recordOnDisk(dir: string, processId: string, workshopId: string) {
  const text = await readFile(join(dir, 'review', processId, 'workshops', `${workshopId}.json`), 'utf8');
  return WorkshopRecordSchema.parse(JSON.parse(text));
}

describe('workshop service', () => {
  it('opens a workshop with join links carrying 256-bit tokens and QR codes, on the loopback URL without a LAN opener', async () => {
    const r = await room();
    const doc = await sampleProcess(r);

    const info = await r.call('workshop:start', { processId: doc.id });

    expect(info.joinUrl).toMatch(/^http:\/\/127\.0\.0\.1:5173\/join\?token=[A-Za-z0-9_-]{43}$/);
    expect(info.observerUrl).not.toBe(info.joinUrl);
    expect(info.joinQrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(info.addresses).toEqual(['http://127.0.0.1:5173/']);
    expect(await r.call('workshop:start', { processId: doc.id })).toMatchObject({ workshopId: info.workshopId, joinUrl: info.joinUrl });
  });

  it('serves the join link on the LAN listener the opener gives, and closes it when the workshop ends', async () => {
    let closed = 0;
    const lan: LanOpener = {
      open: async ({ bind }) => ({ url: `http://${bind}:5173/`, tls: false, close: async () => void closed++ }),
    };
    const r = await room({ lan });
    const doc = await sampleProcess(r);

    const info = await r.call('workshop:start', { processId: doc.id, bind: '127.0.0.2' });
    await r.call('workshop:end', {});

    expect(info.joinUrl.startsWith('http://127.0.0.2:5173/join?token=')).toBe(true);
    expect(info.addresses).toEqual(['http://127.0.0.1:5173/', 'http://127.0.0.2:5173/']);
    expect(closed).toBe(1);
  });

  it('refuses a second workshop on another process as a conflict', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const other = await r.call('process:create', { name: 'Other', template: 'sample' });
    await r.call('workshop:start', { processId: doc.id });

    await expect(r.call('workshop:start', { processId: other.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('exchanges a join token for a session, and refuses an unknown token or secret', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });

    const joined = r.gate.exchangeJoinToken(tokenOf(info.joinUrl))!;
    const observer = r.gate.exchangeJoinToken(tokenOf(info.observerUrl))!;

    expect(joined.role).toBe('participant');
    expect(joined.sessionSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(observer.role).toBe('observer');
    expect(r.gate.identify(joined.sessionSecret)).toMatchObject({ role: 'participant', sessionId: expect.any(String) });
    expect(r.gate.exchangeJoinToken(`${tokenOf(info.joinUrl)}x`)).toBeNull();
    expect(r.gate.exchangeJoinToken('')).toBeNull();
    expect(r.gate.identify('not-a-session')).toBeNull();
  });

  it('asks a joined browser for a profile, then knows it by name and department', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const joined = r.gate.exchangeJoinToken(tokenOf(info.joinUrl))!;
    const anonymous = r.gate.identify(joined.sessionSecret)!;

    const before = await r.call('workshop:whoami', {}, anonymous);
    await expect(r.call('workshop:profile', { name: 'Sam', departmentId: 'nope' }, anonymous)).rejects.toMatchObject({ code: 'invalid-input' });
    const participant = await r.call('workshop:profile', { name: ' Sam ', departmentId: doc.departments[0]!.id }, anonymous);
    const after = await r.call('workshop:whoami', {}, r.gate.identify(joined.sessionSecret)!);

    expect(before).toMatchObject({ role: 'participant', participant: null, needsProfile: true, workshop: { docs: { room: `${info.workshopId}.room` } } });
    expect(before.workshop.docs.facilitator).toBeUndefined();
    expect(participant).toMatchObject({ name: 'Sam', departmentId: doc.departments[0]!.id, role: 'participant' });
    expect(after).toMatchObject({ needsProfile: false, participant: { id: participant.id } });
    expect(r.gate.identify(joined.sessionSecret)!.participantId).toBe(participant.id);
  });

  it('records marks per participant and field, keeping an absent flag', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);

    await r.call('workshop:mark', { ...fieldOf(doc), fills: true, opId: 'op-mark-0001' }, sam);
    const mark = await r.call('workshop:mark', { ...fieldOf(doc), reads: true, opId: 'op-mark-0002' }, sam);
    const mine = await r.call('workshop:my-state', {}, sam);

    expect(mark).toMatchObject({ ...fieldOf(doc), participantId: sam.participantId, fills: true, reads: true });
    expect(mine.marks).toHaveLength(1);
    await expect(r.call('workshop:mark', { stageId: fieldOf(doc).stageId, fieldId: 'no-such-field', fills: true, opId: 'op-mark-0003' }, sam)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('keeps votes out of other participants\' view until the facilitator reveals them', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);
    const fay = await joinAs(r, info.joinUrl, 'Fay', doc.departments[1]!.id);

    const { vote } = await r.call('workshop:vote', { ...fieldOf(doc), choice: 'drop', opId: 'op-vote-0001' }, sam);
    const fayView = await r.call('workshop:my-state', {}, fay);
    const samView = await r.call('workshop:my-state', {}, sam);
    const hidden = await r.call('workshop:whoami', {}, fay);
    await r.call('workshop:reveal', { revealed: true });
    const shown = await r.call('workshop:whoami', {}, fay);

    expect(vote).toMatchObject({ participantId: sam.participantId, departmentId: doc.departments[0]!.id, choice: 'drop' });
    expect(fayView.votes).toEqual([]);
    expect(samView.votes).toEqual([vote]);
    expect(hidden.workshop.resultsRevealed).toBe(false);
    expect(shown.workshop.resultsRevealed).toBe(true);
  });

  it('takes a vote back with choice null', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);
    await r.call('workshop:vote', { ...fieldOf(doc), choice: 'keep', opId: 'op-vote-0001' }, sam);

    const back = await r.call('workshop:vote', { ...fieldOf(doc), choice: null, opId: 'op-vote-0002' }, sam);

    expect(back).toEqual({ vote: null });
    expect((await r.call('workshop:my-state', {}, sam)).votes).toEqual([]);
  });

  it('posts a challenge as a comment on the field, authored by the participant, never by what the client claims', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);

    const challenge = await r.call('workshop:challenge', { ...fieldOf(doc), question: 'Who reads this?', opId: 'op-chal-0001' }, sam);
    const comment = await r.call('workshop:comment', { target: { kind: 'process' }, body: 'Too many fields', opId: 'op-comm-0001', author: { name: 'Boss', departmentId: 'finance' } }, sam);
    const comments = await r.call('comment:list', { processId: doc.id });

    const posted = comments.find((c: { id: string }) => c.id === challenge.commentId);
    expect(posted).toMatchObject({ target: { kind: 'field', ...fieldOf(doc) }, body: 'Who reads this?', author: { name: 'Sam', departmentId: doc.departments[0]!.id } });
    expect(comment.author).toEqual({ name: 'Sam', departmentId: doc.departments[0]!.id });
  });

  it('lets observers read but not vote, mark, challenge or comment', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const projector = await joinAs(r, info.observerUrl, 'Projector', doc.departments[0]!.id);

    await expect(r.call('workshop:vote', { ...fieldOf(doc), choice: 'keep', opId: 'op-vote-0001' }, projector)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(r.call('workshop:comment', { target: { kind: 'process' }, body: 'x', opId: 'op-comm-0001' }, projector)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await r.call('workshop:whoami', {}, projector)).toMatchObject({ role: 'observer', participant: { role: 'observer' } });
  });

  it('gives a returning name its participant back only while no other browser holds it', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);

    const twin = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);

    expect(twin.participantId).not.toBe(sam.participantId);
  });

  it('revokes a participant: their session is refused and their actions too', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = (await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id)) as Caller & { secret: string };

    const revoked = await r.call('workshop:revoke', { participantId: sam.participantId });

    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect(r.gate.identify(sam.secret)).toBeNull();
    await expect(r.call('workshop:vote', { ...fieldOf(doc), choice: 'keep', opId: 'op-vote-0001' }, sam)).rejects.toMatchObject({ code: 'unauthorized' });
    const status = await r.call('workshop:status', {});
    expect(status.workshop.participants[0]).toMatchObject({ id: sam.participantId, revokedAt: revoked.revokedAt, online: false });
  });

  it('applies an action replayed with the same opId once', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);
    const input = { target: { kind: 'process' }, body: 'Queued while offline', opId: 'op-offline-01' };

    const [first, second] = await Promise.all([r.call('workshop:comment', input, sam), r.call('workshop:comment', input, sam)]);
    const third = await r.call('workshop:comment', input, sam);
    const comments = await r.call('comment:list', { processId: doc.id });

    expect(comments.filter((c: { body: string }) => c.body === 'Queued while offline')).toHaveLength(1);
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);
  });

  it('writes the record within the flush delay, and with endedAt when the workshop ends', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    const info = await r.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(r, info.joinUrl, 'Sam', doc.departments[0]!.id);
    await r.call('workshop:vote', { ...fieldOf(doc), choice: 'drop', opId: 'op-vote-0001' }, sam);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const flushed = await recordOnDisk(r.dir, doc.id, info.workshopId);
    const { record } = await r.call('workshop:end', {});
    const ended = await recordOnDisk(r.dir, doc.id, info.workshopId);

    expect(flushed.votes).toMatchObject([{ participantId: sam.participantId, choice: 'drop' }]);
    expect(flushed.appliedOps).toEqual(['op-vote-0001']);
    expect(flushed.endedAt).toBeUndefined();
    expect(ended).toEqual(record);
    expect(ended.endedAt).toEqual(expect.any(String));
    expect((await r.call('workshop:status', {})).workshop).toBeNull();
  });

  it('picks up an unfinished workshop after a restart, still applying each opId once', async () => {
    const first = await room();
    const doc = await sampleProcess(first);
    const info = await first.call('workshop:start', { processId: doc.id });
    const sam = await joinAs(first, info.joinUrl, 'Sam', doc.departments[0]!.id);
    await first.call('workshop:vote', { ...fieldOf(doc), choice: 'drop', opId: 'op-vote-0001' }, sam);
    await first.gate.flush();

    const second = await room({ dir: first.dir });
    const again = await second.call('workshop:start', { processId: doc.id });
    const samAgain = await joinAs(second, again.joinUrl, 'Sam', doc.departments[0]!.id);
    const status = await second.call('workshop:status', {});
    const replay = await second.call('workshop:vote', { ...fieldOf(doc), choice: 'keep', opId: 'op-vote-0001' }, samAgain);

    expect(again.workshopId).toBe(info.workshopId);
    expect(again.joinUrl).not.toBe(info.joinUrl);
    expect(samAgain.participantId).toBe(sam.participantId);
    expect(status.workshop.participants.map((p: { name: string }) => p.name)).toEqual(['Sam']);
    expect(replay.vote).toMatchObject({ choice: 'drop' });
  });

  it('shows the room the process as the facilitator saves it', async () => {
    const r = await room();
    const doc = await sampleProcess(r);
    await r.call('workshop:start', { processId: doc.id });
    const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = doc;

    await r.call('process:save', { process: { ...content, name: 'Renamed live' }, baseRevision: doc.revision });

    expect((await r.call('workshop:status', {})).workshop.processName).toBe('Renamed live');
  });
});
