import { execFileSync, spawnSync } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ApiResult, Channel } from '../../../src/shared/api/contract';
import { startHost, type Host, type HostOptions } from '../../../src/main/host/server';
import type { Caller, WorkshopGate } from '../../../src/main/services/live/types';
import { tempDir } from './helpers';
import { closed, cookieOf, join as joinWith, openLive, originOf, post, send, type Target } from './liveHelpers';

/**
 * The workshop's LAN listener against a stand-in workshop service (tokens, sessions, a live echo)
 * and a recording API, on 127.0.0.1 (loopback) and 127.0.0.2 (standing in for the LAN address).
 * The same checks against the real workshop service are in workshopLive.test.ts.
 */

const PARTICIPANT_TOKEN = 'participant-token-0123456789abcdefghijklmnopqrstu';
const OBSERVER_TOKEN = 'observer-token-0123456789abcdefghijklmnopqrstuvwx';

interface Call {
  channel: unknown;
  input: unknown;
  caller: Caller | undefined;
}

function fakeWorkshop() {
  let n = 0;
  const sessions = new Map<string, { caller: Caller; revoked: boolean }>();
  const names = new Map<string, { name: string; departmentId: string }>();
  const calls: Call[] = [];
  const live: { docName: string; caller: Caller; ws: WebSocket }[] = [];
  const gate: WorkshopGate & { open: boolean } = {
    open: true,
    exchangeJoinToken(token) {
      const role = token === PARTICIPANT_TOKEN ? 'participant' : token === OBSERVER_TOKEN ? 'observer' : undefined;
      if (!role) return null;
      n++;
      const sessionSecret = `secret-${n}-abcdefghijklmnopqrstuvwxyz0123456789`;
      sessions.set(sessionSecret, { caller: { role, participantId: `u${n}`, sessionId: `s${n}` }, revoked: false });
      return { sessionSecret, role };
    },
    identify(secret) {
      const session = sessions.get(secret);
      return session && !session.revoked && gate.open ? session.caller : null;
    },
    connectLive(ws, _req, docName, caller) {
      live.push({ docName, caller, ws });
      ws.on('message', (data: Buffer) => ws.send(`echo ${data.toString()}`));
      ws.send(`hello ${caller.role}`);
    },
  };
  const dispatch = async (channel: unknown, input: unknown, caller?: Caller): Promise<ApiResult<Channel>> => {
    calls.push({ channel, input, caller });
    if (channel === 'workshop:whoami') {
      const participant = caller?.participantId ? names.get(caller.participantId) : undefined;
      return {
        ok: true,
        value: {
          role: caller?.role ?? 'facilitator',
          participant: participant ? { id: caller!.participantId, ...participant } : null,
          needsProfile: !participant,
          workshop: { workshopId: 'w1', processId: 'p1', processName: 'Lead to cash', docs: { room: 'w1.room' }, resultsRevealed: false },
        },
      } as unknown as ApiResult<Channel>;
    }
    if (channel === 'workshop:profile') {
      names.set(caller!.participantId!, input as { name: string; departmentId: string });
      return { ok: true, value: input } as unknown as ApiResult<Channel>;
    }
    if (channel === 'proposal:open') {
      return { ok: true, value: { id: 'x', author: { name: 'Sam', departmentId: 'sales' } } } as unknown as ApiResult<Channel>;
    }
    return { ok: true, value: { echo: input } } as unknown as ApiResult<Channel>;
  };
  const revoke = (participantId: string) => {
    for (const session of sessions.values()) if (session.caller.participantId === participantId) session.revoked = true;
  };
  return { gate, dispatch, calls, live, revoke };
}

let hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

async function start(extra: Partial<HostOptions> = {}) {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Stagecraft</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const fake = fakeWorkshop();
  const host = await startHost({ workspaceDir: join(base, 'ws'), rendererDir, port: 0, dispatch: fake.dispatch, gate: fake.gate, ...extra });
  hosts.push(host);
  const lan = await host.lan.open({ bind: '127.0.0.2' });
  const loopback: Target = { url: host.url };
  return { host, lan: { url: lan.url } as Target, listener: lan, loopback, ...fake };
}

/** A participant who joined and gave a name. */
async function participant(lan: Target, name = 'Sam', departmentId = 'sales') {
  const cookie = await joinWith(lan, PARTICIPANT_TOKEN);
  await post(lan, 'workshop:profile', { name, departmentId }, { cookie });
  return cookie;
}

describe('workshop LAN listener: joining', () => {
  it('opens on the LAN address, on the loopback port when it is free', async () => {
    const { host, listener } = await start();

    expect(listener.url).toBe(`http://127.0.0.2:${host.port}/`);
    expect(listener.tls).toBe(false);
  });

  it('refuses everything without a session cookie with 401: static files, the API and the live socket', async () => {
    const { lan, calls } = await start();

    expect((await send(lan, '/')).status).toBe(401);
    expect((await send(lan, '/assets/app.js')).status).toBe(401);
    expect((await send(lan, '/index.html')).status).toBe(401);
    const api = await post(lan, 'process:list', {});
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await openLive(lan, 'w1.room', { origin: originOf(lan) })).toEqual({ ok: false, status: 401 });
    expect(calls).toEqual([]);
  });

  it('refuses a bad or missing join token with 401 and sets no cookie', async () => {
    const { lan } = await start();

    for (const path of ['/join?token=guess', '/join', `/join?token=${PARTICIPANT_TOKEN}x`]) {
      const reply = await send(lan, path);
      expect(reply.status, path).toBe(401);
      expect(reply.headers['set-cookie'], path).toBeUndefined();
    }
  });

  it('exchanges a good token for an HttpOnly, SameSite=Strict session cookie and a redirect to the app', async () => {
    const { lan } = await start();

    const reply = await send(lan, `/join?token=${PARTICIPANT_TOKEN}`);

    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    const cookie = reply.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^stagecraft_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const page = await send(lan, '/', { headers: { cookie: cookieOf(reply) } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Stagecraft</title>');
  });

  it('dispatches API calls with the session’s caller', async () => {
    const { lan, calls } = await start();
    const cookie = await joinWith(lan, OBSERVER_TOKEN);

    const reply = await post(lan, 'workshop:whoami', {}, { cookie });

    expect(reply.status).toBe(200);
    expect(calls.at(-1)).toEqual({ channel: 'workshop:whoami', input: {}, caller: { role: 'observer', participantId: 'u1', sessionId: 's1' } });
  });

  it('refuses the loopback Host header (and any other) on the LAN listener', async () => {
    const { lan, host } = await start();
    const cookie = await joinWith(lan, PARTICIPANT_TOKEN);

    const asLoopback = await send(lan, '/', { headers: { cookie, host: `127.0.0.1:${host.port}` } });
    const asName = await send(lan, '/', { headers: { cookie, host: `stagecraft.example:${host.port}` } });
    const wsAsLoopback = await openLive(lan, 'w1.room', { cookie, host: `127.0.0.1:${host.port}`, origin: `http://127.0.0.1:${host.port}` });

    expect(asLoopback.status).toBe(403);
    expect(asName.status).toBe(403);
    expect(wsAsLoopback).toEqual({ ok: false, status: 403 });
  });

  it('refuses a cross-origin API call on the LAN listener', async () => {
    const { lan } = await start();
    const cookie = await joinWith(lan, PARTICIPANT_TOKEN);

    const reply = await post(lan, 'workshop:whoami', {}, { cookie, origin: 'http://evil.example' });

    expect(reply.status).toBe(403);
  });
});

describe('workshop LAN listener: roles', () => {
  it('refuses a participant’s process:save and process:delete with 403 without dispatching them', async () => {
    const { lan, calls } = await start();
    const cookie = await participant(lan);

    const save = await post(lan, 'process:save', { process: {}, baseRevision: 0 }, { cookie });
    const del = await post(lan, 'process:delete', { id: 'p1' }, { cookie });

    expect(save.status).toBe(403);
    expect(JSON.parse(save.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(del.status).toBe(403);
    expect(calls.map((c) => c.channel)).not.toContain('process:save');
    expect(calls.map((c) => c.channel)).not.toContain('process:delete');
  });

  it('refuses an observer’s vote', async () => {
    const { lan } = await start();
    const cookie = await joinWith(lan, OBSERVER_TOKEN);

    const reply = await post(lan, 'workshop:vote', { stageId: 's', fieldId: 'f', choice: 'keep', opId: 'op-00000001' }, { cookie });

    expect(reply.status).toBe(403);
  });

  it('stamps the participant as author: nobody can act as someone else', async () => {
    const { lan, calls } = await start();
    const cookie = await participant(lan, 'Sam', 'sales');

    const reply = await post(lan, 'proposal:create', { processId: 'p1', title: 'Drop budget', author: { name: 'Pat', departmentId: 'finance' } }, { cookie });

    expect(reply.status).toBe(200);
    expect(calls.at(-1)).toMatchObject({ channel: 'proposal:create', input: { author: { name: 'Sam', departmentId: 'sales' } }, caller: { role: 'participant' } });
  });

  it('asks for a name before an attributed call', async () => {
    const { lan } = await start();
    const cookie = await joinWith(lan, PARTICIPANT_TOKEN);

    const reply = await post(lan, 'proposal:create', { processId: 'p1', title: 'x', author: { name: 'Pat', departmentId: 'finance' } }, { cookie });

    expect(reply.status).toBe(403);
    expect(reply.body).toContain('name');
  });

  it('lets a participant change only their own proposals', async () => {
    const { lan } = await start();
    const sam = await participant(lan, 'Sam', 'sales');
    const kim = await participant(lan, 'Kim', 'marketing');
    const move = { processId: 'p1', proposalId: 'x', status: 'in-review', author: { name: 'Sam', departmentId: 'sales' } };

    expect((await post(lan, 'proposal:set-status', move, { cookie: sam })).status).toBe(200);
    expect((await post(lan, 'proposal:set-status', move, { cookie: kim })).status).toBe(403);
  });

  it('keeps the room on the workshop’s process', async () => {
    const { lan } = await start();
    const cookie = await joinWith(lan, OBSERVER_TOKEN);

    expect((await post(lan, 'process:open', { id: 'p1' }, { cookie })).status).toBe(200);
    expect((await post(lan, 'process:open', { id: 'p2' }, { cookie })).status).toBe(403);
    expect((await post(lan, 'comment:list', { processId: 'p2' }, { cookie })).status).toBe(403);
  });

  it('passes the facilitator’s loopback calls unchanged', async () => {
    const { loopback, calls } = await start();

    const reply = await post(loopback, 'process:save', { process: {}, baseRevision: 0 });

    expect(reply.status).toBe(200);
    expect(calls.at(-1)).toMatchObject({ channel: 'process:save', caller: { role: 'facilitator' } });
  });
});

describe('workshop LAN listener: sessions and limits', () => {
  it('refuses a revoked cookie and closes its live socket', async () => {
    const { lan, revoke } = await start();
    const cookie = await participant(lan);
    const upgrade = await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) });
    if (!upgrade.ok) throw new Error(`upgrade refused: ${upgrade.status}`);

    revoke('u1');

    expect(await closed(upgrade.ws)).toBe(4401);
    expect((await post(lan, 'workshop:whoami', {}, { cookie })).status).toBe(401);
    expect((await send(lan, '/', { headers: { cookie } })).status).toBe(401);
    expect(await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) })).toEqual({ ok: false, status: 401 });
  });

  it('rate-limits a participant’s API calls with 429 rate-limited, per session', async () => {
    const { lan } = await start({ rates: { api: { ratePerSecond: 1, burst: 3 } } });
    const sam = await joinWith(lan, PARTICIPANT_TOKEN);
    const kim = await joinWith(lan, PARTICIPANT_TOKEN);

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(lan, 'workshop:whoami', {}, { cookie: sam })).status);
    const other = await post(lan, 'workshop:whoami', {}, { cookie: kim });

    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(other.status).toBe(200);
  });

  it('answers 429 with rate-limited and Retry-After', async () => {
    const { lan } = await start({ rates: { api: { ratePerSecond: 1, burst: 1 } } });
    const cookie = await joinWith(lan, PARTICIPANT_TOKEN);
    await post(lan, 'workshop:whoami', {}, { cookie });

    const reply = await post(lan, 'workshop:whoami', {}, { cookie });

    expect(reply.status).toBe(429);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'rate-limited' } });
    expect(reply.headers['retry-after']).toBe('1');
  });

  it('closes a live socket that sends more than its share of messages', async () => {
    const { lan } = await start({ rates: { live: { ratePerSecond: 1, burst: 3 } } });
    const cookie = await participant(lan);
    const upgrade = await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) });
    if (!upgrade.ok) throw new Error(`upgrade refused: ${upgrade.status}`);

    for (let i = 0; i < 6; i++) upgrade.ws.send(`m${i}`);

    expect(await closed(upgrade.ws)).toBe(1008);
  });

  it('closing the LAN listener closes its keep-alive connections and live sockets; loopback stays', async () => {
    const { lan, listener, loopback } = await start();
    const cookie = await participant(lan);
    const agent = new Agent({ keepAlive: true });
    expect((await send(lan, '/', { headers: { cookie }, agent })).status).toBe(200);
    const upgrade = await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) });
    if (!upgrade.ok) throw new Error(`upgrade refused: ${upgrade.status}`);
    const facilitator = await openLive(loopback, 'w1.facilitator', { origin: originOf(loopback) });
    if (!facilitator.ok) throw new Error('facilitator refused');

    const started = Date.now();
    await listener.close();

    expect(Date.now() - started).toBeLessThan(2000);
    expect(await closed(upgrade.ws)).toBe(1001);
    await expect(send(lan, '/', { headers: { cookie }, agent })).rejects.toThrow();
    expect(facilitator.ws.readyState).toBe(facilitator.ws.OPEN);
    expect((await post(loopback, 'process:list', {})).status).toBe(200);
    agent.destroy();
    facilitator.ws.close();
  });
});

describe('live sockets', () => {
  it('serves /live/<doc> on the LAN listener to the cookie’s caller', async () => {
    const { lan, live } = await start();
    const cookie = await participant(lan);

    const upgrade = await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) });

    expect(upgrade.ok).toBe(true);
    expect(live.at(-1)).toMatchObject({ docName: 'w1.room', caller: { role: 'participant', participantId: 'u1' } });
    if (upgrade.ok) upgrade.ws.close();
  });

  it('refuses a foreign Origin on the upgrade with 403, on both listeners', async () => {
    const { lan, loopback, live } = await start();
    const cookie = await participant(lan);

    expect(await openLive(lan, 'w1.room', { cookie, origin: 'http://evil.example' })).toEqual({ ok: false, status: 403 });
    expect(await openLive(lan, 'w1.room', { cookie })).toEqual({ ok: false, status: 403 });
    expect(await openLive(loopback, 'w1.facilitator', { origin: 'http://evil.example' })).toEqual({ ok: false, status: 403 });
    expect(await openLive(loopback, 'w1.facilitator', { origin: originOf(lan) })).toEqual({ ok: false, status: 403 });
    expect(live).toEqual([]);
  });

  it('serves the facilitator on loopback from its own origin and from the desktop app', async () => {
    const { loopback, live } = await start();

    const own = await openLive(loopback, 'w1.facilitator', { origin: originOf(loopback) });
    const app = await openLive(loopback, 'w1.facilitator', { origin: 'app://stagecraft' });

    expect(own.ok && app.ok).toBe(true);
    expect(live.map((l) => l.caller.role)).toEqual(['facilitator', 'facilitator']);
    if (own.ok) own.ws.close();
    if (app.ok) app.ws.close();
  });

  it('answers 404 for other paths and malformed document names', async () => {
    const { loopback } = await start();

    expect(await openLive(loopback, '..%2Fetc')).toEqual({ ok: false, status: 404 });
    expect(await openLive(loopback, 'a/b')).toEqual({ ok: false, status: 404 });
    expect(await openLive(loopback, '')).toEqual({ ok: false, status: 404 });
  });
});

describe('workshop LAN listener over TLS', () => {
  const openssl = spawnSync('which', ['openssl']).status === 0;
  if (!openssl) console.log('skipping the TLS test: openssl is not installed, so no test certificate can be made');

  it.skipIf(!openssl)('speaks HTTPS and WSS with --tls-cert/--tls-key, and marks the cookie Secure', async () => {
    const dir = await tempDir();
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.2', '-addext', 'subjectAltName=IP:127.0.0.2',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    const { listener, live } = await start({ tls: { cert, key } });
    const lan: Target = { url: listener.url, ca: cert };

    expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+\/$/);
    expect(listener.tls).toBe(true);
    const joined = await send(lan, `/join?token=${PARTICIPANT_TOKEN}`);
    expect(joined.status).toBe(303);
    expect(joined.headers['set-cookie']![0]).toMatch(/; Secure$/);
    const cookie = cookieOf(joined);
    expect((await send(lan, '/', { headers: { cookie } })).status).toBe(200);
    expect((await send(lan, '/')).status).toBe(401);
    const upgrade = await openLive(lan, 'w1.room', { cookie, origin: originOf(lan) });
    expect(upgrade.ok).toBe(true);
    expect(live.at(-1)?.caller.role).toBe('participant');
    if (upgrade.ok) upgrade.ws.close();
  });
});
