import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { bundleForNode } from './childBundle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../../src/main/host/server';
import { createWorkspace, type Workspace } from '../../../src/main/services/workspace';
import { watchWorkspace, type ChangedOnDisk, type WorkspaceWatcher } from '../../../src/main/services/workspaceWatcher';
import { parseEventPayload } from '../../../src/shared/api/events';
import type { Process } from '../../../src/shared/model/schema';
import { tempDir } from './helpers';

/**
 * The "changed on disk" event from the main side: a save by a second, real process (the
 * saveOnce fixture, bundled once with esbuild and run with plain node) is reported with its
 * revision; saves through this process's own workspace are not.
 */
const run = promisify(execFile);
let bundleDir: string;

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'stagecraft-watch-bundle-'));
  await bundleForNode(bundleDir, { saveOnce: resolve(__dirname, 'fixtures/saveOnce.ts') });
}, 60_000);

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

/** Saves `id` once from another Node process; resolves with the revision it stored. */
async function saveFromAnotherProcess(dir: string, id: string, description: string): Promise<number> {
  const { stdout } = await run(process.execPath, [join(bundleDir, 'saveOnce.cjs'), dir, id, description], {
    env: { ...process.env, STAGECRAFT_WORKSPACE: '' },
  });
  return Number(/saved (\d+)/.exec(stdout)![1]);
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `events` has `count` entries (or fails after `ms`). */
async function until(events: readonly unknown[], count: number, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (events.length < count) {
    if (Date.now() > end) throw new Error(`expected ${count} events, got ${events.length}`);
    await wait(20);
  }
}

function contentOf(doc: Process) {
  const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = doc;
  return content;
}

let watcher: WorkspaceWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

async function watched(): Promise<{ dir: string; ws: Workspace; doc: Process; events: ChangedOnDisk[] }> {
  const dir = await tempDir();
  const ws = createWorkspace({ dir });
  const doc = await ws.create({ name: 'Watched', template: 'sample' });
  const events: ChangedOnDisk[] = [];
  watcher = watchWorkspace({ dir, isOwnVersion: (id) => ws.isOwnVersion(id), onChange: (change) => events.push(change), debounceMs: 50 });
  return { dir, ws, doc, events };
}

describe('workspace watcher', () => {
  it('reports a save by another process once, with the revision it stored', async () => {
    const { dir, doc, events } = await watched();

    const revision = await saveFromAnotherProcess(dir, doc.id, 'saved elsewhere');
    await until(events, 1);
    await wait(400);

    expect(revision).toBe(doc.revision + 1);
    expect(events).toEqual([{ processId: doc.id, revision }]);
    expect(parseEventPayload('process:changed-on-disk', events[0]).ok).toBe(true);
  }, 30_000);

  it('does not report saves made through its own workspace', async () => {
    const { ws, doc, events } = await watched();

    let current = doc;
    for (let i = 0; i < 3; i++) current = await ws.save({ process: { ...contentOf(current), description: `mine ${i}` }, baseRevision: current.revision });
    await wait(600);

    expect(current.revision).toBe(doc.revision + 3);
    expect(events).toEqual([]);
  });

  it('reports an editor changing the file without a new revision, and ignores a half-written file', async () => {
    const { dir, doc, events } = await watched();
    const file = join(dir, `${doc.id}.json`);
    const text = await readFile(file, 'utf8');

    await writeFile(file, text.slice(0, text.length / 2));
    await wait(400);
    expect(events).toEqual([]);

    await writeFile(file, text.replace(doc.description, 'edited by hand'));
    await until(events, 1);
    expect(events).toEqual([{ processId: doc.id, revision: doc.revision }]);
  });
});

/** Reads the host's event stream until `pattern` appears in it. */
function readEvents(host: Host, pattern: RegExp, headers: Record<string, string> = {}, method = 'GET'): { text: Promise<string>; status: Promise<number>; close(): void } {
  let close = (): void => undefined;
  let status!: (code: number) => void;
  const statusPromise = new Promise<number>((r) => (status = r));
  const text = new Promise<string>((resolvePromise, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: '/api/events', method, agent: false, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        status(res.statusCode ?? 0);
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
          if (pattern.test(body)) resolvePromise(body);
        });
        res.on('end', () => resolvePromise(body));
      },
    );
    req.on('error', reject);
    req.end();
    close = () => req.destroy();
  });
  return { text, status: statusPromise, close };
}

describe('browser host event stream', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('pushes process:changed-on-disk as a server-sent event when another process saves', async () => {
    const dir = await tempDir();
    const doc = await createWorkspace({ dir }).create({ name: 'Streamed', template: 'sample' });
    host = await startHost({ workspaceDir: dir, rendererDir: await tempDir(), port: 0 });
    const stream = readEvents(host, /event: process:changed-on-disk\ndata: .*\n\n/);
    expect(await stream.status).toBe(200);

    const revision = await saveFromAnotherProcess(dir, doc.id, 'from another host');
    const text = await stream.text;
    stream.close();

    const [, data] = /event: process:changed-on-disk\ndata: (.*)\n\n/.exec(text)!;
    expect(JSON.parse(data!)).toEqual({ processId: doc.id, revision });
  }, 30_000);

  it('serves the stream only to its own origin and only with GET', async () => {
    const dir = await tempDir();
    host = await startHost({ workspaceDir: dir, rendererDir: await tempDir(), port: 0 });

    const foreign = readEvents(host, /./, { origin: 'http://evil.example' });
    expect(await foreign.status).toBe(403);
    foreign.close();
    const rebound = readEvents(host, /./, { host: 'evil.example' });
    expect(await rebound.status).toBe(403);
    rebound.close();
    const posted = readEvents(host, /./, { 'content-type': 'application/json' }, 'POST');
    expect(await posted.status).toBe(405);
    posted.close();
    const own = readEvents(host, /retry: \d+/, { origin: `http://127.0.0.1:${host.port}`, accept: 'text/event-stream' });
    expect(await own.status).toBe(200);
    expect(await own.text).toMatch(/^retry: \d+\n\n/);
    own.close();
  });
});
