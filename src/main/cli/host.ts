import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startHost, type Host } from '../host/server';
import { resolveWorkspaceDir } from '../services/workspaceDir';
import { println, type CliIo } from './io';
import { defaultRendererDir } from './paths';

export interface HostDeps {
  rendererDir?: string;
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  waitForShutdown?: (host: Host) => Promise<void>;
  /** Opens a URL in the system browser; default: xdg-open / open / start. */
  openBrowser?: (url: string, io: CliIo) => void;
}

/** `stagecraft host [--port N] [--workspace DIR] [--open]` — serve the app to a browser on loopback. */
export async function hostCommand(args: string[], io: CliIo, deps: HostDeps = {}): Promise<number> {
  let values: { port?: string; workspace?: string; open?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        workspace: { type: 'string' },
        open: { type: 'boolean' },
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
    println(io.stdout, 'Usage: stagecraft host [--port N] [--workspace DIR] [--open]');
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    println(io.stderr, `stagecraft host: --port must be a whole number from 0 to 65535, got "${values.port}"`);
    return 2;
  }
  return runHost(
    { port, workspace: values.workspace, open: values.open ?? false },
    io,
    deps,
  );
}

/** Starts the host, prints its URL, and serves until shutdown. Shared with `start`'s fallback. */
/** Port the host tries first when none is given, so the address stays the same between runs. */
export const DEFAULT_PORT = 4317;

export async function runHost(
  options: { port?: number; workspace?: string; open: boolean },
  io: CliIo,
  deps: HostDeps = {},
): Promise<number> {
  const workspaceDir = resolveWorkspaceDir({
    flag: options.workspace,
    env: io.env.STAGECRAFT_WORKSPACE,
    cwd: io.cwd,
  });
  const rendererDir = deps.rendererDir ?? defaultRendererDir();
  let host: Host;
  try {
    if (options.port !== undefined) {
      host = await startHost({ workspaceDir, port: options.port, rendererDir });
    } else {
      try {
        host = await startHost({ workspaceDir, port: DEFAULT_PORT, rendererDir });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        println(io.stderr, `Port ${DEFAULT_PORT} is in use; using a free port instead.`);
        host = await startHost({ workspaceDir, port: 0, rendererDir });
      }
    }
  } catch (error) {
    println(io.stderr, `stagecraft host: could not start: ${(error as Error).message}`);
    return 1;
  }
  println(io.stdout, `Stagecraft is running at ${host.url}`);
  println(io.stdout, `Workspace: ${workspaceDir}`);
  println(io.stdout, 'Press Ctrl-C to stop.');
  if (options.open) (deps.openBrowser ?? openInBrowser)(host.url, io);
  await (deps.waitForShutdown ?? waitForSignal)(host);
  await host.close();
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
