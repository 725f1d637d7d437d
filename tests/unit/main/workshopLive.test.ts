import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Output } from '../../../src/shared/api/contract';
import { startHost, type Host } from '../../../src/main/host/server';
import { tempDir } from './helpers';
import { closed, join as joinWith, received, openLive, originOf, post, send, type Target } from './liveHelpers';

/**
 * Security of the workshop (issue 9, "Must show") against the real workshop service: a host on a
 * temp workspace at 127.0.0.1, its LAN listener on 127.0.0.2 standing in for the LAN address.
 */

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function openWorkshop() {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Stagecraft</title>');
  host = await startHost({ workspaceDir: join(base, 'ws'), rendererDir, port: 0 });
  const loopback: Target = { url: host.url };
  const listed = JSON.parse((await post(loopback, 'process:list', {})).body) as { value: Output<'process:list'> };
  const processId = listed.value.processes[0]!.id;
  const process = JSON.parse((await post(loopback, 'process:open', { id: processId })).body) as { value: Output<'process:open'> };
  const started = await post(loopback, 'workshop:start', { processId, bind: '127.0.0.2' });
  expect(started.status).toBe(200);
  const info = (JSON.parse(started.body) as { value: Output<'workshop:start'> }).value;
  const lan: Target = { url: new URL(info.joinUrl).origin + '/' };
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
  return { loopback, lan, info, process: process.value, participantToken: tokenOf(info.joinUrl), observerToken: tokenOf(info.observerUrl) };
}

async function named(lan: Target, token: string, name: string, departmentId: string) {
  const cookie = await joinWith(lan, token);
  const profile = await post(lan, 'workshop:profile', { name, departmentId }, { cookie });
  expect(profile.status).toBe(200);
  return { cookie, participant: (JSON.parse(profile.body) as { value: Output<'workshop:profile'> }).value };
}

describe('live workshop security (real service)', () => {
  it('serves the join URL on the LAN address and refuses everything without a cookie or with a bad token', async () => {
    const { lan, info } = await openWorkshop();

    expect(info.joinUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/join\?token=/);
    expect(info.addresses[0]).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect((await send(lan, '/')).status).toBe(401);
    expect((await post(lan, 'workshop:whoami', {})).status).toBe(401);
    expect(await openLive(lan, `${info.docs.room}`, { origin: originOf(lan) })).toEqual({ ok: false, status: 401 });
    expect((await send(lan, '/join?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
  });

  it('keeps a participant from editing the process or acting as someone else', async () => {
    const { lan, loopback, process, participantToken } = await openWorkshop();
    const [sales, finance] = process.departments;
    const { cookie } = await named(lan, participantToken, 'Sam', sales!.id);
    const { revision, createdAt, updatedAt, ...content } = process;
    void createdAt;
    void updatedAt;

    const save = await post(lan, 'process:save', { process: { ...content, name: 'Hijacked' }, baseRevision: revision }, { cookie });
    const del = await post(lan, 'process:delete', { id: process.id }, { cookie });
    const proposal = await post(lan, 'proposal:create', { processId: process.id, title: 'Drop budget', author: { name: 'Pat', departmentId: finance!.id } }, { cookie });

    expect(save.status).toBe(403);
    expect(del.status).toBe(403);
    const stored = JSON.parse((await post(loopback, 'process:open', { id: process.id })).body) as { value: Output<'process:open'> };
    expect(stored.value.name).toBe(process.name);
    expect(proposal.status).toBe(200);
    expect((JSON.parse(proposal.body) as { value: Output<'proposal:create'> }).value.author).toEqual({ name: 'Sam', departmentId: sales!.id });
  });

  it('refuses a revoked participant’s cookie', async () => {
    const { lan, loopback, process, participantToken } = await openWorkshop();
    const { cookie, participant } = await named(lan, participantToken, 'Sam', process.departments[0]!.id);
    expect((await send(lan, '/', { headers: { cookie } })).status).toBe(200);

    const revoked = await post(loopback, 'workshop:revoke', { participantId: participant.id });

    expect(revoked.status).toBe(200);
    expect((await send(lan, '/', { headers: { cookie } })).status).toBe(401);
    expect((await post(lan, 'workshop:whoami', {}, { cookie })).status).toBe(401);
    expect(await openLive(lan, 'x.room', { cookie, origin: originOf(lan) })).toEqual({ ok: false, status: 401 });
  });

  it('serves the room document to a participant, refuses a foreign Origin, and closes the socket when revoked', async () => {
    const { lan, loopback, info, process, participantToken } = await openWorkshop();
    const { cookie, participant } = await named(lan, participantToken, 'Sam', process.departments[0]!.id);

    expect(await openLive(lan, info.docs.room, { cookie, origin: 'http://evil.example' })).toEqual({ ok: false, status: 403 });
    const upgrade = await openLive(lan, info.docs.room, { cookie, origin: originOf(lan) });
    if (!upgrade.ok) throw new Error(`upgrade refused: ${upgrade.status}`);
    await received(upgrade.messages);
    expect(upgrade.messages[0]!.length).toBeGreaterThan(0);
    const facilitatorDoc = await openLive(lan, info.docs.facilitator, { cookie, origin: originOf(lan) });
    if (facilitatorDoc.ok) expect(await closed(facilitatorDoc.ws)).toBe(4403);

    await post(loopback, 'workshop:revoke', { participantId: participant.id });

    expect(await closed(upgrade.ws)).toBe(4401);
  });

  it('ending the workshop closes the LAN listener; the loopback host keeps serving', async () => {
    const { lan, loopback, process, participantToken } = await openWorkshop();
    const { cookie } = await named(lan, participantToken, 'Sam', process.departments[0]!.id);

    const ended = await post(loopback, 'workshop:end', {});

    expect(ended.status).toBe(200);
    await expect(send(lan, '/', { headers: { cookie } })).rejects.toThrow(/ECONNREFUSED/);
    expect(host!.lanListener).toBeUndefined();
    expect((await post(loopback, 'process:list', {})).status).toBe(200);
  });
});
