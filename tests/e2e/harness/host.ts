import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../out/main/cli.js');

/** A running browser host on a workspace folder. */
export interface Host {
  url: string;
  workspace: string;
  stop(): Promise<void>;
}

/** Starts `stagecraft host` from the build on a free port; resolves once it prints its URL. */
export async function launchHost(workspace: string, port = 0): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'host', '--port', String(port), '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STAGECRAFT_WORKSPACE: '' },
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    url,
    workspace,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A fresh, empty workspace folder. */
export async function makeWorkspace(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
