import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../out/main/cli.js');

/** A running browser host on a workspace folder. */
export interface Host {
  url: string;
  workspace: string;
  /** Everything the host printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
  /** Kills the host process with SIGKILL (no clean-up runs), resolving once it is gone. */
  kill9(): Promise<void>;
}

/**
 * Starts `stagecraft host` from the build on a free port (or `port`); resolves once it prints its
 * URL. `extraArgs` are passed to the host command (e.g. `--lan --bind 127.0.0.2`).
 */
export async function launchHost(workspace: string, port = 0, extraArgs: readonly string[] = []): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'host', '--port', String(port), '--workspace', workspace, ...extraArgs], {
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before starting:\n${output}`));
    });
  });
  // The listeners above keep collecting the output after the URL is found.
  const stopWith = (signal: NodeJS.Signals) => (): Promise<void> =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });
  return {
    url,
    workspace,
    output: () => output,
    stop: stopWith('SIGTERM'),
    kill9: stopWith('SIGKILL'),
  };
}

/** A fresh, empty workspace folder. */
export async function makeWorkspace(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
