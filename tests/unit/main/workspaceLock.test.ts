import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, LockTimeoutError, createWorkspaceLock, pidIsAlive } from '../../../src/main/services/workspaceLock';
import { tempDir } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('workspace lock', () => {
  it('runs jobs of one process one at a time, in call order', async () => {
    const dir = await tempDir();
    const lock = createWorkspaceLock(dir);
    const events: string[] = [];
    const job = (name: string, ms: number) => () =>
      (async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        return name;
      })();

    const results = await Promise.all([lock.run(job('a', 30)), lock.run(job('b', 1)), lock.run(job('c', 5))]);

    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('excludes a second lock object on the same folder (as another process would hold it)', async () => {
    const dir = await tempDir();
    const first = createWorkspaceLock(dir);
    const second = createWorkspaceLock(dir);
    let inside = 0;
    let maxInside = 0;
    const job = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await sleep(5);
      inside--;
    };

    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).run(job)));

    expect(maxInside).toBe(1);
  });

  it('holds the lock file with the owner pid while a job runs, and removes it after', async () => {
    const dir = await tempDir();
    const lock = createWorkspaceLock(dir);
    let seen: unknown;

    await lock.run(async () => {
      seen = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    });

    expect(seen).toMatchObject({ pid: process.pid, token: expect.any(String) });
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks the lock of a dead process at once', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 999_999_999, hostname: 'here', token: 'dead', acquiredAt: new Date().toISOString() }),
    );
    const lock = createWorkspaceLock(dir, { hostname: 'here', timeoutMs: 200 });

    const started = Date.now();
    expect(await lock.run(async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(150);
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live owner, then gives up with a readable LockTimeoutError', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.ppid, hostname: 'here', token: 'live', acquiredAt: new Date().toISOString() }),
    );
    const lock = createWorkspaceLock(dir, { hostname: 'here', timeoutMs: 150 });

    const attempt = lock.run(async () => 'ran');

    await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(attempt).rejects.toThrow(`process ${process.ppid} on here`);
    // Never removes a lock it does not own.
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ token: 'live' });
  });

  it('treats a lock not refreshed for staleMs as stale, even from another machine', async () => {
    const dir = await tempDir();
    const file = join(dir, LOCK_FILE);
    await writeFile(file, JSON.stringify({ pid: 1, hostname: 'elsewhere', token: 'old', acquiredAt: '' }));
    const old = new Date(Date.now() - 5_000);
    await utimes(file, old, old);
    const lock = createWorkspaceLock(dir, { hostname: 'here', staleMs: 1_000, timeoutMs: 500 });

    expect(await lock.run(async () => 'ran')).toBe('ran');
  });

  it('breaks an empty lock file left by a crash between create and write once it is a second old', async () => {
    const dir = await tempDir();
    const file = join(dir, LOCK_FILE);
    await writeFile(file, '');
    const old = new Date(Date.now() - 2_000);
    await utimes(file, old, old);

    expect(await createWorkspaceLock(dir, { timeoutMs: 500 }).run(async () => 'ran')).toBe('ran');
  });

  it('lets only one of many lock objects break the same stale lock and hold it', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 999_999_999, hostname: 'here', token: 'dead', acquiredAt: '' }),
    );
    const locks = Array.from({ length: 6 }, () => createWorkspaceLock(dir, { hostname: 'here' }));
    let inside = 0;
    let maxInside = 0;

    await Promise.all(
      locks.map((lock) =>
        lock.run(async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(3);
          inside--;
        }),
      ),
    );

    expect(maxInside).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('knows a running pid from a dead one', () => {
    expect(pidIsAlive(process.pid)).toBe(true);
    expect(pidIsAlive(999_999_999)).toBe(false);
    expect(pidIsAlive(0)).toBe(false);
  });
});
