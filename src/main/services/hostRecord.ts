import { promises as fsp } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { parseJsonText } from '../../shared/model/jsonText';
import { pidIsAlive } from './workspaceLock';

/**
 * Which host serves a workspace: `{ pid, url, hostname, startedAt }` in `.stagecraft-host.json`
 * in the workspace folder, so a second `stagecraft host` on it can point at the first instead of
 * silently starting on another port. A record whose pid is dead (or from another machine, where
 * the URL would be loopback of that machine) does not count.
 */
export const HOST_FILE = '.stagecraft-host.json';

export interface HostRecord {
  pid: number;
  url: string;
  hostname: string;
  startedAt: string;
}

/** The live host serving `dir`, if any. */
export async function readLiveHost(
  dir: string,
  isAlive: (pid: number) => boolean = pidIsAlive,
  host: string = osHostname(),
): Promise<HostRecord | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(join(dir, HOST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const record = parsed.value as Partial<HostRecord>;
  if (typeof record.pid !== 'number' || typeof record.url !== 'string' || record.hostname !== host) return undefined;
  if (record.pid !== process.pid && !isAlive(record.pid)) return undefined;
  return record as HostRecord;
}

/** Records this process as the host of `dir`. */
export async function writeHostRecord(dir: string, url: string): Promise<HostRecord> {
  const record: HostRecord = { pid: process.pid, url, hostname: osHostname(), startedAt: new Date().toISOString() };
  await writeFileAtomic(join(dir, HOST_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Removes the record if it is still this process's (another `--shared` host may have taken over). */
export async function removeHostRecord(dir: string, record: HostRecord): Promise<void> {
  const current = await readLiveHost(dir).catch(() => undefined);
  if (current?.pid === record.pid && current.url === record.url) {
    await fsp.rm(join(dir, HOST_FILE), { force: true });
  }
}
