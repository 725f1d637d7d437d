import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startHost, type Host } from '../host/server';
import { mkdir } from 'node:fs/promises';
import { resolveWorkspaceDir } from '../services/workspaceDir';
import { createWorkspaceLock } from '../services/workspaceLock';
import { readLiveHost, removeHostRecord, writeHostRecord, type HostRecord } from '../services/hostRecord';
import { println, type CliIo } from './io';
import { defaultRendererDir } from './paths';

export interface HostDeps {
  rendererDir?: string;
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  waitForShutdown?: (host: Host) => Promise<void>;
  /** Opens a URL in the system browser; default: xdg-open / open / start. */
  openBrowser?: (url: string, io: CliIo) => void;
}

/**
 * `stagecraft host [--port N] [--workspace DIR] [--open] [--shared]` — serve the app to a browser
 * on loopback. A workspace already served by a live host is not served twice: the existing URL is
 * printed (and opened with --open) unless --shared asks for another host on the same folder.
 */
export async function hostCommand(args: string[], io: CliIo, deps: HostDeps = {}): Promise<number> {
  let values: { port?: string; workspace?: string; open?: boolean; shared?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        workspace: { type: 'string' },
        open: { type: 'boolean' },
        shared: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    println(io.stderr, `stagecraft host: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    println(io.stdout, 'Usage: stagecraft host [--port N] [--workspace DIR] [--open] [--shared]');
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    println(io.stderr, `stagecraft host: --port must be a whole number from 0 to 65535, got "${values.port}"`);
    return 2;
  }
  return runHost(
    { port, workspace: values.workspace, open: values.open ?? false, shared: values.shared ?? false },
    io,
    deps,
  );
}

/** Starts the host, prints its URL, and serves until shutdown. Shared with `start`'s fallback. */
/** Port the host tries first when none is given, so the address stays the same between runs. */
export const DEFAULT_PORT = 4317;

export async function runHost(
  options: { port?: number; workspace?: string; open: boolean; shared?: boolean },
  io: CliIo,
  deps: HostDeps = {},
): Promise<number> {
  const workspaceDir = resolveWorkspaceDir({
    flag: options.workspace,
    env: io.env.STAGECRAFT_WORKSPACE,
    cwd: io.cwd,
  });
  const rendererDir = deps.rendererDir ?? defaultRendererDir();
  const log = (line: string) => println(io.stderr, line);
  const start = async (port: number | undefined): Promise<Host> => {
    if (port !== undefined) return startHost({ workspaceDir, port, rendererDir, log });
    try {
      return await startHost({ workspaceDir, port: DEFAULT_PORT, rendererDir, log });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      println(io.stderr, `Port ${DEFAULT_PORT} is in use; using a free port instead.`);
      return startHost({ workspaceDir, port: 0, rendererDir, log });
    }
  };
  let outcome: { host: Host; record: HostRecord | undefined } | { existing: HostRecord };
  try {
    await mkdir(workspaceDir, { recursive: true });
    const lock = createWorkspaceLock(workspaceDir);
    const existing = await lock.run(() => readLiveHost(workspaceDir));
    if (existing && !options.shared) {
      outcome = { existing };
    } else {
      // Starting runs startup recovery, which takes the workspace lock itself; the record is
      // then claimed under the lock, so of two hosts started at once only one keeps serving.
      const host = await start(options.port);
      const claimed = await lock.run(async () => {
        const first = await readLiveHost(workspaceDir);
        if (first && !options.shared) return { existing: first };
        return { host, record: first ? undefined : await writeHostRecord(workspaceDir, host.url) };
      });
      if ('existing' in claimed) await host.close();
      outcome = claimed;
    }
  } catch (error) {
    println(io.stderr, `stagecraft host: could not start: ${(error as Error).message}`);
    return 1;
  }
  if ('existing' in outcome) {
    println(io.stdout, `This workspace is already served at ${outcome.existing.url} (process ${outcome.existing.pid}).`);
    println(io.stdout, `Workspace: ${workspaceDir}`);
    println(io.stdout, 'Open that address, or start with --shared to serve the workspace from another host too.');
    if (options.open) (deps.openBrowser ?? openInBrowser)(outcome.existing.url, io);
    return 0;
  }
  const { host, record } = outcome;
  println(io.stdout, `Stagecraft is running at ${host.url}`);
  println(io.stdout, `Workspace: ${workspaceDir}`);
  println(io.stdout, 'Press Ctrl-C to stop.');
  if (options.open) (deps.openBrowser ?? openInBrowser)(host.url, io);
  await (deps.waitForShutdown ?? waitForSignal)(host);
  await host.close();
  if (record) await removeHostRecord(workspaceDir, record).catch(() => undefined);
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolvePromise) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Best effort: a missing opener only costs a line on stderr; the URL is already printed. */
export function openInBrowser(url: string, io: CliIo): void {
  const [command, args] =
    io.platform === 'darwin'
      ? ['open', [url]]
      : io.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => println(io.stderr, `Could not open a browser; visit ${url} yourself.`));
    child.unref();
  } catch {
    println(io.stderr, `Could not open a browser; visit ${url} yourself.`);
  }
}
