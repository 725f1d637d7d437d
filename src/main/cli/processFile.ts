import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseJsonText } from '../../shared/model/jsonText';
import { describeProblem, parseProcess } from '../../shared/model/problems';
import type { Process } from '../../shared/model/schema';
import { MAX_IMPORT_BYTES } from '../../shared/io/decode';
import { AtomicJsonAdapter } from '../services/atomicAdapter';
import { println, type CliIo } from './io';

/**
 * Reading and writing process files and import files for the io commands, with the same one-line,
 * located messages everywhere. A process is written in place the way the workspace writes: the
 * previous file kept as `<file>.bak`, the new one written to a temp file, fsynced and renamed.
 */

/** A process read from a file, or the exit code after its problems were printed. */
export type ReadProcess = { ok: true; process: Process; path: string } | { ok: false; code: number };

/** Reads and validates a process JSON file; prints `FILE: problem` lines to stderr on failure. */
export async function readProcessFile(file: string, io: CliIo): Promise<ReadProcess> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    println(io.stderr, `${file}: cannot read the file (${describeError(error)})`);
    return { ok: false, code: 2 };
  }
  const json = parseJsonText(text);
  if (!json.ok) {
    println(io.stderr, `${file}: not valid JSON (${json.message})`);
    return { ok: false, code: 2 };
  }
  const parsed = parseProcess(json.value);
  if (!parsed.ok) {
    println(io.stderr, `${file}: not a valid process:`);
    for (const problem of parsed.problems) println(io.stderr, `  ${describeProblem(problem)}`);
    return { ok: false, code: 1 };
  }
  return { ok: true, process: parsed.process, path };
}

/** Reads an import file's bytes, refusing above `MAX_IMPORT_BYTES` before reading it all. */
export async function readImportBytes(file: string, io: CliIo): Promise<{ ok: true; bytes: Uint8Array } | { ok: false }> {
  const path = resolve(io.cwd, file);
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      println(io.stderr, `${file}: not a file`);
      return { ok: false };
    }
    if (info.size > MAX_IMPORT_BYTES) {
      println(io.stderr, `${file}: the file is ${(info.size / 1048576).toFixed(1)} MiB; imports are limited to ${MAX_IMPORT_BYTES / 1048576} MiB (split the export, or export only the fields or date range you need)`);
      return { ok: false };
    }
    return { ok: true, bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    println(io.stderr, `${file}: cannot read the file (${describeError(error)})`);
    return { ok: false };
  }
}

/** Writes a process in place: `<file>.bak` first, then an atomic replace. */
export async function writeProcessFile(path: string, process: Process): Promise<void> {
  await new AtomicJsonAdapter<Process>(path).write(process);
}

/** `no such file` for ENOENT, else the error's message. */
export function describeError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
}

/** Splits `--flag value` / `--flag=value` arguments; unknown flags are reported by the caller. */
export function parseArgs(args: readonly string[], valued: readonly string[], repeatable: readonly string[] = []): { positional: string[]; flags: Map<string, string[]>; error?: string } {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (valued.includes(name)) {
      value ??= args[++i];
      if (value === undefined) return { positional, flags, error: `${name} needs a value` };
    } else if (value !== undefined) return { positional, flags, error: `${name} takes no value` };
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !repeatable.includes(name)) return { positional, flags, error: `${name} given twice` };
    list.push(value ?? '');
    flags.set(name, list);
  }
  return { positional, flags };
}

/** Reads `NAME=STAGE_ID` pairs given with a repeatable flag into a stage map. */
export function stageMapFrom(pairs: readonly string[]): { ok: true; map: Record<string, string> } | { ok: false; message: string } {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1) return { ok: false, message: `--map expects "NAME=STAGE_ID", got "${pair}"` };
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return { ok: true, map };
}
