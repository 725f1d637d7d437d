import type { z } from 'zod';
import { ProcessSchema, type Process } from './schema';
import { migrateDocument } from './migrate';

/** How bad a problem is: errors stop simulation and saving to disk; warnings are for review. */
export type Severity = 'error' | 'warning';

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

/** `path: message`, the form the CLI prints. */
export function describeProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}

export type ParseResult = { ok: true; process: Process } | { ok: false; problems: Problem[] };

/** Migrates and schema-validates an untrusted parsed JSON value. Semantic rules are separate. */
export function parseProcess(raw: unknown): ParseResult {
  const result = ProcessSchema.safeParse(migrateDocument(raw));
  if (result.success) return { ok: true, process: result.data };
  return { ok: false, problems: problemsFromZod(result.error) };
}
