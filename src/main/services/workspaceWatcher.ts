import { promises as fsp, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { IdSchema } from '../../shared/model/schema';
import type { EventPayload } from '../../shared/api/events';
import { interpretDocument } from './workspace';

/** What the watcher reports: the contract's `process:changed-on-disk` payload. */
export type ChangedOnDisk = EventPayload<'process:changed-on-disk'>;

export interface WorkspaceWatcherOptions {
  /** The workspace folder. */
  dir: string;
  /**
   * True when `<id>.json` is the file this process itself last wrote or read (the workspace's
   * `isOwnVersion`): such changes are our own saves and are not reported.
   */
  isOwnVersion(id: string): Promise<boolean>;
  /** Receives each change made by someone else, once per new version of a file. */
  onChange(change: ChangedOnDisk): void;
  /** Quiet time after the last event for a file before it is looked at, ms (default 150). */
  debounceMs?: number;
  log?: (line: string) => void;
}

export interface WorkspaceWatcher {
  close(): void;
}

/** `<id>.json` for a valid process id: the only files whose changes are reported. */
function processIdOf(fileName: string): string | undefined {
  const m = /^(.+)\.json$/.exec(fileName);
  if (!m || m[1] === 'settings' || !IdSchema.safeParse(m[1]).success) return undefined;
  return m[1];
}

/**
 * Watches a workspace folder for process files changed by another process — a second window or
 * host on the same workspace, or an editor — and reports each new version once, with the
 * revision it holds. Plain Node (no `electron`): the desktop shell forwards reports over IPC, the
 * HTTP host as server-sent events.
 *
 * `fs.watch` on the folder (one handle, any platform) gives a burst of events per save (the
 * temp file, the rename, the backup); events are debounced per file, then the file is checked:
 * our own writes (`isOwnVersion`), unreadable or half-written files and versions already
 * reported are skipped. Deletions are not reported.
 */
export function watchWorkspace(options: WorkspaceWatcherOptions): WorkspaceWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const log = options.log ?? (() => undefined);
  const timers = new Map<string, NodeJS.Timeout>();
  /** The file version last reported per process (stat identity), so a burst reports once. */
  const reported = new Map<string, string>();
  let closed = false;

  async function check(id: string): Promise<void> {
    if (closed || (await options.isOwnVersion(id))) return;
    const file = join(options.dir, `${id}.json`);
    let version: string;
    let text: string;
    try {
      const stat = await fsp.stat(file, { bigint: true });
      version = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
      if (reported.get(id) === version) return;
      text = await fsp.readFile(file, 'utf8');
    } catch {
      // Gone (deleted, moved aside) or unreadable for now: nothing to offer.
      return;
    }
    const stored = interpretDocument(text);
    // A half-written or broken file is not a version to reload; its next change is looked at again.
    if (!stored.ok || closed) return;
    // Another check may have reported this version, or this process may have saved meanwhile.
    if (reported.get(id) === version || (await options.isOwnVersion(id))) return;
    reported.set(id, version);
    options.onChange({ processId: id, revision: stored.process.revision });
  }

  function schedule(id: string): void {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        check(id).catch((error: unknown) => log(`Workspace watcher: ${(error as Error).message}`));
      }, debounceMs),
    );
  }

  async function scheduleAll(): Promise<void> {
    for (const name of await fsp.readdir(options.dir).catch(() => [] as string[])) {
      const id = processIdOf(name);
      if (id !== undefined) schedule(id);
    }
  }

  let watcher: FSWatcher | undefined;
  try {
    // Not persistent: watching must never keep a CLI or test process alive.
    watcher = watch(options.dir, { persistent: false }, (_event, fileName) => {
      if (closed) return;
      // Some platforms do not say which file changed: look at all of them.
      if (fileName === null) return void scheduleAll();
      const id = processIdOf(String(fileName));
      if (id !== undefined) schedule(id);
    });
    watcher.on('error', (error) => log(`Workspace watcher stopped: ${error.message}`));
  } catch (error) {
    log(`Workspace watcher not started: ${(error as Error).message}`);
  }

  return {
    close() {
      closed = true;
      watcher?.close();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
