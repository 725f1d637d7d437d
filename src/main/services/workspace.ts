import { promises as fsp } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { AtomicJsonAdapter, JsonParseError, isErrno, nodeAtomicIo, type AtomicIo } from './atomicAdapter';
import { ConflictError, CorruptError, InvalidRequestError, NotFoundError } from './errors';
import { IdSchema, summarize, type Process, type ProcessSummary } from '../../shared/model/schema';
import { blockingProblems, describeProblem, formatPath, parseProcess, type Problem } from '../../shared/model/problems';
import { parseJsonText } from '../../shared/model/jsonText';
import { SettingsSchema, type ProcessContent, type SetAsideNotice, type Settings } from '../../shared/api/contract';
import { createSampleProcess } from '../../shared/model/sample';
import { emptyProcess } from '../../shared/model/commands';
import { createWorkspaceLock, type WorkspaceLockOptions } from './workspaceLock';
import { createSettingsFile, DEFAULT_SETTINGS, SETTINGS_FILE } from './settingsFile';
import { describeRecovery, recoverDebris, type RecoveryReport } from './recovery';
import { createHistoryStore, type HistoryStore } from './history';
import type { Author } from '../../shared/model/schema';
import type { AuditEntry, RevisionKind } from '../../shared/review/schema';
import { diffProcesses } from '../../shared/review/diff';
import { summarizeDiff } from '../../shared/review/summary';

export { ConflictError, CorruptError, InvalidRequestError, NotFoundError };
export { DEFAULT_SETTINGS, SETTINGS_FILE };

/** Process ids that would collide with workspace bookkeeping files. */
const RESERVED_IDS = new Set(['settings']);
const MAX_NAME = 120;

export interface WorkspaceOptions {
  /** Folder holding `<processId>.json` files and `settings.json`; created when missing. */
  dir: string;
  now?: () => Date;
  newId?: () => string;
  /** Filesystem operations of the document adapter; tests inject failures here. */
  io?: AtomicIo;
  /** Tuning of the cross-process workspace lock (tests shorten the timeouts). */
  lock?: WorkspaceLockOptions;
  /** Receives startup-recovery lines (the count of removed temp files, kept newer versions). */
  log?: (line: string) => void;
}

export interface CreateProcessInput {
  name: string;
  description?: string;
  template?: 'empty' | 'sample';
}

/** Who saved, why, and how: recorded in the revision's audit entry. */
export interface SaveAudit {
  /** Default: the workspace's "who is editing" when a name is set. */
  author?: Author | undefined;
  /** The note typed with the save ("Save with note…"). */
  reason?: string | undefined;
  /** Default `save`. */
  kind?: RevisionKind | undefined;
}

/** What a revision commit records beyond the computed summary. */
export type CommitAudit = SaveAudit & Pick<Partial<AuditEntry>, 'restoredFrom' | 'proposal'> & { summary?: string };

export interface WorkspaceListing {
  processes: ProcessSummary[];
  setAside: SetAsideNotice[];
}

/**
 * The process documents of one folder. Documents handed in (`save`, `importProcess`) are assumed
 * valid: the API parses every input with the contract before calling here, and parsing a large
 * document twice would double the cost of a save. Everything read from disk is validated.
 */
export interface Workspace {
  /** Absolute path of the workspace folder. */
  readonly dir: string;
  /** Summaries newest first, and files set aside as unreadable (newest per process). */
  list(): Promise<WorkspaceListing>;
  /** @throws NotFoundError, CorruptError */
  open(id: string): Promise<Process>;
  /**
   * Throws as `open` would when process `id` is missing or unreadable, without reading it when the
   * file is the one this workspace last read or wrote (a stat and its head, see `currentVersion`).
   * For calls about a process's comments and proposals, which need it to exist, not its content.
   * @throws NotFoundError, CorruptError
   */
  assertExists(id: string): Promise<void>;
  create(input: CreateProcessInput): Promise<Process>;
  /**
   * Stores `process` as revision `baseRevision + 1` if the stored revision is still
   * `baseRevision` — checked under the workspace lock, so across processes too. The workspace
   * stamps `revision`, `createdAt` and `updatedAt`.
   * @throws ConflictError (nothing written), NotFoundError, CorruptError, InvalidRequestError
   */
  save(input: { process: ProcessContent; baseRevision: number } & SaveAudit): Promise<Process>;
  /**
   * Under the workspace lock: reads the stored document, lets `produce` build the next one, and
   * stores it as a new revision through the save path (history entry first, then the document)
   * with an audit entry whose summary is computed from the diff. Restores and proposal
   * acceptances use it. `produce` and `after` (run once the revision is stored, e.g. to mark a
   * proposal accepted) hold the lock: they must not call `exclusive`.
   */
  commit(
    id: string,
    produce: (current: Process) => Promise<{ process: ProcessContent; audit: CommitAudit }>,
    after?: (saved: Process) => Promise<void>,
  ): Promise<Process>;
  /** Runs `job` under the workspace lock (comments and proposals use it for read-modify-write). */
  exclusive<T>(job: () => Promise<T>): Promise<T>;
  /** The revision history of every process (kept in `history/<id>/`). */
  readonly history: HistoryStore;
  /**
   * Makes sure the history holds the current revision (documents saved before history was kept,
   * or written by hand, get a `baseline` entry) and returns the current document.
   */
  ensureHistory(id: string): Promise<Process>;
  rename(id: string, name: string): Promise<ProcessSummary>;
  duplicate(id: string, name?: string): Promise<ProcessSummary>;
  /** Moves the file to `<id>.json.deleted-<timestamp>`; nothing is unlinked. */
  delete(id: string): Promise<{ id: string }>;
  /** Stores a copy of `process` under a new id at revision 0. */
  importProcess(input: { process: Process; name?: string }): Promise<Process>;
  /** Puts `<id>.json.bak` back as the current document (revision moves forward). */
  restoreBackup(id: string): Promise<Process>;
  getSettings(): Promise<Settings>;
  setSettings(settings: Settings): Promise<Settings>;
  /** What startup recovery did (runs once, before the first operation). */
  recovery(): Promise<RecoveryReport>;
  /**
   * True while `<id>.json` is the file this workspace last wrote or read (same device, inode,
   * size, mtime and head revision), or is being written by it right now: a change to the folder
   * that this process made itself. The workspace watcher uses it to skip our own saves.
   */
  isOwnVersion(id: string): Promise<boolean>;
}

/** `20261127T101500Z` — sortable, and safe in file names on every platform. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : stamp;
}

type Stored = { ok: true; process: Process } | { ok: false; reason: string };

/**
 * Parses a document's text (a byte-order mark is fine); never throws. Reasons list at most the
 * first 3 located problems. A schema-valid document with problems that block opening
 * (`blockingProblems`: duplicate ids, dangling references) is not ok either.
 */
export function interpretDocument(text: string): Stored {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, reason: `not valid JSON: ${parsed.message}` };
  return interpretValue(parsed.value);
}

function listProblems(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 3).map(describeProblem);
  const more = problems.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}

function interpretValue(raw: unknown): Stored {
  const parsed = parseProcess(raw);
  if (!parsed.ok) return { ok: false, reason: `not a valid process: ${listProblems(parsed.problems)}` };
  const blocking = blockingProblems(parsed.process);
  if (blocking.length > 0) return { ok: false, reason: `unsafe to open: ${listProblems(blocking)}` };
  return { ok: true, process: parsed.process };
}

/** Refuses a document handed in for saving or import when it could not be opened again. */
function refuseBlocking(process: Process | ProcessContent, what: string): void {
  const blocking = blockingProblems(process);
  if (blocking.length === 0) return;
  throw new InvalidRequestError(
    `${what} refused: ${listProblems(blocking)}`,
    blocking.map((p) => ({ path: p.path, message: p.message })),
  );
}

interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/** Enough of a document's head to pass a 4,000-character description, even fully escaped. */
const HEAD_BYTES = 32 * 1024;

/** The stored document for `content`, keys in schema order so `revision` stays near the top. */
export function stampDocument(
  content: ProcessContent,
  stamps: { id: string; revision: number; createdAt: string; updatedAt: string },
): Process {
  // Stamps a caller might still carry (a full Process passed in-process) never survive the spread.
  const {
    schemaVersion,
    id: _id,
    name,
    description,
    revision: _revision,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...rest
  } = content as Process;
  return {
    schemaVersion,
    id: stamps.id,
    name,
    description,
    revision: stamps.revision,
    createdAt: stamps.createdAt,
    updatedAt: stamps.updatedAt,
    ...rest,
  } as Process;
}

const CORRUPT_RE = /^(.+)\.json\.corrupt-(\d{8}T\d{6}Z)(?:-\d+)?$/;

export function createWorkspace(options: WorkspaceOptions): Workspace {
  const dir = resolve(options.dir);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => randomUUID());
  const io = options.io ?? nodeAtomicIo;
  const log = options.log ?? (() => undefined);
  /** Reasons computed when a file was set aside this session, keyed by set-aside name. */
  const reasons = new Map<string, string>();
  /** Revision of each file as last written or validated here, keyed by process id. */
  const versions = new Map<string, { identity: FileIdentity; revision: number; createdAt: string }>();
  /** Process ids whose file this workspace is writing right now. */
  const writing = new Set<string>();
  let ready: Promise<RecoveryReport> | undefined;

  const fileOf = (id: string) => join(dir, `${id}.json`);
  const adapterOf = (id: string) => new AtomicJsonAdapter<unknown>(fileOf(id), { io });
  const nowIso = () => now().toISOString();

  /**
   * The one write queue: every read-compare-write and every change to a file in the folder runs
   * inside `exclusive`, which queues calls from this process and holds the workspace lock file
   * against every other process (see workspaceLock.ts).
   */
  const lock = createWorkspaceLock(dir, options.lock);
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => lock.run(job);
  const settingsFile = createSettingsFile(dir, io, (name) => moveAside(name, 'corrupt'));
  const history = createHistoryStore({ dir, io, now });
  /** The last document written or read per process: the "before" of the next audit summary. */
  const lastDocs = new Map<string, Process>();

  function ensureReady(): Promise<RecoveryReport> {
    ready ??= (async () => {
      await fsp.mkdir(dir, { recursive: true });
      return exclusive(async () => {
        const report = await recoverDebris(
          dir,
          (text) => {
            const stored = interpretDocument(text);
            return stored.ok ? stored.process.revision : undefined;
          },
          async (id) => {
            try {
              return (await readStored(id))?.revision;
            } catch (error) {
              if (error instanceof CorruptError) return undefined;
              throw error;
            }
          },
        );
        for (const line of describeRecovery(dir, report)) log(line);
        const entries = await fsp.readdir(dir);
        // A workspace that has never held anything starts with the sample, so the app opens on
        // something real. Leftovers (deleted, set-aside, backups) mean it is not a first start.
        if (!entries.some((name) => name.includes('.json'))) {
          const sample = createSampleProcess(nowIso());
          await writeDocument(sample.id, sample);
          await settingsFile.write(DEFAULT_SETTINGS);
        }
        return report;
      });
    })();
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  }

  /** Writes a document (backup first, then atomic replace). Lock held. */
  async function writeDocument(id: string, doc: Process): Promise<void> {
    const db = new Low<unknown>(adapterOf(id), null);
    db.data = doc;
    versions.delete(id);
    lastDocs.delete(id);
    writing.add(id);
    try {
      await db.write();
      const identity = await statOf(id);
      if (identity) versions.set(id, { identity, revision: doc.revision, createdAt: doc.createdAt });
      lastDocs.set(id, doc);
    } finally {
      writing.delete(id);
    }
  }

  /** "Who is editing" from the settings, when a name is set. Lock held. */
  async function editorAuthor(): Promise<Author | undefined> {
    const settings = await settingsFile.read();
    const name = settings.editor.name.trim();
    return name === '' || settings.editor.departmentId === '' ? undefined : { name, departmentId: settings.editor.departmentId };
  }

  /**
   * Writes `next` as a revision: history entry first, then the document, so the history is never
   * behind an acknowledged save (a crash in between leaves a history entry for a revision that
   * was never acknowledged; the list hides it and the next save of that number replaces it).
   * Lock held.
   */
  async function writeRevision(before: Process | undefined, next: Process, audit: CommitAudit): Promise<void> {
    const author = audit.author ?? (await editorAuthor());
    const summary =
      audit.summary ?? (before ? summarizeDiff(diffProcesses(before, next), before, next) : 'created the process');
    await history.append(next, {
      at: next.updatedAt,
      kind: audit.kind ?? 'save',
      summary,
      ...(author ? { author } : {}),
      ...(audit.reason?.trim() ? { reason: audit.reason.trim() } : {}),
      ...(audit.restoredFrom !== undefined ? { restoredFrom: audit.restoredFrom } : {}),
      ...(audit.proposal ? { proposal: audit.proposal } : {}),
    });
    await writeDocument(next.id, next);
  }

  /** The stored document, from memory when the file is the one last written or read here. Lock held. */
  async function currentDoc(id: string): Promise<Process> {
    const version = await currentVersion(id);
    const cached = lastDocs.get(id);
    if (cached && cached.revision === version.revision && versions.has(id)) return cached;
    return requireStored(id);
  }

  function summaryOfNew(doc: Process): string {
    const fields = doc.stages.reduce((n, s) => n + s.fields.length, 0);
    return `created "${doc.name}" with ${doc.stages.length} stages and ${fields} fields`;
  }

  async function statOf(id: string): Promise<FileIdentity | undefined> {
    try {
      const st = await fsp.stat(fileOf(id), { bigint: true });
      return { dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs };
    } catch {
      return undefined;
    }
  }

  /**
   * The stored revision of `id`. Re-reading and re-validating a 2 MB document costs ~40 ms, so when
   * the file is the one this workspace last wrote or validated (same device, inode, size and
   * mtime — a rename by another process always changes the inode) the remembered revision is used;
   * any outside change forces a full read. Lock held, so nothing can change between this check
   * and the rename that follows it.
   */
  async function currentVersion(id: string): Promise<{ revision: number; createdAt: string }> {
    const known = versions.get(id);
    if (known) {
      const identity = await statOf(id);
      // Inodes are reused and mtimes are coarse (a kernel tick), so another process's rewrite can
      // look identical by stat alone; the revision in the file's head settles it.
      if (identity && sameIdentity(identity, known.identity) && (await headRevision(id)) === known.revision) {
        return known;
      }
    }
    return requireStored(id);
  }

  /** The top-level `"revision"` of a file this workspace wrote (2-space indent), read from its head. */
  async function headRevision(id: string): Promise<number | undefined> {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(fileOf(id), 'r');
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      // Strings cannot hold a raw newline, and nested keys are indented deeper, so this matches
      // only the document's own revision.
      const m = /\n {2}"revision": (\d+),?\n/.exec(buffer.subarray(0, bytesRead).toString('utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  async function exists(path: string): Promise<boolean> {
    try {
      await fsp.access(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Renames `file` to `<file>.<label>-<stamp>` (suffixing -1, -2… if taken); returns the new name. */
  async function moveAside(fileName: string, label: string): Promise<string> {
    const base = `${fileName}.${label}-${fileStamp(now())}`;
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? base : `${base}-${n}`;
      if (await exists(join(dir, candidate))) continue;
      await fsp.rename(join(dir, fileName), join(dir, candidate));
      return candidate;
    }
  }

  async function backupAvailable(id: string): Promise<boolean> {
    return (await readBackup(id)) !== undefined;
  }

  async function readBackup(id: string): Promise<Process | undefined> {
    let text: string;
    try {
      text = await io.readFile(`${fileOf(id)}.bak`);
    } catch {
      return undefined;
    }
    const stored = interpretDocument(text);
    return stored.ok ? { ...stored.process, id } : undefined;
  }

  /**
   * Reads `<id>.json` through lowdb. Missing → undefined. Unreadable or unsafe to open → the file
   * is moved aside (never rewritten) and CorruptError is thrown. Lock held.
   */
  async function readStored(id: string): Promise<Process | undefined> {
    const db = new Low<unknown>(adapterOf(id), null);
    let stored: Stored;
    // Identity taken before reading: if the file changes in between, the remembered identity is
    // stale and the next check falls back to a full read, never the other way round.
    const identity = await statOf(id);
    versions.delete(id);
    try {
      await db.read();
      if (db.data === null) return undefined;
      stored = interpretValue(db.data);
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error;
      stored = { ok: false, reason: error.message };
    }
    // The file name is the process's identity; a copied file keeps working under its new name.
    if (stored.ok) {
      const process = stored.process.id === id ? stored.process : { ...stored.process, id };
      if (identity) versions.set(id, { identity, revision: process.revision, createdAt: process.createdAt });
      lastDocs.set(id, process);
      return process;
    }
    const fileName = `${id}.json`;
    const setAsideAs = await moveAside(fileName, 'corrupt');
    reasons.set(setAsideAs, stored.reason);
    throw new CorruptError({
      fileName,
      setAsideAs,
      reason: stored.reason,
      processId: id,
      backupAvailable: await backupAvailable(id),
      at: nowIso(),
    });
  }

  async function requireStored(id: string): Promise<Process> {
    const stored = await readStored(id);
    if (!stored) throw new NotFoundError(`No process with id ${id} in this workspace.`);
    return stored;
  }

  /**
   * The save path, lock held: compare the stored revision with the client's base, then write the
   * revision's history entry and the document.
   */
  async function commitSave(id: string, content: ProcessContent, baseRevision: number, audit: CommitAudit): Promise<Process> {
    const current = await currentVersion(id);
    if (current.revision !== baseRevision) throw new ConflictError(id, baseRevision, current.revision);
    return commitOver(await currentDoc(id), content, audit);
  }

  /** Stores `content` as the revision after `current` (never reusing a number the history holds). Lock held. */
  async function commitOver(current: Process, content: ProcessContent, audit: CommitAudit): Promise<Process> {
    const next = stampDocument(content, {
      id: current.id,
      revision: current.revision + 1,
      createdAt: current.createdAt,
      updatedAt: nowIso(),
    });
    await writeRevision(current, next, audit);
    return next;
  }

  function checkId(id: string): void {
    if (RESERVED_IDS.has(id)) {
      throw new InvalidRequestError(`"${id}" is reserved and cannot be used as a process id.`, [
        { path: 'id', message: 'is reserved' },
      ]);
    }
  }

  async function freshId(): Promise<string> {
    const names = await fsp.readdir(dir);
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = newId();
      if (RESERVED_IDS.has(id)) continue;
      if (!names.some((name) => name === `${id}.json` || name.startsWith(`${id}.json.`))) return id;
    }
    throw new Error('Could not find an unused process id.');
  }

  function copyName(name: string): string {
    const suffix = ' (copy)';
    return name.length + suffix.length <= MAX_NAME
      ? name + suffix
      : name.slice(0, MAX_NAME - suffix.length).trimEnd() + suffix;
  }

  /** Stores `doc` under a fresh id at revision 0. Lock held (the id is chosen under it). */
  async function createNew(doc: Process): Promise<Process> {
    const id = await freshId();
    const stamped: Process = { ...doc, id, revision: 0, createdAt: nowIso(), updatedAt: nowIso() };
    await writeRevision(undefined, stamped, { kind: 'import', summary: summaryOfNew(stamped) });
    return stamped;
  }

  async function setAsideNotices(): Promise<SetAsideNotice[]> {
    const names = await fsp.readdir(dir);
    const present = new Set(names);
    const newest = new Map<string, { name: string; stamp: string }>();
    for (const name of names) {
      const m = CORRUPT_RE.exec(name);
      if (!m) continue;
      const [, id, stamp] = m as unknown as [string, string, string];
      // Once a process has a readable file again (restored or re-created) the notice is done.
      if (present.has(`${id}.json`)) continue;
      const seen = newest.get(id);
      if (!seen || name > seen.name) newest.set(id, { name, stamp });
    }
    const notices: SetAsideNotice[] = [];
    for (const [id, { name, stamp }] of newest) {
      let reason = reasons.get(name);
      if (reason === undefined) {
        try {
          const stored = interpretDocument(await fsp.readFile(join(dir, name), 'utf8'));
          reason = stored.ok ? 'it could not be read when it was set aside' : stored.reason;
        } catch (error) {
          reason = (error as Error).message;
        }
        reasons.set(name, reason);
      }
      notices.push({
        fileName: `${id}.json`,
        setAsideAs: name,
        reason,
        processId: id,
        backupAvailable: await backupAvailable(id),
        at: stampToIso(stamp),
      });
    }
    return notices.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  return {
    dir,

    async isOwnVersion(id) {
      if (writing.has(id)) return true;
      const known = versions.get(id);
      if (!known) return false;
      const identity = await statOf(id);
      // Stat alone can miss another process's rewrite (inodes are reused, mtimes coarse); the
      // revision in the file's head settles it, as in currentVersion.
      return identity !== undefined && sameIdentity(identity, known.identity) && (await headRevision(id)) === known.revision;
    },
    history,
    exclusive: async (job) => {
      await ensureReady();
      return exclusive(job);
    },

    async commit(id, produce, after) {
      await ensureReady();
      checkId(id);
      return exclusive(async () => {
        const current = await currentDoc(id);
        const { process, audit } = await produce(current);
        refuseBlocking(process, audit.kind === 'proposal' ? 'Accepting' : 'Saving');
        const saved = await commitOver(current, process, audit);
        await after?.(saved);
        return saved;
      });
    },

    async ensureHistory(id) {
      await ensureReady();
      if (RESERVED_IDS.has(id)) throw new NotFoundError(`No process with id ${id} in this workspace.`);
      return exclusive(async () => {
        const current = await requireStored(id);
        const latest = await history.latest(id);
        if (latest === undefined || latest < current.revision) {
          await history.append(current, {
            at: current.updatedAt,
            kind: 'baseline',
            summary: latest === undefined ? 'revision saved before history was kept' : 'revision written outside Stagecraft',
          });
        }
        return current;
      });
    },

    recovery: ensureReady,

    async list() {
      await ensureReady();
      return exclusive(async () => {
        const names = await fsp.readdir(dir);
        const processes: ProcessSummary[] = [];
        for (const name of names) {
          if (!name.endsWith('.json') || name === SETTINGS_FILE) continue;
          const id = name.slice(0, -'.json'.length);
          // Bookkeeping files (.stagecraft-host.json) and anything else whose name is no process id.
          if (!IdSchema.safeParse(id).success) continue;
          try {
            const stored = await readStored(id);
            if (stored) processes.push(summarize(stored));
          } catch (error) {
            if (!(error instanceof CorruptError)) throw error;
          }
        }
        processes.sort(
          (a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.name.localeCompare(b.name),
        );
        return { processes, setAside: await setAsideNotices() };
      });
    },

    async open(id) {
      await ensureReady();
      if (RESERVED_IDS.has(id)) throw new NotFoundError(`No process with id ${id} in this workspace.`);
      return exclusive(() => requireStored(id));
    },

    async assertExists(id) {
      await ensureReady();
      if (RESERVED_IDS.has(id)) throw new NotFoundError(`No process with id ${id} in this workspace.`);
      await exclusive(() => currentVersion(id));
    },

    async create({ name, description, template = 'empty' }) {
      await ensureReady();
      const at = nowIso();
      const base =
        template === 'sample'
          ? createSampleProcess(at)
          : emptyProcess({ id: 'new', name: name.trim(), now: at });
      return exclusive(() =>
        createNew({
          ...base,
          name: name.trim(),
          description: description ?? (template === 'sample' ? base.description : ''),
        }),
      );
    },

    async save({ process, baseRevision, author, reason, kind }) {
      await ensureReady();
      checkId(process.id);
      refuseBlocking(process, 'Saving');
      return exclusive(() =>
        commitSave(process.id, process, baseRevision, {
          kind: kind ?? 'save',
          ...(author ? { author } : {}),
          ...(reason !== undefined ? { reason } : {}),
        }),
      );
    },

    async rename(id, name) {
      await ensureReady();
      checkId(id);
      return exclusive(async () => {
        const current = await requireStored(id);
        const next: Process = {
          ...current,
          name: name.trim(),
          revision: current.revision + 1,
          updatedAt: nowIso(),
        };
        await writeRevision(current, next, { kind: 'save' });
        return summarize(next);
      });
    },

    async duplicate(id, name) {
      await ensureReady();
      checkId(id);
      return exclusive(async () => {
        const source = await requireStored(id);
        return summarize(await createNew({ ...source, name: name?.trim() || copyName(source.name) }));
      });
    },

    async delete(id) {
      await ensureReady();
      checkId(id);
      return exclusive(async () => {
        try {
          versions.delete(id);
          await moveAside(`${id}.json`, 'deleted');
        } catch (error) {
          if (isErrno(error, 'ENOENT')) throw new NotFoundError(`No process with id ${id} in this workspace.`);
          throw error;
        }
        return { id };
      });
    },

    async importProcess({ process, name }) {
      await ensureReady();
      refuseBlocking(process, 'Import');
      return exclusive(() => createNew({ ...process, name: name?.trim() || process.name }));
    },

    async restoreBackup(id) {
      await ensureReady();
      checkId(id);
      return exclusive(async () => {
        const backup = await readBackup(id);
        if (!backup) throw new NotFoundError(`There is no usable backup of process ${id}.`);
        let current: Process | undefined;
        try {
          current = await readStored(id);
        } catch (error) {
          // An unreadable current file has just been set aside; the backup replaces it.
          if (!(error instanceof CorruptError)) throw error;
        }
        const restored: Process = {
          ...backup,
          // Numbers in the history are never reused: the damaged revision may be there.
          revision: Math.max(current?.revision ?? 0, backup.revision, (await history.latest(id)) ?? 0) + 1,
          updatedAt: nowIso(),
        };
        await writeRevision(current, restored, {
          kind: 'restore',
          summary: `restored the backup of revision ${backup.revision} after the file was set aside`,
        });
        return restored;
      });
    },

    async getSettings() {
      await ensureReady();
      return exclusive(settingsFile.read);
    },

    async setSettings(settings) {
      await ensureReady();
      const parsed = SettingsSchema.safeParse(settings);
      if (!parsed.success) {
        throw new InvalidRequestError(
          'The settings are not valid.',
          parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
        );
      }
      await exclusive(async () => {
        // Reading first sets an unreadable settings file aside instead of writing over it.
        await settingsFile.read();
        await settingsFile.write(parsed.data);
      });
      return parsed.data;
    },
  };
}
