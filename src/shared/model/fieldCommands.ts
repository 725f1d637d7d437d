import {
  applyPatch,
  check,
  checkDepartments,
  checkId,
  checkInsertIndex,
  CommandError,
  hasFieldId,
  insertAt,
  removeAt,
  replaceAt,
  requireField,
  requireStageIndex,
  sameValues,
  withStage,
} from './commandSupport';
import { FieldSchema, type Field, type Process } from './schema';

/** Pure commands on fields: create, change, move, reorder, duplicate, delete. */

/**
 * Builds a field with review-friendly defaults: label "New field", type text, requirement
 * optional, requested by `sales`, nobody consuming it yet, no justification, value to sales none,
 * 30 s to complete, once per deal, status proposed. `partial` overrides any of them.
 * Does not validate (the `addField` command does).
 */
export function newField(id: string, partial: Partial<Omit<Field, 'id'>> = {}): Field {
  return {
    label: 'New field',
    type: 'text',
    requirement: 'optional',
    requestedBy: 'sales',
    consumers: [],
    justification: '',
    decisionSupported: '',
    valueToSales: 'none',
    secondsToComplete: 30,
    entries: 'once-per-deal',
    status: 'proposed',
    ...partial,
    id,
  };
}

/**
 * Adds a field to a stage, at `index` (default: the end). Refused when the field id is used
 * anywhere in the process, a department it names does not exist, or it fails the schema.
 */
export function addField(doc: Process, stageId: string, field: Field, index?: number): Process {
  const stageIndex = requireStageIndex(doc, stageId);
  const stage = doc.stages[stageIndex]!;
  checkId(field.id, 'Field');
  if (hasFieldId(doc, field.id)) throw new CommandError('duplicate-id', `A field with id "${field.id}" already exists`);
  check(FieldSchema, field, `Field “${field.label}”`);
  checkDepartments(doc, field);
  const at = index === undefined ? stage.fields.length : checkInsertIndex(index, stage.fields.length);
  return withStage(doc, stageIndex, { ...stage, fields: insertAt(stage.fields, at, field) });
}

/**
 * The field properties `updateField` may change (all but the id). A key set to `undefined`
 * clears an optional value (`secondsMin`, `secondsMax`, `fillRate`, `reviewBy`).
 */
export type FieldPatch = Partial<Omit<Field, 'id'>>;

/**
 * Changes a field. The result must pass the schema (e.g. `secondsMin ≤ secondsToComplete`) and
 * name existing departments.
 */
export function updateField(doc: Process, fieldId: string, patch: FieldPatch): Process {
  const location = requireField(doc, fieldId);
  const { id: _ignored, ...allowed } = patch as FieldPatch & { id?: string };
  // Editing an imported help-text draft makes it somebody's own justification: the mark goes.
  if (location.field.justificationImported && Object.hasOwn(allowed, 'justification') && !Object.hasOwn(allowed, 'justificationImported') && allowed.justification !== location.field.justification) {
    allowed.justificationImported = undefined;
  }
  if (sameValues(location.field, allowed)) return doc;
  const next = applyPatch(location.field, allowed);
  check(FieldSchema, next, `Field “${location.field.label}”`);
  if (Object.hasOwn(allowed, 'requestedBy') || Object.hasOwn(allowed, 'consumers')) checkDepartments(doc, next);
  const stage = location.stage;
  return withStage(doc, location.stageIndex, { ...stage, fields: replaceAt(stage.fields, location.fieldIndex, next) });
}

/**
 * Moves a field to another stage (or within its stage) at `index` of the destination's field list
 * as it is after the field was taken out; default: the end.
 */
export function moveField(doc: Process, fieldId: string, toStageId: string, index?: number): Process {
  const location = requireField(doc, fieldId);
  const toIndex = requireStageIndex(doc, toStageId);
  const source = { ...location.stage, fields: removeAt(location.stage.fields, location.fieldIndex) };
  const afterRemoval = withStage(doc, location.stageIndex, source);
  const target = afterRemoval.stages[toIndex]!;
  const at = index === undefined ? target.fields.length : checkInsertIndex(index, target.fields.length);
  if (toIndex === location.stageIndex && at === location.fieldIndex) return doc;
  return withStage(afterRemoval, toIndex, { ...target, fields: insertAt(target.fields, at, location.field) });
}

/** Moves the field at `fromIndex` of a stage to `toIndex` (indexes into the stage's field list). */
export function reorderField(doc: Process, stageId: string, fromIndex: number, toIndex: number): Process {
  const stageIndex = requireStageIndex(doc, stageId);
  const stage = doc.stages[stageIndex]!;
  const last = stage.fields.length - 1;
  for (const index of [fromIndex, toIndex]) {
    if (!Number.isInteger(index) || index < 0 || index > last) {
      throw new CommandError('invalid', `“${stage.name}” has no field at position ${index}`);
    }
  }
  if (fromIndex === toIndex) return doc;
  const field = stage.fields[fromIndex]!;
  return withStage(doc, stageIndex, { ...stage, fields: insertAt(removeAt(stage.fields, fromIndex), toIndex, field) });
}

/**
 * Copies a field right after the original, under `newId`, labelled "<label> (copy)" (cut to 200
 * characters) and with status `proposed`: a copy has not been defended yet.
 */
export function duplicateField(doc: Process, fieldId: string, newId: string): Process {
  const location = requireField(doc, fieldId);
  const copy: Field = {
    ...location.field,
    consumers: [...location.field.consumers],
    id: newId,
    label: `${location.field.label} (copy)`.slice(0, 200),
    status: 'proposed',
  };
  return addField(doc, location.stage.id, copy, location.fieldIndex + 1);
}

/** Removes a field. */
export function deleteField(doc: Process, fieldId: string): Process {
  const location = requireField(doc, fieldId);
  const stage = location.stage;
  return withStage(doc, location.stageIndex, { ...stage, fields: removeAt(stage.fields, location.fieldIndex) });
}

