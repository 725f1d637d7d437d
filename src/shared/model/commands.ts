import type { z } from 'zod';
import { DEFAULT_DEPARTMENTS, DEFAULT_SCENARIO } from './defaults';
import { formatPath } from './problems';
import { PROBABILITY_TOLERANCE, roundProbability } from './rules';
import {
  CURRENT_SCHEMA_VERSION,
  DepartmentSchema,
  FieldSchema,
  IdSchema,
  PositionSchema,
  ScenarioSchema,
  StageSchema,
  TransitionSchema,
  type Department,
  type Field,
  type Position,
  type Process,
  type Scenario,
  type Stage,
  type StageKind,
  type Transition,
} from './schema';

/**
 * Pure editing commands on a process document.
 *
 * Every command takes the document and returns a new one; the input is never mutated and
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

// Shares are rounded to the app's one probability step so spread probabilities display cleanly.
const roundShare = roundProbability;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function check(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` ${formatPath(issue.path)}` : '';
  throw new CommandError('invalid', `${what}${where}: ${issue.message}`);
}

function checkId(id: string, what: string): void {
  check(IdSchema, id, `${what} id "${id}"`);
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

function removeAt<T>(items: readonly T[], index: number): T[] {
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

/**
 * Copies `base` with `patch` applied. A key present in the patch with value `undefined` removes
 * the property (clears an optional value such as `adminBudgetMinutes`).
 */
function applyPatch<T extends object>(base: T, patch: Partial<NoInfer<T>>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

function sameValues<T extends object>(base: T, patch: Partial<NoInfer<T>>): boolean {
  return Object.keys(patch).every((key) => {
    const value = (patch as Record<string, unknown>)[key];
    const current = (base as Record<string, unknown>)[key];
    if (Array.isArray(value) && Array.isArray(current)) {
      return value.length === current.length && value.every((item, index) => Object.is(item, current[index]));
    }
    return Object.is(value, current);
  });
}

// ---------------------------------------------------------------------------------------------
// Factories

/** What a new stage needs; everything but `id`, `name` and `position` has a default. */
export interface StageInit {
  id: string;
  name: string;
  position: Position;
  /** Default `stage`. */
  kind?: StageKind;
  /** Default empty. */
  description?: string;
  /** Days a deal typically spends in the stage per visit; default 7, or 0 for won/lost. */
  expectedDays?: number;
  /** Agreed admin minutes per visit; default none. */
  adminBudgetMinutes?: number;
  /** Default none. */
  fields?: Field[];
}

/** Builds a stage with defaults (`kind` stage, 7 expected days, no fields). Does not validate. */
export function newStage(init: StageInit): Stage {
  const kind = init.kind ?? 'stage';
  const stage: Stage = {
    id: init.id,
    name: init.name,
    kind,
    position: { x: init.position.x, y: init.position.y },
    description: init.description ?? '',
    expectedDays: init.expectedDays ?? (kind === 'won' || kind === 'lost' ? 0 : 7),
    fields: init.fields ?? [],
  };
  if (init.adminBudgetMinutes !== undefined) stage.adminBudgetMinutes = init.adminBudgetMinutes;
  return stage;
}

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

/** What `emptyProcess` needs: the id, the name, and the creation time (ISO timestamp). */
export interface EmptyProcessInit {
  id: string;
  name: string;
  /** ISO 8601 timestamp with offset; becomes `createdAt` and `updatedAt`. */
  now: string;
  description?: string;
}

/**
 * A new process that already validates without errors: a start stage "New lead" leading to
 * "Won" (25 %) and "Lost" (75 %), the default departments and scenario, no KPIs, revision 0.
 * Stage ids: `new-lead`, `won`, `lost`; transition ids `new-lead-won`, `new-lead-lost`.
 */
export function emptyProcess(init: EmptyProcessInit): Process {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: init.id,
    name: init.name,
    description: init.description ?? '',
    revision: 0,
    createdAt: init.now,
    updatedAt: init.now,
    departments: DEFAULT_DEPARTMENTS.map((department) => ({ ...department })),
    stages: [
      newStage({ id: 'new-lead', name: 'New lead', kind: 'start', position: { x: 0, y: 0 }, expectedDays: 7 }),
      newStage({ id: 'won', name: 'Won', kind: 'won', position: { x: 320, y: -100 } }),
      newStage({ id: 'lost', name: 'Lost', kind: 'lost', position: { x: 320, y: 100 } }),
    ],
    transitions: [
      { id: 'new-lead-won', from: 'new-lead', to: 'won', probability: 0.25, label: '' },
      { id: 'new-lead-lost', from: 'new-lead', to: 'lost', probability: 0.75, label: '' },
    ],
    scenario: { ...DEFAULT_SCENARIO },
    kpis: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Lookups

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

function requireStageIndex(doc: Process, stageId: string): number {
  const index = doc.stages.findIndex((stage) => stage.id === stageId);
  if (index < 0) throw new CommandError('not-found', `There is no stage with id "${stageId}"`);
  return index;
}

function requireField(doc: Process, fieldId: string): FieldLocation {
  const location = locateField(doc, fieldId);
  if (!location) throw new CommandError('not-found', `There is no field with id "${fieldId}"`);
  return location;
}

function requireTransitionIndex(doc: Process, transitionId: string): number {
  const index = doc.transitions.findIndex((transition) => transition.id === transitionId);
  if (index < 0) throw new CommandError('not-found', `There is no transition with id "${transitionId}"`);
  return index;
}

function hasFieldId(doc: Process, fieldId: string): boolean {
  return doc.stages.some((stage) => stage.fields.some((field) => field.id === fieldId));
}

function checkDepartments(doc: Process, field: Pick<Field, 'requestedBy' | 'consumers' | 'label'>): void {
  const known = new Set(doc.departments.map((department) => department.id));
  const missing = [field.requestedBy, ...field.consumers].filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new CommandError(
      'not-found',
      `Field “${field.label}” refers to ${missing.length === 1 ? 'a department' : 'departments'} that do not exist: ${[...new Set(missing)].join(', ')}`,
    );
  }
}

function withStage(doc: Process, index: number, stage: Stage): Process {
  return { ...doc, stages: replaceAt(doc.stages, index, stage) };
}

// ---------------------------------------------------------------------------------------------
// Stages

const StageShellSchema = StageSchema.omit({ fields: true });

/**
 * Adds a stage built by `newStage(init)` at the end of the stage list. Refuses a taken id, and
 * fields whose ids are taken or whose departments do not exist. A second start stage is allowed
 * (the user may be about to demote the first) and reported by `validateProcess`.
 */
export function addStage(doc: Process, init: StageInit): Process {
  checkId(init.id, 'Stage');
  if (doc.stages.some((stage) => stage.id === init.id)) {
    throw new CommandError('duplicate-id', `A stage with id "${init.id}" already exists`);
  }
  const stage = newStage(init);
  check(StageSchema, stage, `Stage “${stage.name}”`);
  const seen = new Set<string>();
  for (const field of stage.fields) {
    if (seen.has(field.id) || hasFieldId(doc, field.id)) {
      throw new CommandError('duplicate-id', `A field with id "${field.id}" already exists`);
    }
    seen.add(field.id);
    checkDepartments(doc, field);
  }
  return { ...doc, stages: [...doc.stages, stage] };
}

/** Renames a stage. The name is trimmed; empty or over 120 characters is refused. */
export function renameStage(doc: Process, stageId: string, name: string): Process {
  return updateStage(doc, stageId, { name: name.trim() });
}

/** Moves a stage on the canvas (top-left corner, React Flow units). */
export function moveStage(doc: Process, stageId: string, position: Position): Process {
  const index = requireStageIndex(doc, stageId);
  const stage = doc.stages[index]!;
  check(PositionSchema, position, `Position of “${stage.name}”`);
  if (stage.position.x === position.x && stage.position.y === position.y) return doc;
  return withStage(doc, index, { ...stage, position: { x: position.x, y: position.y } });
}

/** The stage properties `updateStage` may change. `adminBudgetMinutes: undefined` clears the budget. */
export type StagePatch = Partial<Pick<Stage, 'name' | 'kind' | 'description' | 'expectedDays' | 'adminBudgetMinutes'>>;

/**
 * Changes a stage's name, kind, description, expected days or admin budget. Values are checked
 * against the schema (e.g. `expectedDays` 0..3650). Changing the kind keeps transitions; a won or
 * lost stage with exits is then reported by `validateProcess`.
 */
export function updateStage(doc: Process, stageId: string, patch: StagePatch): Process {
  const index = requireStageIndex(doc, stageId);
  const stage = doc.stages[index]!;
  const allowed: StagePatch = {};
  for (const key of ['name', 'kind', 'description', 'expectedDays', 'adminBudgetMinutes'] as const) {
    if (Object.hasOwn(patch, key)) (allowed as Record<string, unknown>)[key] = patch[key];
  }
  if (sameValues(stage, allowed)) return doc;
  const next = applyPatch(stage, allowed);
  const { fields: _fields, ...shell } = next;
  check(StageShellSchema, shell, `Stage “${stage.name}”`);
  return withStage(doc, index, next);
}

/** Deletes a stage together with its fields and every transition that starts or ends at it. */
export function deleteStage(doc: Process, stageId: string): Process {
  const index = requireStageIndex(doc, stageId);
  return {
    ...doc,
    stages: removeAt(doc.stages, index),
    transitions: doc.transitions.filter((transition) => transition.from !== stageId && transition.to !== stageId),
  };
}

// ---------------------------------------------------------------------------------------------
// Transitions

/** What `connect` needs. */
export interface ConnectInit {
  id: string;
  from: string;
  to: string;
  /** Share of deals leaving `from` that take this exit, 0..1. Default: what is left to reach 100 %. */
  probability?: number;
  /** Default empty. */
  label?: string;
}

/**
 * Adds a transition `from` → `to`. Refused when: the id is taken; either stage does not exist;
 * `from` is a won or lost stage (deals end there); or a transition between the same two stages
 * in the same direction already exists (two arrows would silently add up — edit the existing
 * one instead). Self-loops are allowed ("still negotiating"); one taking 100 % of deals is
 * reported by `validateProcess` as `no-way-out`. Without a probability the new exit takes what is
 * left of 100 % (never below 0), so the first exit of a stage gets 100 %.
 */
export function connect(doc: Process, init: ConnectInit): Process {
  checkId(init.id, 'Transition');
  if (doc.transitions.some((transition) => transition.id === init.id)) {
    throw new CommandError('duplicate-id', `A transition with id "${init.id}" already exists`);
  }
  const from = doc.stages[requireStageIndex(doc, init.from)]!;
  const to = doc.stages[requireStageIndex(doc, init.to)]!;
  if (from.kind === 'won' || from.kind === 'lost') {
    throw new CommandError('refused', `“${from.name}” is a ${from.kind} stage: deals end there, so nothing can leave it`);
  }
  if (doc.transitions.some((transition) => transition.from === init.from && transition.to === init.to)) {
    throw new CommandError(
      'refused',
      `“${from.name}” is already connected to “${to.name}”; change that transition's probability instead`,
    );
  }
  const used = doc.transitions
    .filter((transition) => transition.from === init.from)
    .reduce((sum, transition) => sum + transition.probability, 0);
  const transition: Transition = {
    id: init.id,
    from: init.from,
    to: init.to,
    probability: init.probability ?? clamp01(roundShare(1 - used)),
    label: init.label ?? '',
  };
  check(TransitionSchema, transition, `Transition from “${from.name}” to “${to.name}”`);
  return { ...doc, transitions: [...doc.transitions, transition] };
}

/** Sets the share of deals that take a transition, 0..1. Other exits are left as they are. */
export function setProbability(doc: Process, transitionId: string, probability: number): Process {
  return updateTransition(doc, transitionId, { probability });
}

/** The transition properties `updateTransition` may change (not its ends: delete and reconnect). */
export type TransitionPatch = Partial<Pick<Transition, 'label' | 'probability'>>;

/** Changes a transition's label or probability. */
export function updateTransition(doc: Process, transitionId: string, patch: TransitionPatch): Process {
  const index = requireTransitionIndex(doc, transitionId);
  const transition = doc.transitions[index]!;
  const allowed: TransitionPatch = {};
  if (Object.hasOwn(patch, 'label')) allowed.label = patch.label;
  if (Object.hasOwn(patch, 'probability')) allowed.probability = patch.probability;
  if (sameValues(transition, allowed)) return doc;
  const next = applyPatch(transition, allowed);
  check(TransitionSchema, next, 'Transition');
  return { ...doc, transitions: replaceAt(doc.transitions, index, next) };
}

/** Removes a transition. */
export function disconnect(doc: Process, transitionId: string): Process {
  const index = requireTransitionIndex(doc, transitionId);
  return { ...doc, transitions: removeAt(doc.transitions, index) };
}

/**
 * "Spread the rest evenly": makes a stage's exits sum to exactly 100 %.
 * - Below 100 %: the missing share is split evenly among the exits still at 0 % (the ones the
 *   user has not set yet); when none is at 0 %, among all exits.
 * - Above 100 %: every exit is scaled down proportionally (p ÷ sum), keeping their ratios.
 * Shares are rounded to 0.01 % and the stage's last exit takes the exact remainder, so the sum is
 * 1 within floating-point rounding (far inside the validator's 1e-6). Returns the input when the
 * exits already sum to 100 %; refuses a stage without exits.
 */
export function spreadRemainingProbability(doc: Process, stageId: string): Process {
  const stage = doc.stages[requireStageIndex(doc, stageId)]!;
  const indexes: number[] = [];
  doc.transitions.forEach((transition, index) => {
    if (transition.from === stageId) indexes.push(index);
  });
  if (indexes.length === 0) {
    throw new CommandError('refused', `“${stage.name}” has no exits to spread probability over; connect it first`);
  }
  const current = indexes.map((index) => doc.transitions[index]!.probability);
  const sum = current.reduce((total, p) => total + p, 0);
  if (Math.abs(sum - 1) <= PROBABILITY_TOLERANCE) return doc;

  let exact: number[];
  if (sum < 1) {
    const zeros = current.map((p, i) => (p === 0 ? i : -1)).filter((i) => i >= 0);
    const targets = new Set(zeros.length > 0 ? zeros : current.map((_, i) => i));
    const share = (1 - sum) / targets.size;
    exact = current.map((p, i) => (targets.has(i) ? p + share : p));
  } else {
    exact = current.map((p) => p / sum);
  }
  const shares = closeToOne(exact.map(roundShare)) ?? closeToOne(exact)!;
  let transitions = doc.transitions;
  indexes.forEach((transitionIndex, i) => {
    const transition = transitions[transitionIndex]!;
    if (transition.probability !== shares[i]) {
      transitions = replaceAt(transitions, transitionIndex, { ...transition, probability: shares[i]! });
    }
  });
  return { ...doc, transitions };
}

/**
 * Replaces the last share by 1 − (sum of the others), summed in order, so the total is 1 up to
 * one rounding step. Null when that remainder falls outside 0..1.
 */
function closeToOne(shares: readonly number[]): number[] | null {
  let others = 0;
  for (let i = 0; i < shares.length - 1; i++) others += shares[i]!;
  const exact = 1 - others;
  if (exact < -PROBABILITY_TOLERANCE || exact > 1 + PROBABILITY_TOLERANCE) return null;
  // Snap 0.30000000000000004 to 0.3, but never by more than float noise.
  const snapped = roundShare(exact);
  const last = Math.abs(snapped - exact) < 1e-12 ? snapped : exact;
  return [...shares.slice(0, -1), clamp01(last)];
}

// ---------------------------------------------------------------------------------------------
// Fields

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

function checkInsertIndex(index: number, length: number): number {
  if (!Number.isInteger(index) || index < 0 || index > length) {
    throw new CommandError('invalid', `Position ${index} is outside 0..${length}`);
  }
  return index;
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

// ---------------------------------------------------------------------------------------------
// Departments

/** Adds a department at the end of the list. Refuses a taken id. */
export function addDepartment(doc: Process, department: Department): Process {
  checkId(department.id, 'Department');
  if (doc.departments.some((existing) => existing.id === department.id)) {
    throw new CommandError('duplicate-id', `A department with id "${department.id}" already exists`);
  }
  check(DepartmentSchema, department, `Department “${department.name}”`);
  return { ...doc, departments: [...doc.departments, { ...department }] };
}

/** The department properties `updateDepartment` may change (not the id, which fields reference). */
export type DepartmentPatch = Partial<Pick<Department, 'name' | 'color'>>;

/** Renames or recolors a department. */
export function updateDepartment(doc: Process, departmentId: string, patch: DepartmentPatch): Process {
  const index = doc.departments.findIndex((department) => department.id === departmentId);
  if (index < 0) throw new CommandError('not-found', `There is no department with id "${departmentId}"`);
  const department = doc.departments[index]!;
  const allowed: DepartmentPatch = {};
  if (Object.hasOwn(patch, 'name')) allowed.name = patch.name?.trim();
  if (Object.hasOwn(patch, 'color')) allowed.color = patch.color;
  if (sameValues(department, allowed)) return doc;
  const next = applyPatch(department, allowed);
  check(DepartmentSchema, next, `Department “${department.name}”`);
  return { ...doc, departments: replaceAt(doc.departments, index, next) };
}

/** How much a department is referenced: fields it requested, fields it reads, KPIs it set. */
export interface DepartmentUsage {
  requested: number;
  consumed: number;
  kpis: number;
}

/** Counts the references to a department, e.g. to explain why it cannot be deleted. */
export function departmentUsage(doc: Process, departmentId: string): DepartmentUsage {
  let requested = 0;
  let consumed = 0;
  for (const stage of doc.stages) {
    for (const field of stage.fields) {
      if (field.requestedBy === departmentId) requested++;
      if (field.consumers.includes(departmentId)) consumed++;
    }
  }
  const kpis = doc.kpis.filter((kpi) => kpi.setBy === departmentId).length;
  return { requested, consumed, kpis };
}

/**
 * Deletes a department nobody references. Refused (`in-use`) while any field was requested by it
 * or lists it as a consumer, or a KPI names it as setter: reassign those first, so no field
 * silently loses who asked for it or who reads it.
 */
export function deleteDepartment(doc: Process, departmentId: string): Process {
  const index = doc.departments.findIndex((department) => department.id === departmentId);
  if (index < 0) throw new CommandError('not-found', `There is no department with id "${departmentId}"`);
  const usage = departmentUsage(doc, departmentId);
  const uses: string[] = [];
  if (usage.requested > 0) uses.push(`requested ${plural(usage.requested, 'field')}`);
  if (usage.consumed > 0) uses.push(`reads ${plural(usage.consumed, 'field')}`);
  if (usage.kpis > 0) uses.push(`set ${plural(usage.kpis, 'KPI')}`);
  if (uses.length > 0) {
    const name = doc.departments[index]!.name;
    throw new CommandError('in-use', `${name} cannot be deleted: it ${uses.join(', ')}. Reassign them first.`);
  }
  return { ...doc, departments: removeAt(doc.departments, index) };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Process-wide

/** Changes the process name (trimmed) or description. */
export function updateDetails(doc: Process, patch: Partial<Pick<Process, 'name' | 'description'>>): Process {
  const allowed: Partial<Pick<Process, 'name' | 'description'>> = {};
  if (patch.name !== undefined) allowed.name = patch.name.trim();
  if (patch.description !== undefined) allowed.description = patch.description;
  if (sameValues(doc, allowed)) return doc;
  const next = applyPatch(doc, allowed);
  if (next.name.length === 0 || next.name.length > 120) {
    throw new CommandError('invalid', 'The process name must be 1 to 120 characters');
  }
  if (next.description.length > 4000) throw new CommandError('invalid', 'The description must be at most 4000 characters');
  return next;
}

/** Changes the simulation scenario (reps, opportunities per month, hourly cost…). */
export function updateScenario(doc: Process, patch: Partial<Scenario>): Process {
  if (sameValues(doc.scenario, patch)) return doc;
  const scenario = applyPatch(doc.scenario, patch);
  check(ScenarioSchema, scenario, 'Scenario');
  return { ...doc, scenario };
}

/**
 * Pastes copied stages with fresh ids, shifted by `offset` (canvas units).
 * `idMap` maps every old stage, field and transition id to its new id (one flat map; a stage and
 * a field that shared an old id may share the new one, since ids are unique per collection).
 * Transitions are pasted only when both ends are among the pasted stages; others are dropped.
 * A pasted start stage becomes a plain stage when the document already has a start.
 * Refused when a mapping is missing, a new id is taken, or a field names a department this
 * document lacks (pasting from another process).
 */
export function pasteStages(
  doc: Process,
  stages: readonly Stage[],
  transitions: readonly Transition[],
  idMap: Readonly<Record<string, string>>,
  offset: Position,
): Process {
  const mapped = (oldId: string, what: string): string => {
    const id = Object.hasOwn(idMap, oldId) ? idMap[oldId] : undefined;
    if (id === undefined) throw new CommandError('invalid', `No new id was given for ${what} "${oldId}"`);
    checkId(id, what);
    return id;
  };
  const stageIds = new Set(doc.stages.map((stage) => stage.id));
  const fieldIds = new Set<string>();
  for (const stage of doc.stages) for (const field of stage.fields) fieldIds.add(field.id);
  const transitionIds = new Set(doc.transitions.map((transition) => transition.id));
  const departmentIds = new Set(doc.departments.map((department) => department.id));
  let hasStart = doc.stages.some((stage) => stage.kind === 'start');

  const pastedStages: Stage[] = [];
  for (const stage of stages) {
    const id = mapped(stage.id, 'stage');
    if (stageIds.has(id)) throw new CommandError('duplicate-id', `A stage with id "${id}" already exists`);
    stageIds.add(id);
    const fields = stage.fields.map((field) => {
      const fieldId = mapped(field.id, 'field');
      if (fieldIds.has(fieldId)) throw new CommandError('duplicate-id', `A field with id "${fieldId}" already exists`);
      fieldIds.add(fieldId);
      const missing = [field.requestedBy, ...field.consumers].filter((department) => !departmentIds.has(department));
      if (missing.length > 0) {
        throw new CommandError(
          'not-found',
          `Field “${field.label}” refers to departments this process does not have: ${[...new Set(missing)].join(', ')}`,
        );
      }
      return { ...field, id: fieldId, consumers: [...field.consumers] };
    });
    const kind: StageKind = stage.kind === 'start' && hasStart ? 'stage' : stage.kind;
    if (kind === 'start') hasStart = true;
    const pasted: Stage = {
      ...stage,
      id,
      kind,
      position: { x: stage.position.x + offset.x, y: stage.position.y + offset.y },
      fields,
    };
    check(StageSchema, pasted, `Stage “${stage.name}”`);
    pastedStages.push(pasted);
  }

  const oldStageIds = new Set(stages.map((stage) => stage.id));
  const pastedTransitions: Transition[] = [];
  for (const transition of transitions) {
    if (!oldStageIds.has(transition.from) || !oldStageIds.has(transition.to)) continue;
    const id = mapped(transition.id, 'transition');
    if (transitionIds.has(id)) throw new CommandError('duplicate-id', `A transition with id "${id}" already exists`);
    transitionIds.add(id);
    pastedTransitions.push({ ...transition, id, from: idMap[transition.from]!, to: idMap[transition.to]! });
  }
  if (pastedStages.length === 0) return doc;
  return {
    ...doc,
    stages: [...doc.stages, ...pastedStages],
    transitions: [...doc.transitions, ...pastedTransitions],
  };
}

/** Stage ids, field ids and transition ids a paste needs new ids for, to build its `idMap`. */
export function pasteIdsNeeded(
  stages: readonly Stage[],
  transitions: readonly Transition[],
): { stages: string[]; fields: string[]; transitions: string[] } {
  const inside = new Set(stages.map((stage) => stage.id));
  return {
    stages: stages.map((stage) => stage.id),
    fields: stages.flatMap((stage) => stage.fields.map((field) => field.id)),
    transitions: transitions
      .filter((transition) => inside.has(transition.from) && inside.has(transition.to))
      .map((transition) => transition.id),
  };
}

/**
 * Moves many stages at once (auto-layout, the end of a multi-stage drag): one undo step.
 * Ids not in the document are ignored, because an asynchronous layout may finish after a stage
 * was deleted. Refuses non-finite coordinates. Returns the input when nothing moves.
 */
export function applyLayout(doc: Process, positions: Readonly<Record<string, Position>>): Process {
  let changed = false;
  const stages = doc.stages.map((stage) => {
    if (!Object.hasOwn(positions, stage.id)) return stage;
    const position = positions[stage.id]!;
    check(PositionSchema, position, `Position of “${stage.name}”`);
    if (position.x === stage.position.x && position.y === stage.position.y) return stage;
    changed = true;
    return { ...stage, position: { x: position.x, y: position.y } };
  });
  return changed ? { ...doc, stages } : doc;
}
