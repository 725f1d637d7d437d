import { spawn } from 'node:child_process';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { toString as qrToString } from 'qrcode';
import { startHost, type Host, type HostOptions } from '../host/server';
import { mkdir, readFile } from 'node:fs/promises';
import type { Output } from '../../shared/api/contract';
import { resolveWorkspaceDir } from '../services/workspaceDir';
import { createWorkspaceLock } from '../services/workspaceLock';
import { readLiveHost, removeHostRecord, writeHostRecord, type HostRecord } from '../services/hostRecord';
import { type CliIo, println, waitForSignal } from './io';
import { defaultRendererDir } from './paths';

export interface HostDeps {
  rendererDir?: string;
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  waitForShutdown?: (host: Host) => Promise<void>;
  /** Opens a URL in the system browser; default: xdg-open / open / start. */
  openBrowser?: (url: string, io: CliIo) => void;
}

export const HOST_USAGE =
  'Usage: stagecraft host [--port N] [--workspace DIR] [--open] [--shared]\n' +
  '       stagecraft host --lan [--bind ADDRESS] [--process ID|NAME] [--tls-cert FILE --tls-key FILE] [--relay URL] [--port N] [--workspace DIR]\n' +
  '       (--relay also publishes the room to a stagecraft live-relay; its publisher token comes from $STAGECRAFT_RELAY_PUBLISHER_TOKEN)';

/** What `--lan` asks for: a live workshop on a process, open to the room. */
export interface LanRequest {
  /** Address of the LAN listener; default the machine's first private IPv4. */
  bind?: string;
  /** Process id or name; default the only (or most recently changed) process. */
  process?: string;
  tls?: HostOptions['tls'];
  /** Also publish the room to this live relay (`ws(s)://…`), with the publisher token. */
  relay?: { url: string; token: string };
}

/**
 * `stagecraft host [--port N] [--workspace DIR] [--open] [--shared]` — serve the app to a browser
 * on loopback. A workspace already served by a live host is not served twice: the existing URL is
 * printed (and opened with --open) unless --shared asks for another host on the same folder.
 * With `--lan` it also opens a live workshop to the room (shared/live/README.md) and prints the
 * join URL, the observer URL and a QR code.
 */
export async function hostCommand(args: string[], io: CliIo, deps: HostDeps = {}): Promise<number> {
  let values: {
    port?: string;
    workspace?: string;
    open?: boolean;
    shared?: boolean;
    help?: boolean;
    lan?: boolean;
    bind?: string;
    process?: string;
    'tls-cert'?: string;
    'tls-key'?: string;
    relay?: string;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        workspace: { type: 'string' },
        open: { type: 'boolean' },
        shared: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        lan: { type: 'boolean' },
        bind: { type: 'string' },
        process: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        relay: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    println(io.stderr, `stagecraft host: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    println(io.stdout, HOST_USAGE);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    println(io.stderr, `stagecraft host: --port must be a whole number from 0 to 65535, got "${values.port}"`);
    return 2;
  }
  const lanOnly = (['bind', 'process', 'tls-cert', 'tls-key', 'relay'] as const).filter((k) => values[k] !== undefined);
  if (!values.lan && lanOnly.length > 0) {
    println(io.stderr, `stagecraft host: --${lanOnly[0]} needs --lan`);
    return 2;
  }
  let lan: LanRequest | undefined;
  if (values.lan) {
    if (values.bind !== undefined && isIP(values.bind) === 0) {
      println(io.stderr, `stagecraft host: --bind must be an IP address of this machine, got "${values.bind}"`);
      return 2;
    }
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
      println(io.stderr, 'stagecraft host: --tls-cert and --tls-key go together');
      return 2;
    }
    let tls: LanRequest['tls'];
    if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
      try {
        tls = { cert: await readFile(values['tls-cert']), key: await readFile(values['tls-key']) };
      } catch (error) {
        println(io.stderr, `stagecraft host: cannot read the TLS certificate or key: ${(error as Error).message}`);
        return 2;
      }
    }
    let relay: LanRequest['relay'];
    if (values.relay !== undefined) {
      const token = io.env.STAGECRAFT_RELAY_PUBLISHER_TOKEN ?? '';
      if (!/^wss?:\/\/[^/]/.test(values.relay) || token === '') {
        println(io.stderr, 'stagecraft host: --relay takes a ws:// or wss:// URL, with the publisher token in $STAGECRAFT_RELAY_PUBLISHER_TOKEN');
        return 2;
      }
      relay = { url: values.relay.replace(/\/+$/, ''), token };
    }
    lan = {
      ...(relay ? { relay } : {}),
      ...(values.bind !== undefined ? { bind: values.bind } : {}),
      ...(values.process !== undefined ? { process: values.process } : {}),
      ...(tls ? { tls } : {}),
    };
  }
  return runHost(
    { port, workspace: values.workspace, open: values.open ?? false, shared: values.shared ?? false, ...(lan ? { lan } : {}) },
    io,
    deps,
  );
}

type ProcessSummary = Output<'process:list'>['processes'][number];

/** The process `wanted` names (id, else name, case-insensitive), or the only / most recently changed one. */
export function pickProcess(processes: ProcessSummary[], wanted: string | undefined): { ok: true; process: ProcessSummary } | { ok: false; message: string } {
  if (processes.length === 0) return { ok: false, message: 'the workspace has no process to hold a workshop on; create one first' };
  if (wanted === undefined) {
    // process:list is newest first: the process worked on last.
    return { ok: true, process: processes[0]! };
  }
  const byId = processes.find((p) => p.id === wanted);
  if (byId) return { ok: true, process: byId };
  const byName = processes.filter((p) => p.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (byName.length === 1) return { ok: true, process: byName[0]! };
  const list = processes.map((p) => `${p.id} (${p.name})`).join(', ');
  if (byName.length > 1) return { ok: false, message: `several processes are called "${wanted}"; give the id: ${list}` };
  return { ok: false, message: `no process with id or name "${wanted}"; there are: ${list}` };
}

/** Opens the workshop on the host and prints how to join; false (with a message) when it cannot. */
async function openWorkshop(host: Host, lan: LanRequest, io: CliIo): Promise<boolean> {
  const listed = await host.dispatch('process:list', {});
  if (!listed.ok) {
    println(io.stderr, `stagecraft host: ${listed.error.message}`);
    return false;
  }
  const picked = pickProcess((listed.value as Output<'process:list'>).processes, lan.process);
  if (!picked.ok) {
    println(io.stderr, `stagecraft host: ${picked.message}`);
    return false;
  }
  const started = await host.dispatch('workshop:start', { processId: picked.process.id, ...(lan.bind ? { bind: lan.bind } : {}) });
  if (!started.ok) {
    println(io.stderr, `stagecraft host: could not open the workshop: ${started.error.message}`);
    return false;
  }
  const info = started.value as Output<'workshop:start'>;
  const qr = await qrToString(info.joinUrl, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
  println(io.stdout, `Workshop open on "${info.processName}".`);
  println(io.stdout, `Join (participants): ${info.joinUrl}`);
  println(io.stdout, `Watch (observers, read-only): ${info.observerUrl}`);
  io.stdout.write(qr.endsWith('\n') ? qr : `${qr}\n`);
  println(io.stdout, `Facilitate from this machine: ${host.url}`);
  if (lan.relay) println(io.stdout, `Also published to the live relay: ${lan.relay.url}/${info.docs.room} (readers need the relay's reader token)`);
  if (!info.tls) {
    println(
      io.stdout,
      'Plain HTTP: anyone on this network can read the traffic, the join link included. ' +
        'Use --tls-cert/--tls-key, or a network you trust (see the README, "Live workshop").',
    );
  }
  return true;
}

/** Starts the host, prints its URL, and serves until shutdown. Shared with `start`'s fallback. */
/** Port the host tries first when none is given, so the address stays the same between runs. */
export const DEFAULT_PORT = 4317;

export async function runHost(
  options: { port?: number; workspace?: string; open: boolean; shared?: boolean; lan?: LanRequest },
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
  const tls = options.lan?.tls;
  const start = async (port: number | undefined): Promise<Host> => {
    const relay = options.lan?.relay;
    const base = { workspaceDir, rendererDir, log, ...(tls ? { tls } : {}), ...(relay ? { remote: { ...relay, log } } : {}) };
    if (port !== undefined) return startHost({ ...base, port });
    try {
      return await startHost({ ...base, port: DEFAULT_PORT });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      println(io.stderr, `Port ${DEFAULT_PORT} is in use; using a free port instead.`);
      return startHost({ ...base, port: 0 });
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
    if (options.lan) {
      // The workshop runs in one host, with the room's sessions in its memory: start it from there.
      println(io.stderr, 'stagecraft host: start the workshop from that host (Start workshop), or stop it and run this again.');
      return 1;
    }
    println(io.stdout, `Workspace: ${workspaceDir}`);
    println(io.stdout, 'Open that address, or start with --shared to serve the workspace from another host too.');
    if (options.open) (deps.openBrowser ?? openInBrowser)(outcome.existing.url, io);
    return 0;
  }
  const { host, record } = outcome;
  println(io.stdout, `Stagecraft is running at ${host.url}`);
  println(io.stdout, `Workspace: ${workspaceDir}`);
  if (options.lan && !(await openWorkshop(host, options.lan, io))) {
    await host.close();
    if (record) await removeHostRecord(workspaceDir, record).catch(() => undefined);
    return 1;
  }
  println(io.stdout, options.lan ? 'Press Ctrl-C to end the workshop and stop.' : 'Press Ctrl-C to stop.');
  if (options.open) (deps.openBrowser ?? openInBrowser)(host.url, io);
  await (deps.waitForShutdown ?? waitForSignal)(host);
  if (options.lan) {
    // Ending saves the workshop's record and closes every participant's connection.
    const status = await host.dispatch('workshop:status', {});
    if (status.ok && (status.value as Output<'workshop:status'>).workshop) {
      const ended = await host.dispatch('workshop:end', {});
      println(ended.ok ? io.stdout : io.stderr, ended.ok ? 'Workshop ended; its record is saved.' : `Ending the workshop: ${ended.error.message}`);
    }
  }
  await host.close();
  if (record) await removeHostRecord(workspaceDir, record).catch(() => undefined);
  return 0;
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
