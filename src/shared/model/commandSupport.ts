import type { z } from 'zod';
import { formatPath } from './problems';
import { IdSchema, type Field, type Process, type Stage } from './schema';

/**
 * What every editing command shares: the refusal type, schema checks turned into readable
 * refusals, copy-on-write array helpers, patches, and lookups that refuse unknown ids.
 *
 * Commands are pure: they take the document and return a new one; the input is never mutated and
 * untouched parts are shared (structural sharing), so React can skip unchanged stages and the
 * undo history stays cheap. A command that changes nothing returns the input itself, which the
 * editor store treats as "no edit". Ids are always supplied by the caller (no randomness here).
 *
 * Commands keep the document schema-valid and its references intact: an edit that would break
 * either is refused with a `CommandError` carrying a readable message for a toast. Semantic
 * issues a user may pass through on the way to a good process (exits not summing to 100%, an
 * unreachable stage) are allowed and reported by `validateProcess` instead.
 */

/** Why a command was refused: `not-found` (unknown id), `duplicate-id`, `in-use`, `invalid`, `refused`. */
export type CommandErrorCode = 'not-found' | 'duplicate-id' | 'in-use' | 'invalid' | 'refused';

/** A refused command. `message` is written for the user ("Finance is still used by 3 fields…"). */
export class CommandError extends Error {
  /** Machine-readable reason. */
  readonly code: CommandErrorCode;

  constructor(code: CommandErrorCode, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}


/** Refuses `value` with a `CommandError('invalid')` naming `what` and the first schema issue. */
export function check(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` ${formatPath(issue.path)}` : '';
  throw new CommandError('invalid', `${what}${where}: ${issue.message}`);
}

/** Refuses an id the schema does not accept (empty, too long, bad characters). */
export function checkId(id: string, what: string): void {
  check(IdSchema, id, `${what} id "${id}"`);
}

/** A copy of `items` with `items[index]` replaced. */
export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

/** A copy of `items` without `items[index]`. */
export function removeAt<T>(items: readonly T[], index: number): T[] {
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

/** A copy of `items` with `item` inserted before `items[index]`. */
export function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

/**
 * Copies `base` with `patch` applied. A key present in the patch with value `undefined` removes
 * the property (clears an optional value such as `adminBudgetMinutes`).
 */
export function applyPatch<T extends object>(base: T, patch: Partial<NoInfer<T>>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/** Whether applying `patch` to `base` would change nothing (arrays compared item by item). */
export function sameValues<T extends object>(base: T, patch: Partial<NoInfer<T>>): boolean {
  return Object.keys(patch).every((key) => {
    const value = (patch as Record<string, unknown>)[key];
    const current = (base as Record<string, unknown>)[key];
    if (Array.isArray(value) && Array.isArray(current)) {
      return value.length === current.length && value.every((item, index) => Object.is(item, current[index]));
    }
    return Object.is(value, current);
  });
}

/**
 * Index of the item with `id` in `items`; refused (`not-found`) with "There is no <what> with id …"
 * when there is none. One lookup for stages, transitions, departments and KPIs.
 */
export function requireIndex(items: readonly { id: string }[], id: string, what: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw new CommandError('not-found', `There is no ${what} with id "${id}"`);
  return index;
}

/** Refuses (`duplicate-id`) an id already used in `items`. */
export function checkFreeId(items: readonly { id: string }[], id: string, what: string): void {
  if (items.some((item) => item.id === id)) {
    throw new CommandError('duplicate-id', `A ${what} with id "${id}" already exists`);
  }
}

/** Refuses an insert position outside `0..length`; returns it otherwise. */
export function checkInsertIndex(index: number, length: number): number {
  if (!Number.isInteger(index) || index < 0 || index > length) {
    throw new CommandError('invalid', `Position ${index} is outside 0..${length}`);
  }
  return index;
}

/** Where a field lives in a document. */
export interface FieldLocation {
  stage: Stage;
  stageIndex: number;
  field: Field;
  fieldIndex: number;
}

/** Finds a field anywhere in the process; undefined when no field has that id. */
export function locateField(doc: Process, fieldId: string): FieldLocation | undefined {
  for (let stageIndex = 0; stageIndex < doc.stages.length; stageIndex++) {
    const stage = doc.stages[stageIndex]!;
    const fieldIndex = stage.fields.findIndex((field) => field.id === fieldId);
    if (fieldIndex >= 0) return { stage, stageIndex, field: stage.fields[fieldIndex]!, fieldIndex };
  }
  return undefined;
}

/** Index of a stage; refused (`not-found`) when there is none with that id. */
export function requireStageIndex(doc: Process, stageId: string): number {
  return requireIndex(doc.stages, stageId, 'stage');
}

/** Where a field is; refused (`not-found`) when there is none with that id. */
export function requireField(doc: Process, fieldId: string): FieldLocation {
  const location = locateField(doc, fieldId);
  if (!location) throw new CommandError('not-found', `There is no field with id "${fieldId}"`);
  return location;
}

/** Whether any stage holds a field with this id (field ids are unique per process). */
export function hasFieldId(doc: Process, fieldId: string): boolean {
  return doc.stages.some((stage) => stage.fields.some((field) => field.id === fieldId));
}

/** Refuses a field (or KPI) naming departments the document does not have. */
export function checkDepartments(doc: Process, field: Pick<Field, 'requestedBy' | 'consumers' | 'label'>): void {
  const known = new Set(doc.departments.map((department) => department.id));
  const missing = [field.requestedBy, ...field.consumers].filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new CommandError(
      'not-found',
      `Field “${field.label}” refers to ${missing.length === 1 ? 'a department' : 'departments'} that do not exist: ${[...new Set(missing)].join(', ')}`,
    );
  }
}

/** The document with `doc.stages[index]` replaced. */
export function withStage(doc: Process, index: number, stage: Stage): Process {
  return { ...doc, stages: replaceAt(doc.stages, index, stage) };
}

/** "1 field", "3 fields". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
