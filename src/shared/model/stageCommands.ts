import {
  applyPatch,
  check,
  checkDepartments,
  checkFreeId,
  checkId,
  CommandError,
  hasFieldId,
  removeAt,
  requireStageIndex,
  sameValues,
  withStage,
} from './commandSupport';
import { PositionSchema, StageSchema, type Field, type Position, type Process, type Stage, type StageKind, type Transition } from './schema';

/** Pure commands on stages: create, rename, move, change, delete, paste, lay out (see `commandSupport.ts`). */

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

const StageShellSchema = StageSchema.omit({ fields: true });

/**
 * Adds a stage built by `newStage(init)` at the end of the stage list. Refuses a taken id, and
 * fields whose ids are taken or whose departments do not exist. A second start stage is allowed
 * (the user may be about to demote the first) and reported by `validateProcess`.
 */
export function addStage(doc: Process, init: StageInit): Process {
  checkId(init.id, 'Stage');
  checkFreeId(doc.stages, init.id, 'stage');
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
