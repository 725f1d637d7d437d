import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runHost, type HostDeps } from './host';
import { println, type CliIo } from './io';
import { appRoot } from './paths';

export type ElectronProbe = { ok: true; path: string } | { ok: false; reason: string };

export const NO_ELECTRON_REASON =
  "No Electron binary available (electron's download did not run — it needs Node ≥ 22.12 and internet)";

/**
 * Finds the Electron binary without triggering its download: `require('electron')` downloads
 * synchronously when the binary is missing, so we only call it once `path.txt` and the binary
 * it names are on disk. On Linux a display (X11 or Wayland) is also required.
 */
export function probeElectron(io: CliIo, root: string = appRoot()): ElectronProbe {
  const requireFromApp = createRequire(join(root, 'package.json'));
  let packageDir: string;
  try {
    packageDir = dirname(requireFromApp.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'No Electron package installed' };
  }
  const override = io.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(packageDir, 'path.txt');
  if (!override && !existsSync(pathFile)) return { ok: false, reason: NO_ELECTRON_REASON };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const expected = override ? join(override, relative) : join(packageDir, 'dist', relative);
  if (!existsSync(expected)) return { ok: false, reason: NO_ELECTRON_REASON };
  let binary: unknown;
  try {
    binary = requireFromApp('electron');
  } catch {
    return { ok: false, reason: NO_ELECTRON_REASON };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { ok: false, reason: NO_ELECTRON_REASON };
  if (io.platform === 'linux' && !io.env.DISPLAY && !io.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'No display available (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { ok: true, path: binary };
}

export interface StartDeps extends HostDeps {
  probe?: (io: CliIo) => ElectronProbe;
  /** Runs Electron on the app folder; resolves to its exit code. */
  launch?: (binary: string, args: string[], io: CliIo) => Promise<number>;
}

/** `stagecraft start [--workspace DIR]` — the desktop app, or the browser host when it cannot run. */
export async function startCommand(args: string[], io: CliIo, deps: StartDeps = {}): Promise<number> {
  let values: { workspace?: string; port?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { workspace: { type: 'string' }, port: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    println(io.stderr, `stagecraft start: ${(error as Error).message}`);
    return 2;
  }
  const probe = (deps.probe ?? probeElectron)(io);
  if (probe.ok) {
    const electronArgs = [appRoot(), ...(values.workspace ? ['--workspace', values.workspace] : [])];
    return (deps.launch ?? launchElectron)(probe.path, electronArgs, io);
  }
  println(io.stdout, `${probe.reason} — opening the browser host instead.`);
  const port = values.port === undefined ? undefined : Number(values.port);
  return runHost({ port: Number.isInteger(port) ? port : undefined, workspace: values.workspace, open: true }, io, deps);
}

function launchElectron(binary: string, args: string[], io: CliIo): Promise<number> {
  return new Promise((resolvePromise) => {
    // ELECTRON_RUN_AS_NODE from a parent tool would turn the app into a plain Node process.
    const env = { ...io.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(binary, args, { stdio: 'inherit', env, windowsHide: false });
    child.on('error', (error) => {
      println(io.stderr, `Could not start Electron: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}
