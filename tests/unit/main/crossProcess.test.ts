import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleForNode } from './childBundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../src/main/services/workspace';
import { isCrashDebris } from '../../../src/main/services/recovery';
import type { Process } from '../../../src/shared/model/schema';
import { tempDir } from './helpers';

/**
 * Real processes, as a user's machine runs them: the CLI and a writer are bundled once with
 * esbuild (a plain `node` start is ~10× faster than tsx) and started as child processes.
 * Figures for the closing note: STAGECRAFT_RACE_ROUNDS=100 STAGECRAFT_KILLS=300 npx vitest run
 * tests/unit/main/crossProcess.test.ts prints them.
 */
const RACE_ROUNDS = Number(process.env.STAGECRAFT_RACE_ROUNDS ?? 20);
const KILLS = Number(process.env.STAGECRAFT_KILLS ?? 50);

let bundleDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // Not tempDir(): that is emptied after each test, and the bundle serves all of them.
  bundleDir = await mkdtemp(join(tmpdir(), 'stagecraft-bundle-'));
  const root = resolve(__dirname, '../../..');
  await bundleForNode(bundleDir, {
    cli: join(root, 'src/main/cli.ts'),
    crashWriter: join(root, 'tests/unit/main/crashWriter.fixture.ts'),
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(bundleDir, { recursive: true, force: true });
});

function startNode(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, [join(bundleDir, script), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, STAGECRAFT_WORKSPACE: '' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Resolves with the first match of `pattern` in the child's stdout. */
function waitFor(child: ChildProcess, pattern: RegExp, ms = 20_000): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolvePromise(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}:\n${output}`));
    });
  });
}

async function post<T>(url: string, channel: string, input: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as T };
}

function contentOf(doc: Process) {
  const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = doc;
  return content;
}

describe('across processes', () => {
  it(`two --shared hosts on one workspace never both acknowledge a save from one base revision (${RACE_ROUNDS} rounds)`, async () => {
    const ws = await tempDir();
    const hosts = [0, 1].map(() => startNode('cli.cjs', ['host', '--port', '0', '--workspace', ws, '--shared']));
    const urls = await Promise.all(hosts.map(async (h) => (await waitFor(h, /running at (http:\/\/127\.0\.0\.1:\d+\/)/))[1]!));
    const [a, b] = urls as [string, string];
    const created = await post<{ value: Process }>(a, 'process:create', { name: 'Race', template: 'sample' });
    let doc = created.body.value;
    let doubleAcks = 0;
    let singleAcks = 0;
    const started = Date.now();

    for (let round = 0; round < RACE_ROUNDS; round++) {
      const base = doc.revision;
      const answers = await Promise.all(
        [a, b].map((url, i) =>
          post<{ value?: Process; error?: { code: string } }>(url, 'process:save', {
            process: { ...contentOf(doc), description: `round ${round} host ${i}` },
            baseRevision: base,
          }),
        ),
      );
      const acks = answers.filter((r) => r.status === 200);
      if (acks.length > 1) doubleAcks++;
      if (acks.length === 1) singleAcks++;
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      doc = acks[0]!.body.value!;
      expect(doc.revision).toBe(base + 1);
    }

    const stored = (await post<{ value: Process }>(b, 'process:open', { id: doc.id })).body.value;
    expect(stored.revision).toBe(RACE_ROUNDS);
    expect(stored.description).toBe(doc.description);
    expect(doubleAcks).toBe(0);
    console.log(
      `race: ${RACE_ROUNDS} rounds, 2 hosts: ${singleAcks} single acknowledgements, ${doubleAcks} double, ` +
        `${Math.round((Date.now() - started) / RACE_ROUNDS)} ms/round`,
    );
  }, 120_000);

  it(`kill -9 in the middle of saves (${KILLS} kills, 2 writers racing): 0 corrupt, 0 acknowledged saves lost, ≤ 2 temp files after restart`, async () => {
    const ws = await tempDir();
    await writeFile(join(ws, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
    const doc = await createWorkspace({ dir: ws }).create({ name: 'Crash', template: 'sample' });
    /** The highest acknowledged revision seen, with the description it was saved with. */
    let acked = { revision: 0, description: doc.description };
    let kills = 0;
    let ackCount = 0;
    let maxTempsAfterRestart = 0;
    let tempsBeforeRestart = 0;
    let recoveredKept = 0;
    let restarts = 0;
    const started = Date.now();

    let spawned = 0;
    /** A writer booted ahead of time (Node start-up is the slow part); it waits for "go". */
    const boot = () => {
      const writer = startNode('crashWriter.cjs', [ws, doc.id, `w${spawned++}`]);
      writer.stdout?.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/^ack (\d+) (\S+)$/gm)) {
          ackCount++;
          const revision = Number(m[1]);
          if (revision > acked.revision) acked = { revision, description: m[2]! };
        }
      });
      const loaded = waitFor(writer, /^loaded$/m);
      loaded.catch(() => undefined);
      return { writer, loaded };
    };
    const go = async (booted: ReturnType<typeof boot>) => {
      await booted.loaded;
      const ready = waitFor(booted.writer, /^ready$/m);
      booted.writer.stdin?.write('go\n');
      await ready;
      return booted.writer;
    };
    const kill = (w: ChildProcess) =>
      new Promise<void>((done) => {
        if (w.exitCode !== null || w.signalCode !== null) return done();
        w.once('exit', () => done());
        w.kill('SIGKILL');
      });
    /** What must hold after any crash: the stored document is whole and holds every acknowledged save. */
    const checkStored = async () => {
      const stored = await createWorkspace({ dir: ws }).open(doc.id);
      expect(stored.revision).toBeGreaterThanOrEqual(acked.revision);
      if (stored.revision === acked.revision) expect(stored.description).toBe(acked.description);
      expect((await readdir(ws)).filter((n) => n.includes('.corrupt-'))).toEqual([]);
    };

    let spare = boot();
    const live = [await go(boot()), await go(boot())];
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 30));
      const slot = kills % 2;
      await kill(live[slot]!);
      kills++;
      await checkStored();
      if (kills % 10 === 0 || kills >= KILLS) {
        // A full stop and restart: nothing writes, startup recovery runs, debris is counted.
        await kill(live[1 - slot]!);
        kills++;
        tempsBeforeRestart += (await readdir(ws)).filter(isCrashDebris).length;
        const report = await createWorkspace({ dir: ws }).recovery();
        restarts++;
        recoveredKept += report.recovered.length;
        await checkStored();
        const temps = (await readdir(ws)).filter(isCrashDebris).length;
        maxTempsAfterRestart = Math.max(maxTempsAfterRestart, temps);
        expect(temps).toBeLessThanOrEqual(2);
        if (kills >= KILLS) break;
        live[1 - slot] = await go(spare);
        spare = boot();
      }
      live[slot] = await go(spare);
      spare = boot();
    }
    spare.writer.kill('SIGKILL');

    expect(ackCount).toBeGreaterThan(0);
    console.log(
      `kill loop: ${kills} kills, ${restarts} full restarts, ${ackCount} acknowledged saves, final revision ${acked.revision}, ` +
        `0 corrupt, 0 acknowledged lost, ${tempsBeforeRestart} temp files found at restarts, max ${maxTempsAfterRestart} after recovery, ` +
        `${recoveredKept} newer unacknowledged versions kept aside, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 180_000);
});
