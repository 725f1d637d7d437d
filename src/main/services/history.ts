import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isErrno, nodeAtomicIo, type AtomicIo } from './atomicAdapter';
import { parseProcess, describeProblem } from '../../shared/model/problems';
import type { Process } from '../../shared/model/schema';
import { AuditEntrySchema, type AuditEntry, type HistorySetAside } from '../../shared/review/schema';

/**
 * Every saved revision of every process, one file per revision, never rewritten:
 * `<workspace>/history/<processId>/r000000042.jsonl` holds two lines — the audit entry (with a
 * SHA-256 of the document line) and the document as compact JSON. Saving revision N writes one
 * new file of the document's size, whatever N is; revisions 1..N-1 are not touched.
 *
 * Each file is written like every other workspace file (unique temp file, fsync, rename, fsync of
 * the folder), so a crash leaves either the whole revision or none of it. A file that does not
 * read back (bad header, checksum mismatch, not a process) is moved to `damaged/` with the reason
 * and reported; it never stops the list or the process from opening.
 */

/** Name of the folder (inside the workspace) that holds the history. */
export const HISTORY_DIR = 'history';

const FILE_RE = /^r(\d{9})\.jsonl$/;
const HEADER_VERSION = 1;
/** Readers fetch at most this many bytes to find the header line. */
const HEADER_MAX = 64 * 1024;

/** A revision's file name. */
export function revisionFileName(revision: number): string {
  return `r${String(revision).padStart(9, '0')}.jsonl`;
}

interface Cached {
  entry: AuditEntry;
  size: number;
  mtimeMs: number;
}

interface Header {
  v: number;
  entry: AuditEntry;
  sha256: string;
}

export interface HistoryStoreOptions {
  /** The workspace folder. */
  dir: string;
  io?: AtomicIo;
  now?: () => Date;
  /** Report damaged entries without moving them (the CLI reads a workspace it does not lock). */
  readOnly?: boolean;
}

/** What `append` wrote, for the byte-count checks. */
export interface AppendResult {
  file: string;
  bytesWritten: number;
}

export interface HistoryListing {
  /** Audit entries, oldest first. */
  entries: AuditEntry[];
  /** Entries moved aside this call or earlier (from `damaged/`). */
  setAside: HistorySetAside[];
}

export interface HistoryStore {
  /** Stores `process` as revision `process.revision` with its audit entry (without `bytes`). */
  append(process: Process, entry: Omit<AuditEntry, 'bytes' | 'revision'>): Promise<AppendResult>;
  /** All readable audit entries of a process, oldest first, plus what was set aside. */
  list(processId: string): Promise<HistoryListing>;
  /** The newest stored revision number, or undefined when there is none. */
  latest(processId: string): Promise<number | undefined>;
  /**
   * One revision's entry and document, checksum verified. Undefined when it does not exist or was
   * damaged (then it is moved aside first).
   */
  read(processId: string, revision: number): Promise<{ entry: AuditEntry; process: Process } | undefined>;
}

export function createHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const io = options.io ?? nodeAtomicIo;
  const now = options.now ?? (() => new Date());
  const root = join(options.dir, HISTORY_DIR);
  const dirOf = (id: string) => join(root, id);
  /**
   * Entries already read, by process id then revision, with the file's size and mtime: a file
   * changed since (damaged, or an unacknowledged revision number written again by another
   * process) is read again.
   */
  const cache = new Map<string, Map<number, Cached>>();
  const made = new Set<string>();

  async function ensureDir(id: string): Promise<void> {
    if (made.has(id)) return;
    await fsp.mkdir(dirOf(id), { recursive: true });
    made.add(id);
  }

  async function setAside(id: string, fileName: string, reason: string): Promise<HistorySetAside> {
    if (options.readOnly) return { fileName, setAsideAs: fileName, reason };
    const damaged = join(dirOf(id), 'damaged');
    await fsp.mkdir(damaged, { recursive: true });
    const stamp = now().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    let target = `${fileName}.damaged-${stamp}`;
    for (let n = 1; await exists(join(damaged, target)); n++) target = `${fileName}.damaged-${stamp}-${n}`;
    await fsp.rename(join(dirOf(id), fileName), join(damaged, target));
    await fsp.writeFile(join(damaged, `${target}.reason.txt`), `${reason}\n`);
    cache.get(id)?.delete(Number(FILE_RE.exec(fileName)?.[1]));
    return { fileName, setAsideAs: `damaged/${target}`, reason };
  }

  async function readSetAside(id: string): Promise<HistorySetAside[]> {
    let names: string[];
    try {
      names = await fsp.readdir(join(dirOf(id), 'damaged'));
    } catch {
      return [];
    }
    const out: HistorySetAside[] = [];
    for (const name of names) {
      if (name.endsWith('.reason.txt')) continue;
      let reason = 'unreadable';
      try {
        reason = (await fsp.readFile(join(dirOf(id), 'damaged', `${name}.reason.txt`), 'utf8')).trim();
      } catch {
        // The reason file is a courtesy; the entry itself is what matters.
      }
      out.push({ fileName: name.replace(/\.damaged-.*$/, ''), setAsideAs: `damaged/${name}`, reason });
    }
    return out.sort((a, b) => a.setAsideAs.localeCompare(b.setAsideAs));
  }

  /** Reads the first line of a revision file without reading the document. */
  async function readHeader(file: string): Promise<string> {
    const handle = await fsp.open(file, 'r');
    try {
      let size = 4096;
      for (;;) {
        const buffer = Buffer.alloc(size);
        const { bytesRead } = await handle.read(buffer, 0, size, 0);
        const nl = buffer.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) return buffer.subarray(0, nl).toString('utf8');
        if (bytesRead < size || size >= HEADER_MAX) throw new Error('no complete header line');
        size *= 4;
      }
    } finally {
      await handle.close();
    }
  }

  function parseHeader(line: string, revision: number): Header {
    const raw = JSON.parse(line) as Partial<Header>;
    if (raw.v !== HEADER_VERSION) throw new Error(`unknown history format ${String(raw.v)}`);
    const entry = AuditEntrySchema.parse(raw.entry);
    if (entry.revision !== revision) throw new Error(`holds revision ${entry.revision}, not ${revision}`);
    if (typeof raw.sha256 !== 'string') throw new Error('no checksum');
    return { v: raw.v, entry, sha256: raw.sha256 };
  }

  async function revisionsOnDisk(id: string): Promise<number[]> {
    let names: string[];
    try {
      names = await fsp.readdir(dirOf(id));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const out: number[] = [];
    for (const name of names) {
      const m = FILE_RE.exec(name);
      if (m) out.push(Number(m[1]));
    }
    return out.sort((a, b) => a - b);
  }

  return {
    async append(process, partial) {
      await ensureDir(process.id);
      const entryBase = { ...partial, revision: process.revision };
      const docLine = JSON.stringify(process);
      const entry: AuditEntry = { ...entryBase, bytes: Buffer.byteLength(docLine) };
      const sha256 = createHash('sha256').update(docLine).digest('hex');
      const header: Header = { v: HEADER_VERSION, entry, sha256 };
      const text = `${JSON.stringify(header)}\n${docLine}\n`;
      const file = join(dirOf(process.id), revisionFileName(process.revision));
      await io.writeAtomic(file, text);
      let known = cache.get(process.id);
      if (!known) cache.set(process.id, (known = new Map()));
      try {
        const st = await fsp.stat(file);
        known.set(process.revision, { entry, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        known.delete(process.revision);
      }
      return { file, bytesWritten: Buffer.byteLength(text) };
    },

    async list(id) {
      const revisions = await revisionsOnDisk(id);
      let known = cache.get(id);
      if (!known) cache.set(id, (known = new Map()));
      const fresh: HistorySetAside[] = [];
      // Bounded parallel stats and reads: 1,000 headers in well under the 200 ms budget.
      let next = 0;
      const worker = async () => {
        while (next < revisions.length) {
          const revision = revisions[next++]!;
          const fileName = revisionFileName(revision);
          const file = join(dirOf(id), fileName);
          try {
            const st = await fsp.stat(file);
            const hit = known!.get(revision);
            if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) continue;
            const header = parseHeader(await readHeader(file), revision);
            known!.set(revision, { entry: header.entry, size: st.size, mtimeMs: st.mtimeMs });
          } catch (error) {
            known!.delete(revision);
            if (isErrno(error, 'ENOENT')) continue;
            fresh.push(await setAside(id, fileName, `history entry unreadable: ${(error as Error).message}`));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(32, revisions.length) }, worker));
      const present = new Set(revisions);
      const entries = [...known.entries()]
        .filter(([r]) => present.has(r))
        .sort((a, b) => a[0] - b[0])
        .map(([, c]) => c.entry);
      const setAsideList = await readSetAside(id);
      return { entries, setAside: setAsideList.length > 0 ? setAsideList : fresh };
    },

    async latest(id) {
      const revisions = await revisionsOnDisk(id);
      return revisions.length > 0 ? revisions[revisions.length - 1] : undefined;
    },

    async read(id, revision) {
      const fileName = revisionFileName(revision);
      let text: string;
      try {
        text = await fsp.readFile(join(dirOf(id), fileName), 'utf8');
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return undefined;
        throw error;
      }
      try {
        const nl = text.indexOf('\n');
        if (nl < 0) throw new Error('no complete header line');
        const header = parseHeader(text.slice(0, nl), revision);
        const docLine = text.slice(nl + 1).replace(/\n$/, '');
        const sha = createHash('sha256').update(docLine).digest('hex');
        if (sha !== header.sha256) throw new Error('checksum mismatch (the file was cut short or changed)');
        const parsed = parseProcess(JSON.parse(docLine));
        if (!parsed.ok) throw new Error(`not a valid process: ${parsed.problems.slice(0, 3).map(describeProblem).join('; ')}`);
        return { entry: header.entry, process: parsed.process };
      } catch (error) {
        await setAside(id, fileName, `history entry unreadable: ${(error as Error).message}`);
        return undefined;
      }
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}
