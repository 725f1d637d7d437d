import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleForNode } from '../childBundle';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../../src/main/api/handlers';
import { createWorkspace } from '../../../../src/main/services/workspace';
import type { Caller } from '../../../../src/main/services/live/types';
import type { Channel } from '../../../../src/shared/api/contract';
import { readProcess, readRoom } from '../../../../src/shared/live/bridge';
import type { Process } from '../../../../src/shared/model/schema';
import { tempDir } from '../helpers';
import { connect, until } from './harness';

/**
 * Section 5, beyond one room: the host publishes its room document to `stagecraft live-relay`
 * running as a second process (the built CLI, started like a company's shared service would be),
 * and a reader connected to the relay — not to the host — sees what happens in the room.
 */
const root = resolve(__dirname, '../../../..');
const PUBLISHER = 'publisher-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdef';
let bundleDir: string;
const children = new Set<ChildProcess>();
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'stagecraft-relay-bundle-'));
  await bundleForNode(bundleDir, { cli: join(root, 'src/main/cli.ts') }, { externalPackages: true });
}, 60_000);

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(bundleDir, { recursive: true, force: true });
});

/** Starts `stagecraft live-relay` as a child process; resolves with its ws:// URL. */
async function startRelay(port = 0): Promise<{ url: string; child: ChildProcess; log: () => string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(bundleDir, 'cli.cjs'), 'live-relay', '--port', String(port), '--publisher-token', PUBLISHER, '--reader-token', READER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => (children.delete(child), done())));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}\n${err}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (ws:\/\/[^\s]+?)\/?\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}:\n${out}\n${err}`)));
  });
  const stop = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(stop);
  return { url, child, log: () => err, stop };
}

async function hostPublishingTo(relayUrl: string) {
  const dir = await tempDir();
  const api: Api = createApi(createWorkspace({ dir }), {
    transport: 'http',
    loopbackUrl: () => 'http://127.0.0.1:5173/',
    remote: { url: relayUrl, token: PUBLISHER, maxBackoffMs: 200 },
  });
  cleanups.push(() => api.workshop.close());
  async function call(channel: Channel, input: unknown, caller?: Caller): Promise<any> {
    const r = await api.dispatch(channel, input, caller);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  }
  const doc: Process = await call('process:create', { name: 'Shared', template: 'sample' });
  const info = await call('workshop:start', { processId: doc.id });
  const joined = api.workshop.exchangeJoinToken(new URL(info.joinUrl).searchParams.get('token')!)!;
  await call('workshop:profile', { name: 'Sam', departmentId: doc.departments[0]!.id }, api.workshop.identify(joined.sessionSecret)!);
  const sam = api.workshop.identify(joined.sessionSecret)!;
  const stage = doc.stages.find((s) => s.fields.length > 0)!;
  return { api, call, doc, info, sam, field: { stageId: stage.id, fieldId: stage.fields[0]!.id } };
}

function reader(relayUrl: string, docName: string, token = READER) {
  const client = connect(relayUrl, docName, '', { token });
  cleanups.push(() => client.provider.destroy());
  return client;
}

/** Resolves with the HTTP status the relay answers an upgrade with (or 101). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const ws = new WebSocket(url);
    ws.on('open', () => (ws.close(), resolveStatus(101)));
    ws.on('unexpected-response', (_req, res) => resolveStatus(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('live relay (a second process)', () => {
  it('shows a reader on the relay a vote made on the host', async () => {
    const relay = await startRelay();
    const host = await hostPublishingTo(relay.url);
    await until(() => host.api.workshop.remote?.synced === true, 5000, 'the publisher');
    const far = reader(relay.url, host.info.docs.room);
    await far.synced();

    await host.call('workshop:reveal', { revealed: true });
    const voted = performance.now();
    await host.call('workshop:vote', { ...host.field, choice: 'drop', opId: 'op-vote-remote-1' }, host.sam);
    await until(() => readRoom(far.doc).votes.length === 1, 2000, 'the vote on the relay');
    const ms = performance.now() - voted;

    expect(readProcess(far.doc)).toMatchObject({ id: host.doc.id, name: 'Shared' });
    expect(readRoom(far.doc).votes[0]).toMatchObject({ participantId: host.sam.participantId, choice: 'drop' });
    expect(readRoom(far.doc).participants.map((p) => p.name)).toEqual(['Sam']);
    console.log(`live relay: vote on the host visible to a relay reader after ${ms.toFixed(1)} ms`);
  });

  it('keeps readers read-only and never publishes the facilitator document', async () => {
    const relay = await startRelay();
    const host = await hostPublishingTo(relay.url);
    await until(() => host.api.workshop.remote?.synced === true, 5000, 'the publisher');
    const evil = reader(relay.url, host.info.docs.room);
    await evil.synced();

    const meta = evil.doc.getMap('process').get('meta') as Record<string, unknown>;
    evil.doc.getMap('process').set('meta', { ...meta, name: 'Hijacked' });
    await until(() => relay.log().includes('refused'), 2000, 'the refusal');
    const honest = reader(relay.url, host.info.docs.room);
    await honest.synced();

    expect(readProcess(honest.doc)?.name).toBe('Shared');
    expect(readProcess(host.api.workshop.docs!.room)?.name).toBe('Shared');
    expect(await upgradeStatus(`${relay.url}/${host.info.docs.room}?token=wrong-token-0123456789`)).toBe(401);
    expect(await upgradeStatus(`${relay.url}/${host.info.docs.room}`)).toBe(401);
    const peek = reader(relay.url, host.info.docs.facilitator);
    await until(() => peek.closes.includes(1013), 2000, 'the not-published close');
    expect(peek.doc.getMap('votes').size).toBe(0);
  });

  it('republishes after the relay restarts, so a reader sees what happened meanwhile', async () => {
    const first = await startRelay();
    const port = Number(new URL(first.url).port);
    const host = await hostPublishingTo(first.url);
    await until(() => host.api.workshop.remote?.synced === true, 5000, 'the publisher');

    await first.stop();
    await host.call('workshop:mark', { ...host.field, reads: true, opId: 'op-mark-while-down' }, host.sam);
    const second = await startRelay(port);
    await until(() => host.api.workshop.remote?.synced === true, 10_000, 'the publisher to reconnect');
    const far = reader(second.url, host.info.docs.room);
    await far.synced();

    expect(readRoom(far.doc).marks).toMatchObject([{ participantId: host.sam.participantId, reads: true }]);
  });
});

describe('stagecraft host --lan --relay', () => {
  it('publishes the room of the workshop it opens to the relay', async () => {
    const { hostCommand } = await import('../../../../src/main/cli/host');
    const { captureIo } = await import('../helpers');
    const relay = await startRelay();
    const dir = await tempDir();
    const io = captureIo(dir, { STAGECRAFT_RELAY_PUBLISHER_TOKEN: PUBLISHER });
    let seen: string | null | undefined;

    const code = await hostCommand(['--lan', '--bind', '127.0.0.2', '--port', '0', '--workspace', join(dir, 'ws'), '--relay', `${relay.url}/`], io, {
      rendererDir: dir,
      waitForShutdown: async () => {
        const docName = /live relay: ws:\/\/[^/]+\/(\S+)/.exec(io.out())![1]!;
        const far = reader(relay.url, docName);
        await far.synced();
        await until(() => readProcess(far.doc) !== null, 5000, 'the process on the relay');
        seen = readProcess(far.doc)?.name;
      },
    });

    expect(code, io.err()).toBe(0);
    expect(seen).toEqual(expect.any(String));
    expect(await hostCommand(['--lan', '--relay', relay.url], captureIo(dir))).toBe(2);
  });
});
