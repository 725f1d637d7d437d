import { quote, type Problem } from './problems';
import type { Field, Process, Stage } from './schema';

/**
 * The identity and reference rules: `duplicate-id` (stages, fields across the process,
 * transitions, departments, KPIs) and `dangling-reference` / `duplicate-reference` (transition
 * ends, requesting and reading departments, KPI owners). What `blockingProblems` needs on every
 * open and save, and the first rules `validateProcess` runs.
 *
 * One pass over the fields, one hash lookup per id; no per-field objects.
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

  // Processes have a handful of departments: comparing with each beats hashing every reference.
  const departmentList = departments.map((department) => department.id);
  const departmentSet = departmentList.length > SMALL_LIST ? new Set(departmentList) : undefined;
  const isDepartment = (id: string): boolean => (departmentSet ? departmentSet.has(id) : departmentList.includes(id));

  // Field ids are nearly always unique: one set insertion per field finds a repeat (the set does
  // not grow); only then are the ids' first owners looked up, in one more pass.
  const fieldIds = new Set<string>();
  let owners: Map<string, Field> | undefined;
  let ownerStages: Map<Field, Stage> | undefined;
  const fieldReferences: Problem[] = [];
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s]!;
    const fields = stage.fields;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      const before = fieldIds.size;
      fieldIds.add(field.id);
      if (fieldIds.size === before) {
        if (!owners || !ownerStages) [owners, ownerStages] = firstOwners(stages);
        const owner = owners.get(field.id)!;
        duplicateIds.push({
          severity: 'error',
          code: 'duplicate-id',
          path: `stages[${s}].fields[${f}].id`,
          message: `Field id "${field.id}" is also used by field ${quote(owner.label)} on ${quote(ownerStages.get(owner)!.name)}; field ids must be unique across the process`,
          stageId: stage.id,
          fieldId: field.id,
        });
      }

      if (!isDepartment(field.requestedBy)) {
        fieldReferences.push({
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
          fieldReferences.push({
            severity: 'error',
            code: 'duplicate-reference',
            path: `stages[${s}].fields[${f}].consumers[${c}]`,
            message: `Department "${consumer}" is listed more than once as a reader of this field`,
            stageId: stage.id,
            fieldId: field.id,
          });
        }
        if (!isDepartment(consumer)) {
          fieldReferences.push({
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
  }

  const transitionIds = new Set<string>();
  for (let t = 0; t < transitions.length; t++) {
    const transition = transitions[t]!;
    if (transitionIds.has(transition.id)) {
      duplicateIds.push({
        severity: 'error',
        code: 'duplicate-id',
        path: `transitions[${t}].id`,
        message: `Transition id "${transition.id}" is used more than once; transition ids must be unique`,
        transitionId: transition.id,
        stageId: transition.from,
      });
    } else transitionIds.add(transition.id);
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

/** The first field with each id, in document order, and the stage each of those is on. */
function firstOwners(stages: readonly Stage[]): [Map<string, Field>, Map<Field, Stage>] {
  const owners = new Map<string, Field>();
  const ownerStages = new Map<Field, Stage>();
  for (const stage of stages) {
    for (const field of stage.fields) {
      if (owners.has(field.id)) continue;
      owners.set(field.id, field);
      ownerStages.set(field, stage);
    }
  }
  return [owners, ownerStages];
}
