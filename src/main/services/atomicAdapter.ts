import { promises as fsp, constants as fsConstants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Adapter } from 'lowdb';
import { parseJsonText } from '../../shared/model/jsonText';

/**
 * The file operations the adapter performs. Injectable so a test can simulate a crash between
 * the temp-file write and the rename, or a full disk, without touching the real filesystem code.
 */
export interface AtomicIo {
  /** Reads the whole file as UTF-8; rejects with `ENOENT` when missing. */
  readFile(file: string): Promise<string>;
  /** Copies `from` to `to` durably (the copy is fsync'd before this resolves). */
  copyDurable(from: string, to: string): Promise<void>;
  /**
   * Replaces `file` with `data` atomically: unique temp file, fsync, rename. Readers see either the
   * old or the new content, never a mix, even if the process dies part-way.
   */
  writeAtomic(file: string, data: string): Promise<void>;
}

/** Thrown by `read()` when the file exists but is not JSON; the message names line and column. */
export class JsonParseError extends Error {
  override readonly name = 'JsonParseError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`not valid JSON: ${detail}`);
  }
}

/** Copies via a temp file + rename so a crash never leaves a half-written `.bak` either. */
async function copyDurable(from: string, to: string): Promise<void> {
  const tmp = `${to}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await fsp.copyFile(from, tmp, fsConstants.COPYFILE_FICLONE);
    const handle = await fsp.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, to);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
}

/** The real filesystem: write-file-atomic (fsyncs by default, unique temp name, rename). */
export const nodeAtomicIo: AtomicIo = {
  readFile: (file) => fsp.readFile(file, 'utf8'),
  copyDurable,
  writeAtomic: async (file, data) => {
    await writeFileAtomic(file, data, { fsync: true, encoding: 'utf8' });
    await fsyncDir(dirname(file));
  },
};

/** Makes the rename itself durable on POSIX; Windows cannot open directories, which is fine. */
async function fsyncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: the file content is already fsync'd and renamed.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export interface AtomicJsonAdapterOptions {
  io?: AtomicIo;
  /** Keep the previous file as `<file>.bak` before each write. Default true. */
  backup?: boolean;
  /** JSON indentation; 2 keeps documents diffable, 0 is smallest. Default 2. */
  indent?: number;
}

/**
 * A lowdb adapter for one JSON document on disk.
 * - `read()` returns the parsed JSON, `null` when the file does not exist, and throws
 *   `JsonParseError` when it exists but is not JSON (callers decide what to do with it —
 *   the workspace sets such files aside rather than overwriting them). A byte-order mark is
 *   accepted.
 * - `write()` copies the current file to `<file>.bak` (fsync'd), then writes the new document
 *   atomically. The adapter does not order writes itself: the workspace runs every write under
 *   its one lock (`workspaceLock.ts`), which is the single write queue, in-process and across
 *   processes.
 */
export class AtomicJsonAdapter<T> implements Adapter<T> {
  readonly file: string;
  readonly backupFile: string;
  private readonly io: AtomicIo;
  private readonly backup: boolean;
  private readonly indent: number;

  constructor(file: string, options: AtomicJsonAdapterOptions = {}) {
    this.file = resolve(file);
    this.backupFile = `${this.file}.bak`;
    this.io = options.io ?? nodeAtomicIo;
    this.backup = options.backup ?? true;
    this.indent = options.indent ?? 2;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.io.readFile(this.file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) throw new JsonParseError(this.file, parsed.message);
    return parsed.value as T;
  }

  async write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, this.indent)}\n`;
    if (this.backup) {
      try {
        await this.io.copyDurable(this.file, this.backupFile);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    await this.io.writeAtomic(this.file, text);
  }
}

/** True when `error` is a Node system error with the given code. */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
