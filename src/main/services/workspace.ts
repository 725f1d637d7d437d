import { promises as fsp } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { AtomicJsonAdapter, JsonParseError, isErrno, nodeAtomicIo, type AtomicIo } from './atomicAdapter';
import { ConflictError, CorruptError, InvalidRequestError, NotFoundError } from './errors';
import { summarize, type Process, type ProcessSummary } from '../../shared/model/schema';
import { describeProblem, formatPath, parseProcess } from '../../shared/model/problems';
import { SettingsSchema, type SetAsideNotice, type Settings } from '../../shared/api/contract';
import { createSampleProcess } from '../../shared/model/sample';
import { emptyProcess } from '../../shared/model/commands';
import { createKeyedQueue } from './keyedQueue';

export { ConflictError, CorruptError, InvalidRequestError, NotFoundError };

export const SETTINGS_FILE = 'settings.json';
/** Process ids that would collide with workspace bookkeeping files. */
const RESERVED_IDS = new Set(['settings']);
const MAX_NAME = 120;

export const DEFAULT_SETTINGS: Settings = { editor: { name: '', departmentId: 'sales' } };

export interface WorkspaceOptions {
  /** Folder holding `<processId>.json` files and `settings.json`; created when missing. */
  dir: string;
  now?: () => Date;
  newId?: () => string;
  /** Filesystem operations of the document adapter; tests inject failures here. */
  io?: AtomicIo;
}

export interface CreateProcessInput {
  name: string;
  description?: string;
  template?: 'empty' | 'sample';
}

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
  create(input: CreateProcessInput): Promise<Process>;
  /**
   * Stores `process` as revision `baseRevision + 1` if the stored revision is still
   * `baseRevision`. @throws ConflictError (nothing written), NotFoundError, CorruptError
   */
  save(input: { process: Process; baseRevision: number }): Promise<Process>;
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

/** Parses a document's text; never throws. Reasons list at most the first 3 located problems. */
export function interpretDocument(text: string): Stored {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  return interpretValue(raw);
}

function interpretValue(raw: unknown): Stored {
  const parsed = parseProcess(raw);
  if (parsed.ok) return { ok: true, process: parsed.process };
  const shown = parsed.problems.slice(0, 3).map(describeProblem);
  const more = parsed.problems.length - shown.length;
  return {
    ok: false,
    reason: `not a valid process: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`,
  };
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

const CORRUPT_RE = /^(.+)\.json\.corrupt-(\d{8}T\d{6}Z)(?:-\d+)?$/;

export function createWorkspace(options: WorkspaceOptions): Workspace {
  const dir = resolve(options.dir);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => randomUUID());
  const io = options.io ?? nodeAtomicIo;
  /** Reasons computed when a file was set aside this session, keyed by set-aside name. */
  const reasons = new Map<string, string>();
  /** Revision of each file as last written or validated here, keyed by process id. */
  const versions = new Map<string, { identity: FileIdentity; revision: number; createdAt: string }>();
  let ready: Promise<void> | undefined;

  const fileOf = (id: string) => join(dir, `${id}.json`);
  const adapterOf = (id: string) => new AtomicJsonAdapter<unknown>(fileOf(id), { io });
  const nowIso = () => now().toISOString();

  /** Runs `job` after every earlier job on the same process: read-check-write stays atomic in-process. */
  const withLock = createKeyedQueue();

  function ensureReady(): Promise<void> {
    ready ??= (async () => {
      await fsp.mkdir(dir, { recursive: true });
      const entries = await fsp.readdir(dir);
      // A workspace that has never held anything starts with the sample, so the app opens on
      // something real. Leftovers (deleted, set-aside, backups) mean it is not a first start.
      if (entries.some((name) => name.includes('.json'))) return;
      const sample = createSampleProcess(nowIso());
      await writeDocument(sample.id, sample);
      await writeSettingsFile(DEFAULT_SETTINGS);
    })();
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  }

  async function writeDocument(id: string, doc: Process): Promise<void> {
    const db = new Low<unknown>(adapterOf(id), null);
    db.data = doc;
    versions.delete(id);
    await db.write();
    await remember(id, doc, await statOf(id));
  }

  async function statOf(id: string): Promise<FileIdentity | undefined> {
    try {
      const st = await fsp.stat(fileOf(id), { bigint: true });
      return { dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs };
    } catch {
      return undefined;
    }
  }

  async function remember(id: string, doc: Process, identity: FileIdentity | undefined): Promise<void> {
    if (identity) versions.set(id, { identity, revision: doc.revision, createdAt: doc.createdAt });
  }

  /**
   * The stored revision of `id`. Re-reading and re-validating a 2 MB document costs ~40 ms, so when
   * the file is byte-for-byte the one this workspace last wrote or validated (same inode, size and
   * mtime) the remembered revision is used; any outside change forces a full read.
   */
  async function currentVersion(id: string): Promise<{ revision: number; createdAt: string }> {
    const known = versions.get(id);
    if (known) {
      const identity = await statOf(id);
      if (identity && sameIdentity(identity, known.identity)) return known;
    }
    return requireStored(id);
  }

  async function writeSettingsFile(settings: Settings): Promise<void> {
    const db = new Low<unknown>(new AtomicJsonAdapter(join(dir, SETTINGS_FILE), { io }), null);
    db.data = settings;
    await db.write();
  }

  /** Settings from disk; an unreadable file is moved aside and the defaults are used. Lock held. */
  async function readSettings(): Promise<Settings> {
    const db = new Low<unknown>(new AtomicJsonAdapter(join(dir, SETTINGS_FILE), { io }), null);
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error;
      await moveAside(SETTINGS_FILE, 'corrupt');
      return DEFAULT_SETTINGS;
    }
    if (db.data === null) return DEFAULT_SETTINGS;
    const parsed = SettingsSchema.safeParse(db.data);
    if (parsed.success) return parsed.data;
    await moveAside(SETTINGS_FILE, 'corrupt');
    return DEFAULT_SETTINGS;
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
   * Reads `<id>.json` through lowdb. Missing → undefined. Unreadable → the file is moved aside
   * (never rewritten) and CorruptError is thrown. Call with the id's lock held.
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
      await remember(id, process, identity);
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

  async function createNew(doc: Process): Promise<Process> {
    const id = await freshId();
    const stamped: Process = { ...doc, id, revision: 0, createdAt: nowIso(), updatedAt: nowIso() };
    await withLock(id, () => writeDocument(id, stamped));
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

    async list() {
      await ensureReady();
      const names = await fsp.readdir(dir);
      const processes: ProcessSummary[] = [];
      for (const name of names) {
        if (!name.endsWith('.json') || name === SETTINGS_FILE) continue;
        const id = name.slice(0, -'.json'.length);
        try {
          const stored = await withLock(id, () => readStored(id));
          if (stored) processes.push(summarize(stored));
        } catch (error) {
          if (!(error instanceof CorruptError)) throw error;
        }
      }
      processes.sort(
        (a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.name.localeCompare(b.name),
      );
      return { processes, setAside: await setAsideNotices() };
    },

    async open(id) {
      await ensureReady();
      if (RESERVED_IDS.has(id)) throw new NotFoundError(`No process with id ${id} in this workspace.`);
      return withLock(id, () => requireStored(id));
    },

    async create({ name, description, template = 'empty' }) {
      await ensureReady();
      const at = nowIso();
      const base =
        template === 'sample'
          ? createSampleProcess(at)
          : emptyProcess({ id: 'new', name: name.trim(), now: at });
      return createNew({
        ...base,
        name: name.trim(),
        description: description ?? (template === 'sample' ? base.description : ''),
      });
    },

    async save({ process, baseRevision }) {
      await ensureReady();
      checkId(process.id);
      const doc = process;
      return withLock(doc.id, async () => {
        const current = await currentVersion(doc.id);
        if (current.revision !== baseRevision) {
          throw new ConflictError(doc.id, baseRevision, current.revision);
        }
        const next: Process = {
          ...doc,
          revision: current.revision + 1,
          createdAt: current.createdAt,
          updatedAt: nowIso(),
        };
        await writeDocument(doc.id, next);
        return next;
      });
    },

    async rename(id, name) {
      await ensureReady();
      checkId(id);
      return withLock(id, async () => {
        const current = await requireStored(id);
        const next: Process = {
          ...current,
          name: name.trim(),
          revision: current.revision + 1,
          updatedAt: nowIso(),
        };
        await writeDocument(id, next);
        return summarize(next);
      });
    },

    async duplicate(id, name) {
      await ensureReady();
      checkId(id);
      const source = await withLock(id, () => requireStored(id));
      const copy = await createNew({ ...source, name: name?.trim() || copyName(source.name) });
      return summarize(copy);
    },

    async delete(id) {
      await ensureReady();
      checkId(id);
      return withLock(id, async () => {
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
      return createNew({ ...process, name: name?.trim() || process.name });
    },

    async restoreBackup(id) {
      await ensureReady();
      checkId(id);
      return withLock(id, async () => {
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
          revision: Math.max(current?.revision ?? 0, backup.revision) + 1,
          updatedAt: nowIso(),
        };
        await writeDocument(id, restored);
        return restored;
      });
    },

    async getSettings() {
      await ensureReady();
      return withLock(SETTINGS_FILE, readSettings);
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
      await withLock(SETTINGS_FILE, async () => {
        // Reading first sets an unreadable settings file aside instead of writing over it.
        await readSettings();
        await writeSettingsFile(parsed.data);
      });
      return parsed.data;
    },
  };
}

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
