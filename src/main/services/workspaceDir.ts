import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ResolveWorkspaceDirOptions {
  /** `--workspace DIR` from the command line. */
  flag?: string;
  /** `STAGECRAFT_WORKSPACE` from the environment. */
  env?: string;
  /** Electron's `app.getPath('userData')`; when absent the platform default is used. */
  userData?: string;
  cwd?: string;
}

/** Where the workspace lives: `--workspace` beats `STAGECRAFT_WORKSPACE` beats the app data dir. */
export function resolveWorkspaceDir({ flag, env, userData, cwd = process.cwd() }: ResolveWorkspaceDirOptions): string {
  if (flag && flag.trim() !== '') return resolve(cwd, flag);
  if (env && env.trim() !== '') return resolve(cwd, env);
  return join(userData ?? defaultUserDataDir(), 'workspace');
}

/**
 * The folder Electron would use as `userData` for an app named Stagecraft, so the CLI host and the
 * desktop app share one workspace: `~/.config/Stagecraft` (or `$XDG_CONFIG_HOME`) on Linux,
 * `~/Library/Application Support/Stagecraft` on macOS, `%APPDATA%\Stagecraft` on Windows.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stagecraft');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stagecraft');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Stagecraft');
}
