import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { CliIo } from '../../../src/main/cli/io';

const dirs: string[] = [];

/** A fresh temp folder, removed after the test. */
export async function tempDir(prefix = 'stagecraft-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A clock that moves one second per call, from 2026-11-27T10:15:00Z. */
export function tickingClock(start = Date.UTC(2026, 10, 27, 10, 15, 0)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

/** Ids `p1`, `p2`, … */
export function sequentialIds(prefix = 'p'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    cwd,
    platform: 'linux',
    out: () => out,
    err: () => err,
  };
}
