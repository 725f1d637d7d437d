import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/**
 * Leftovers of a save that a crash (kill -9, power cut) interrupted:
 * - `<name>.json.<digits>` — write-file-atomic's temp file (written and fsync'd, not yet renamed);
 * - `<name>.json.bak.tmp-<pid>-<time>` — the backup copy's temp file.
 * (A dead process's lock file is the lock's own business: workspaceLock.ts breaks it.)
 */
const ATOMIC_TEMP_RE = /^(.+)\.json\.(\d+)$/;
const BACKUP_TEMP_RE = /^.+\.json\.bak\.tmp-[\w-]+$/;

/** A crash leftover that holds a newer valid document than the one stored; kept, never applied. */
export interface RecoveredTemp {
  processId: string;
  /** Temp file it was found as. */
  foundAs: string;
  /** Where it was kept: `<id>.json.recovered` (one per process, the newest wins). */
  keptAs: string;
  revision: number;
  storedRevision: number | undefined;
}

export interface RecoveryReport {
  /** Temp files removed (names). */
  removed: string[];
  /** Newer, valid documents found in temp files: reported and kept aside, never promoted. */
  recovered: RecoveredTemp[];
}

/** True for names `recoverDebris` would handle: used by tests and the kill-loop figures. */
export function isCrashDebris(name: string): boolean {
  return ATOMIC_TEMP_RE.test(name) || BACKUP_TEMP_RE.test(name);
}

/**
 * Removes crash leftovers from a workspace folder. Must run with the workspace lock held: every
 * write happens under that lock, so no live writer's temp file can be mistaken for debris.
 * A temp file holding a valid document with a higher revision than the stored one is a save that
 * was never acknowledged; it is moved to `<id>.json.recovered` and reported, not applied — the
 * user decides (SQLite would roll it back; we keep it visible instead).
 */
export async function recoverDebris(
  dir: string,
  revisionOf: (text: string) => number | undefined,
  storedRevision: (id: string) => Promise<number | undefined>,
): Promise<RecoveryReport> {
  const report: RecoveryReport = { removed: [], recovered: [] };
  const names = await fsp.readdir(dir);
  for (const name of names.sort()) {
    if (!isCrashDebris(name)) continue;
    const path = join(dir, name);
    const atomic = ATOMIC_TEMP_RE.exec(name);
    if (atomic && atomic[1] !== 'settings') {
      const id = atomic[1]!;
      let revision: number | undefined;
      try {
        revision = revisionOf(await fsp.readFile(path, 'utf8'));
      } catch {
        revision = undefined;
      }
      const stored = revision === undefined ? undefined : await storedRevision(id);
      if (revision !== undefined && (stored === undefined || revision > stored)) {
        const keptAs = `${id}.json.recovered`;
        await fsp.rename(path, join(dir, keptAs));
        report.recovered.push({ processId: id, foundAs: name, keptAs, revision, storedRevision: stored });
        continue;
      }
    }
    await fsp.rm(path, { force: true });
    report.removed.push(name);
  }
  return report;
}

/** One log line for a recovery, always with the count (0 included), as the issue asks. */
export function describeRecovery(dir: string, report: RecoveryReport): string[] {
  const lines = [
    `Startup recovery in ${dir}: removed ${report.removed.length} temp file${report.removed.length === 1 ? '' : 's'} left by interrupted saves.`,
  ];
  for (const r of report.recovered) {
    lines.push(
      `Found an unacknowledged newer version of ${r.processId} (revision ${r.revision}, stored ${r.storedRevision ?? 'none'}) in ${r.foundAs}; kept as ${r.keptAs}, not applied.`,
    );
  }
  return lines;
}
