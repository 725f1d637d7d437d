import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { createKeyedQueue } from './keyedQueue';

/**
 * The workspace lock: one exclusive lock file per workspace folder, shared by every Stagecraft
 * process on it (desktop app, any number of hosts, CLI writes). Every change to a file in the
 * workspace happens while it is held, so a read-compare-rename (a save checking its base revision)
 * is atomic across processes, not just inside one.
 *
 * Mechanism: `open(LOCK_FILE, 'wx')` (O_CREAT|O_EXCL, atomic on local filesystems and NFSv3+),
 * holding `{ pid, hostname, token, acquiredAt }`. A lock is stale, and is broken, when
 * - its owner is on this machine and its pid is no longer running (kill -9, power cut + reboot),
 *   or the pid is our own but no lock object here holds that token (pid reuse after a crash);
 * - its mtime is older than `staleMs` (the holder refreshes it every `staleMs / 4` while it holds
 *   the lock, so only a frozen or foreign-machine owner gets there);
 * - it is empty or unreadable and older than one second (the owner died between create and write).
 * Breakers take turns through a second exclusive file and re-check the lock before removing it,
 * so two processes breaking the same stale lock cannot both end up holding a new one.
 *
 * Why not proper-lockfile: its staleness is mtime only (at least 2 s, default 10 s), so after every
 * kill -9 the next save waits seconds, and it cannot tell a dead owner from a slow one. The pid
 * check recovers at once on the same machine and still falls back to mtime elsewhere.
 */
export const LOCK_FILE = '.stagecraft.lock';

/** Who holds a lock; written as JSON into the lock file. */
export interface LockOwner {
  pid: number;
  hostname: string;
  token: string;
  acquiredAt: string;
}

export interface WorkspaceLockOptions {
  /** Give up waiting after this long (ms) with a `LockTimeoutError`. Default 15 000. */
  timeoutMs?: number;
  /** A lock not refreshed for this long (ms) is stale whoever holds it. Default 30 000. */
  staleMs?: number;
  /** Whether a pid on this machine is running; injectable for tests. */
  isAlive?: (pid: number) => boolean;
  hostname?: string;
}

/** Waited `timeoutMs` for another live process to release the workspace lock. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      `The workspace is busy: ${owner ? `process ${owner.pid} on ${owner.hostname}` : 'another process'} ` +
        `has held ${file} for too long. If no Stagecraft is running, delete that file.`,
    );
  }
}

/** True when `pid` names a running process (EPERM: it exists but belongs to someone else). */
export function pidIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WorkspaceLock {
  readonly file: string;
  /**
   * Runs `job` while holding the lock. Calls from this process queue up first (one waiter on the
   * file at a time), so they never spin against each other.
   */
  run<T>(job: () => Promise<T>): Promise<T>;
}

interface Seen {
  owner: LockOwner | undefined;
  mtimeMs: number;
}

/** Tokens of locks this process holds right now, across every lock object and folder. */
const heldHere = new Set<string>();

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export function createWorkspaceLock(dir: string, options: WorkspaceLockOptions = {}): WorkspaceLock {
  const file = join(dir, LOCK_FILE);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const isAlive = options.isAlive ?? pidIsAlive;
  const host = options.hostname ?? osHostname();
  const queue = createKeyedQueue();

  async function look(): Promise<Seen | undefined> {
    let text: string;
    let mtimeMs: number;
    try {
      const handle = await fsp.open(file, 'r');
      try {
        mtimeMs = (await handle.stat()).mtimeMs;
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let owner: LockOwner | undefined;
    try {
      const value = JSON.parse(text) as Partial<LockOwner>;
      if (typeof value.pid === 'number' && typeof value.token === 'string' && typeof value.hostname === 'string') {
        owner = value as LockOwner;
      }
    } catch {
      owner = undefined;
    }
    return { owner, mtimeMs };
  }

  function isStale(seen: Seen, own: LockOwner): boolean {
    const age = Date.now() - seen.mtimeMs;
    if (!seen.owner) return age > 1000;
    if (age > staleMs) return true;
    if (seen.owner.hostname !== host) return false;
    // Our own pid: either one of our lock objects holds it now, or it is left from an earlier
    // process that had our pid (pid reuse after a crash).
    if (seen.owner.pid === own.pid) return !heldHere.has(seen.owner.token);
    return !isAlive(seen.owner.pid);
  }

  /**
   * Removes the stale lock `seen`, if it is still the one there. Breakers take turns through a
   * second exclusive file (`.break`), so between "still the same stale lock?" and the unlink no
   * other breaker can remove it and no new owner can appear (the lock file still exists, so `wx`
   * fails for everyone). A breaker that dies leaves `.break`, which is cleared when a second old.
   * Returns false when another breaker is at work.
   */
  async function breakLock(seen: Seen): Promise<boolean> {
    const guard = `${file}.break`;
    try {
      await (await fsp.open(guard, 'wx')).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - (await fsp.stat(guard)).mtimeMs > 1000) await fsp.rm(guard, { force: true });
      } catch {
        // Gone already: the other breaker finished.
      }
      return false;
    }
    try {
      const again = await look();
      const same =
        again !== undefined &&
        (seen.owner ? again.owner?.token === seen.owner.token : !again.owner && again.mtimeMs === seen.mtimeMs);
      if (same) await fsp.rm(file, { force: true });
      return true;
    } finally {
      await fsp.rm(guard, { force: true });
    }
  }

  async function acquire(own: LockOwner): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let wait = 2;
    let last: Seen | undefined;
    for (;;) {
      try {
        const handle = await fsp.open(file, 'wx');
        try {
          await handle.writeFile(JSON.stringify(own));
        } finally {
          await handle.close();
        }
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      last = await look();
      if (!last) continue;
      if (isStale(last, own)) {
        if (await breakLock(last)) continue;
      }
      if (Date.now() > deadline) throw new LockTimeoutError(file, last.owner);
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 20);
    }
  }

  async function release(own: LockOwner): Promise<void> {
    const seen = await look().catch(() => undefined);
    // Only remove our own lock; if it was broken as stale, whoever holds it now keeps it.
    if (seen?.owner?.token === own.token) await fsp.rm(file, { force: true });
  }

  return {
    file,
    run<T>(job: () => Promise<T>): Promise<T> {
      return queue(file, async () => {
        const own: LockOwner = {
          pid: process.pid,
          hostname: host,
          token: randomBytes(8).toString('hex'),
          acquiredAt: new Date().toISOString(),
        };
        // Known before the file exists: another lock object here must never take ours for a
        // leftover of a dead process with our pid.
        heldHere.add(own.token);
        try {
          await acquire(own);
        } catch (error) {
          heldHere.delete(own.token);
          throw error;
        }
        const refresh = setInterval(() => {
          const t = new Date();
          void fsp.utimes(file, t, t).catch(() => undefined);
        }, Math.max(250, staleMs / 4));
        refresh.unref();
        try {
          return await job();
        } finally {
          clearInterval(refresh);
          await release(own);
          heldHere.delete(own.token);
        }
      });
    },
  };
}
