import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleForNode } from '../childBundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../../src/main/services/workspace';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import { WorkshopRecordSchema } from '../../../../src/shared/live/schema';
import { tempDir } from '../helpers';

/**
 * The workshop's record survives kill -9 of its host: a real child process runs the service on a
 * real workspace, votes stream in while the facilitator autosaves, and SIGKILL lands at a random
 * moment. Every vote acknowledged more than 2 s before the kill must be in the record on disk,
 * and the process file must open. Rounds: STAGECRAFT_LIVE_KILLS (default 3).
 */
const ROUNDS = Number(process.env.STAGECRAFT_LIVE_KILLS ?? 3);
const root = resolve(__dirname, '../../../..');
let bundleDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'stagecraft-live-bundle-'));
  // Libraries load from the repository's node_modules (NODE_PATH), as the built app loads them.
  await bundleForNode(bundleDir, { host: join(root, 'tests/unit/main/live/workshopHost.fixture.ts') }, { externalPackages: true });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(bundleDir, { recursive: true, force: true });
});

interface Ack {
  at: number;
  opId: string;
  participantId: string;
  fieldId: string;
  choice: string;
}

function startHost(dir: string, processId: string, tag: string) {
  const child = spawn(process.execPath, [join(bundleDir, 'host.cjs'), dir, processId, tag, '8'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  children.add(child);
  const votes: Ack[] = [];
  let saved = -1;
  let out = '';
  let err = '';
  let ready = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const line of lines) {
      const [kind, ...rest] = line.split(' ');
      if (kind === 'ready') ready = true;
      if (kind === 'saved') saved = Number(rest[0]);
      if (kind === 'vote') votes.push({ at: Number(rest[0]), opId: rest[1]!, participantId: rest[2]!, fieldId: rest[3]!, choice: rest[4]! });
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => (children.delete(child), done())));
  return { child, votes, saved: () => saved, ready: () => ready, err: () => err, exited };
}

describe('workshop record under kill -9', () => {
  it(`keeps every vote acknowledged more than 2 s before SIGKILL, and the process file (${ROUNDS} kills)`, async () => {
    const dir = await tempDir();
    const process0 = createGeneratedProcess({ stages: 8, fields: 240, seed: 3 });
    await writeFile(join(dir, `${process0.id}.json`), JSON.stringify(process0));
    const figures: string[] = [];
    let workshopId = '';

    for (let round = 0; round < ROUNDS; round++) {
      const host = startHost(dir, process0.id, `r${round}`);
      const bootDeadline = Date.now() + 20_000;
      while (!host.ready()) {
        if (Date.now() > bootDeadline) throw new Error(`host did not start: ${host.err()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Let votes stream for 2.5–5 s, then kill at once, whatever is in flight.
      await new Promise((r) => setTimeout(r, 2500 + Math.random() * 2500));
      const killedAt = Date.now();
      host.child.kill('SIGKILL');
      await host.exited;

      const workspace = createWorkspace({ dir });
      const stored = await workspace.open(process0.id);
      const files = (await import('node:fs/promises')).readdir(join(dir, 'review', process0.id, 'workshops'));
      const name = (await files).find((f) => f.endsWith('.json'))!;
      workshopId ||= name.replace(/\.json$/, '');
      expect(name).toBe(`${workshopId}.json`);
      const record = WorkshopRecordSchema.parse(JSON.parse(await readFile(join(dir, 'review', process0.id, 'workshops', name), 'utf8')));

      const old = host.votes.filter((v) => v.at < killedAt - 2000);
      const applied = new Set(record.appliedOps);
      const onDisk = new Map(record.votes.map((v) => [`${v.participantId}/${v.fieldId}`, v.choice]));
      const missing = old.filter((v) => !applied.has(v.opId) || onDisk.get(`${v.participantId}/${v.fieldId}`) !== v.choice);
      const newest = host.votes.filter((v) => applied.has(v.opId)).reduce((t, v) => Math.max(t, v.at), 0);
      figures.push(`round ${round}: ${host.votes.length} votes acknowledged, ${old.length} older than 2 s, ${missing.length} missing; newest on disk ${killedAt - newest} ms before the kill; process at revision ${stored.revision} (last acknowledged save ${host.saved()})`);

      expect(host.votes.length, host.err()).toBeGreaterThan(0);
      expect(missing).toEqual([]);
      expect(record.endedAt).toBeUndefined();
      expect(stored.revision).toBeGreaterThanOrEqual(Math.max(host.saved(), 0));
    }
    console.log(`workshop kill -9:\n  ${figures.join('\n  ')}`);
  }, 120_000);
});
