import { quote, type Problem } from './problems';
import type { Field, Process, Stage, Transition } from './schema';
import { repeatedValues, stringHash } from './stringHash';

/**
 * The identity and reference rules: `duplicate-id` (stages, fields across the process,
 * transitions, departments, KPIs) and `dangling-reference` / `duplicate-reference` (transition
 * ends, requesting and reading departments, KPI owners). What `blockingProblems` needs on every
 * open and save, and the first rules `validateProcess` runs.
 *
 * One pass over the fields, one hash per id; no per-field objects.
 */
export interface IdentityProblems {
  /** Stages, then fields, transitions, departments, KPIs — each in document order. */
  duplicateIds: Problem[];
  /** Transition ends, then fields (requester, then each reader), then KPI owners. */
  references: Problem[];
}

/** Lists longer than this (readers, departments) are searched through a set instead of scanned. */
const SMALL_LIST = 16;

/** Runs the identity and reference rules on a document that may be unsafe (any ids). */
export function identityProblems(process: Pick<Process, 'stages' | 'transitions' | 'departments' | 'kpis'>): IdentityProblems {
  const duplicateIds: Problem[] = [];
  const references: Problem[] = [];
  const { stages, transitions, departments, kpis } = process;

  const stageIndex = new Map<string, number>();
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s]!;
    const first = stageIndex.get(stage.id);
    if (first === undefined) stageIndex.set(stage.id, s);
    else {
      duplicateIds.push({
        severity: 'error',
        code: 'duplicate-id',
        path: `stages[${s}].id`,
        message: `Stage id "${stage.id}" is also used by stage ${quote(stages[first]!.name)}; stage ids must be unique`,
        stageId: stage.id,
      });
    }
  }

  const isDepartment = departmentTest(departments);

  // Field ids are nearly always unique: their hashes in a typed array show it (`repeatedValues`) without a
  // set of every id (`stringHash.ts`); only ids whose hashes repeat are compared, in one more
  // pass. A stage's reference problems depend on the stage and the department list alone:
  // remembered per stage.
  let fieldCount = 0;
  for (const stage of stages) fieldCount += stage.fields.length;
  const idHashes = new Int32Array(fieldCount);
  const fieldReferences: Problem[] = [];
  let k = 0;
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s]!;
    for (const field of stage.fields) idHashes[k++] = stringHash(field.id);
    for (const problem of stageReferences(stage, s, departments, isDepartment)) fieldReferences.push(problem);
  }
  const repeatedHashes = repeatedValues(idHashes);
  if (repeatedHashes) for (const problem of duplicateFieldIds(stages, repeatedHashes)) duplicateIds.push(problem);

  const transitionProblems = transitionChecks(transitions, stages, stageIndex);
  for (const problem of transitionProblems.duplicateIds) duplicateIds.push(problem);
  for (const problem of transitionProblems.references) references.push(problem);
  for (const problem of fieldReferences) references.push(problem);

  for (const [collection, items] of [
    ['departments', departments],
    ['kpis', kpis],
  ] as const) {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) {
        duplicateIds.push({
          severity: 'error',
          code: 'duplicate-id',
          path: `${collection}[${index}].id`,
          message: `${collection === 'kpis' ? 'KPI' : 'Department'} id "${item.id}" is used more than once; ids must be unique`,
        });
      } else seen.add(item.id);
    });
  }
  kpis.forEach((kpi, index) => {
    if (kpi.setBy !== undefined && !isDepartment(kpi.setBy)) {
      references.push({
        severity: 'error',
        code: 'dangling-reference',
        path: `kpis[${index}].setBy`,
        message: `KPI set by department "${kpi.setBy}", which does not exist`,
      });
    }
  });
  return { duplicateIds, references };
}

/**
 * `duplicate-id` for fields, in document order: each field whose id an earlier field has, naming
 * that first field. Only ids with one of `repeatedHashes` can repeat.
 */
function duplicateFieldIds(stages: readonly Stage[], repeatedHashes: ReadonlySet<number>): Problem[] {
  const problems: Problem[] = [];
  const firstOwners = new Map<string, { field: Field; stage: Stage }>();
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s]!;
    const fields = stage.fields;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      if (!repeatedHashes.has(stringHash(field.id))) continue;
      const owner = firstOwners.get(field.id);
      if (owner === undefined) {
        firstOwners.set(field.id, { field, stage });
        continue;
      }
      problems.push({
        severity: 'error',
        code: 'duplicate-id',
        path: `stages[${s}].fields[${f}].id`,
        message: `Field id "${field.id}" is also used by field ${quote(owner.field.label)} on ${quote(owner.stage.name)}; field ids must be unique across the process`,
        stageId: stage.id,
        fieldId: field.id,
      });
    }
  }
  return problems;
}

/** Whether an id names one of `departments` (a scan: processes have a handful). */
function departmentTest(departments: readonly { id: string }[]): (id: string) => boolean {
  const list = departments.map((department) => department.id);
  if (list.length > SMALL_LIST) {
    const set = new Set(list);
    return (id) => set.has(id);
  }
  return (id) => list.includes(id);
}

const referenceCache = new WeakMap<Stage, { index: number; departments: readonly unknown[]; problems: readonly Problem[] }>();

/**
 * The requester and reader references of one stage's fields (requester first, then each reader:
 * repeated, then unknown). Remembered per stage object with its position and department list:
 * commands share untouched stages and replace the list when departments change.
 */
function stageReferences(stage: Stage, s: number, departments: readonly unknown[], isDepartment: (id: string) => boolean): readonly Problem[] {
  const known = referenceCache.get(stage);
  if (known && known.index === s && known.departments === departments) return known.problems;
  const problems: Problem[] = [];
  const fields = stage.fields;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    if (!isDepartment(field.requestedBy)) {
      problems.push({
        severity: 'error',
        code: 'dangling-reference',
        path: `stages[${s}].fields[${f}].requestedBy`,
        message: `Requested by department "${field.requestedBy}", which does not exist`,
        stageId: stage.id,
        fieldId: field.id,
      });
    }
    const consumers = field.consumers;
    const listed = consumers.length > SMALL_LIST ? new Set<string>() : undefined;
    for (let c = 0; c < consumers.length; c++) {
      const consumer = consumers[c]!;
      const repeated = listed ? listed.has(consumer) : consumers.indexOf(consumer) < c;
      listed?.add(consumer);
      if (repeated) {
        problems.push({
          severity: 'error',
          code: 'duplicate-reference',
          path: `stages[${s}].fields[${f}].consumers[${c}]`,
          message: `Department "${consumer}" is listed more than once as a reader of this field`,
          stageId: stage.id,
          fieldId: field.id,
        });
      }
      if (!isDepartment(consumer)) {
        problems.push({
          severity: 'error',
          code: 'dangling-reference',
          path: `stages[${s}].fields[${f}].consumers[${c}]`,
          message: `Used by department "${consumer}", which does not exist`,
          stageId: stage.id,
          fieldId: field.id,
        });
      }
    }
  }
  referenceCache.set(stage, { index: s, departments, problems });
  return problems;
}

const transitionCache = new WeakMap<readonly Transition[], { stageIds: string[]; problems: IdentityProblems }>();

/**
 * Repeated transition ids and transitions to or from unknown stages. They depend on the
 * transitions and the stage ids alone, so they are remembered per transitions list and reused
 * while the stages keep the same ids in the same order (edits to fields and stages keep both).
 */
function transitionChecks(transitions: readonly Transition[], stages: readonly Stage[], stageIndex: ReadonlyMap<string, number>): IdentityProblems {
  const known = transitionCache.get(transitions);
  if (known && known.stageIds.length === stages.length && stages.every((stage, s) => known.stageIds[s] === stage.id)) return known.problems;
  const duplicateIds: Problem[] = [];
  const references: Problem[] = [];
  // Like field ids: hashes in a typed array find repeats, and only ids whose hashes repeat go in a set.
  const idHashes = new Int32Array(transitions.length);
  for (let t = 0; t < transitions.length; t++) idHashes[t] = stringHash(transitions[t]!.id);
  const repeatedHashes = repeatedValues(idHashes);
  const transitionIds = new Set<string>();
  for (let t = 0; t < transitions.length; t++) {
    const transition = transitions[t]!;
    const maybeRepeated = repeatedHashes !== undefined && repeatedHashes.has(stringHash(transition.id));
    if (maybeRepeated && transitionIds.has(transition.id)) {
      duplicateIds.push({
        severity: 'error',
        code: 'duplicate-id',
        path: `transitions[${t}].id`,
        message: `Transition id "${transition.id}" is used more than once; transition ids must be unique`,
        transitionId: transition.id,
        stageId: transition.from,
      });
    } else if (maybeRepeated) transitionIds.add(transition.id);
    const fromKnown = stageIndex.has(transition.from);
    for (const end of ['from', 'to'] as const) {
      if (end === 'from' ? fromKnown : stageIndex.has(transition.to)) continue;
      references.push({
        severity: 'error',
        code: 'dangling-reference',
        path: `transitions[${t}].${end}`,
        message: `Transition ${end === 'from' ? 'starts at' : 'leads to'} stage "${transition[end]}", which does not exist`,
        transitionId: transition.id,
        ...(fromKnown ? { stageId: transition.from } : {}),
      });
    }
  }
  const problems = { duplicateIds, references };
  transitionCache.set(transitions, { stageIds: stages.map((stage) => stage.id), problems });
  return problems;
}
