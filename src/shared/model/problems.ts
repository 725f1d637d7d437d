import type { z } from 'zod';
import { ProcessSchema, type Process } from './schema';
import { migrateDocument } from './migrate';
import { acceptsUnchanged } from './schemaFastPath';
import { structuralProblems } from './validate';

/**
 * How bad a problem is. What each level blocks, everywhere (host, desktop app, CLI):
 *
 * | problem                                   | open / list | save | import | simulate |
 * |-------------------------------------------|-------------|------|--------|----------|
 * | not JSON, or fails the schema (`schema`)  | set aside   | refused (invalid-input) | refused | no |
 * | `BLOCKING_CODES` errors (duplicate ids,   | set aside   | refused (invalid-input) | refused | no |
 * |   dangling references)                    |             |      |        |          |
 * | other errors (exits not summing to 100 %, | opens       | saved (a draft)         | imported | no |
 * |   no start stage, repeated consumer …)    |             |      |        |          |
 * | warnings                                  | opens       | saved | imported | yes     |
 *
 * "Set aside" means the file is renamed to `<id>.json.corrupt-<time>`, never rewritten, and the
 * library offers its backup. Blocking errors are the ones that make the document unsafe to show:
 * two stages with one id render as one, an edge to a missing stage has nowhere to go.
 */
export type Severity = 'error' | 'warning';

/** Error codes that make a document unsafe to open: refused by save and import, set aside on disk. */
export const BLOCKING_CODES: ReadonlySet<string> = new Set(['duplicate-id', 'dangling-reference']);

/** True when `problem` blocks opening, saving and importing (see the table on `Severity`). */
export function isBlocking(problem: Problem): boolean {
  return problem.severity === 'error' && BLOCKING_CODES.has(problem.code);
}

/** The problems of a schema-valid document that block opening, saving and importing it. */
export function blockingProblems(process: Parameters<typeof structuralProblems>[0]): Problem[] {
  return structuralProblems(process).filter(isBlocking);
}

/**
 * One located, readable problem in a document.
 * `path` is a JS-style location such as `stages[3].fields[2].secondsToComplete`;
 * `stageId` / `fieldId` / `transitionId` point the UI at the element when known.
 */
export interface Problem {
  severity: Severity;
  /** Stable rule name, e.g. `unreachable-stage`, `schema`. */
  code: string;
  path: string;
  message: string;
  stageId?: string;
  fieldId?: string;
  transitionId?: string;
}

/** Formats a zod-style path as `stages[3].fields[2].label`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}

/** Turns zod issues into located problems, one per issue. */
export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    severity: 'error' as const,
    code: 'schema',
    path: formatPath(issue.path),
    message: issue.message,
  }));
}

/**
 * Formats a share 0..1 as a percentage for messages: one decimal at most ("85%", "33.3%"), more
 * only when rounding would hide that the value is not exactly 100% ("99.9999%").
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  for (let digits = 1; digits <= 6; digits++) {
    const text = trimZeros(percent.toFixed(digits));
    if (text !== '100' || Math.abs(percent - 100) < 1e-9) return `${text}%`;
  }
  return `${trimZeros(percent.toFixed(6))}%`;
}

/** Minutes for messages, one decimal at most: "4.5 min", "12 min". */
export function formatMinutesShort(minutes: number): string {
  return `${trimZeros(minutes.toFixed(1))} min`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A name or label as problem messages quote it: “Budget confirmed”. */
export function quote(text: string): string {
  return `“${text}”`;
}

/** `path: message`, the form the CLI prints. */
export function describeProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}

export type ParseResult = { ok: true; process: Process } | { ok: false; problems: Problem[] };

/**
 * Migrates and schema-validates an untrusted parsed JSON value. Semantic rules are separate.
 * A document zod would accept without changing anything is returned as it is (no copy; it may
 * share objects with `raw`), which on a large file is several times faster than the zod parse;
 * any other is parsed by zod, whose messages and output are the reference (`schemaFastPath.ts`).
 */
export function parseProcess(raw: unknown): ParseResult {
  const migrated = migrateDocument(raw);
  if (acceptsUnchanged(ProcessSchema, migrated)) return { ok: true, process: migrated as Process };
  const result = ProcessSchema.safeParse(migrated);
  if (result.success) return { ok: true, process: result.data };
  return { ok: false, problems: problemsFromZod(result.error) };
}
