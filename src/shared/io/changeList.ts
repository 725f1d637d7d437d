import { isMandatory, type Field, type Process, type Requirement } from '../model/schema';
import { writeCsv } from './csv';

/**
 * The CRM change list, so "you can't do that in the CRM" stops being the answer: from a baseline
 * (the process as imported from the CRM, or any earlier revision or accepted proposal) to the
 * process as agreed, per stage the fields to add, remove, make optional or make required, with
 * their API names, for the CRM administrator.
 */

/** What the administrator has to do with one field on one stage. */
export type ChangeAction = 'add' | 'remove' | 'make optional' | 'make required';

/** One line of the change list. */
export interface CrmChange {
  /** Stage name in the target process (for removals, the baseline's). */
  stage: string;
  action: ChangeAction;
  /** The CRM API name, or the Stagecraft field id when none is known. */
  apiName: string;
  label: string;
  /** The requirement after the change (`add`, `make …`) or before it (`remove`). */
  requirement: Requirement;
  /** Why, in words: moved from another stage, retired in review… */
  note: string;
}

interface Placed {
  field: Field;
  stageName: string;
  stageId: string;
  index: number;
}

function key(field: Field): string {
  return (field.apiName ?? `id:${field.id}`).toLowerCase();
}

function active(process: Process): Map<string, Placed> {
  const map = new Map<string, Placed>();
  let index = 0;
  for (const stage of process.stages) {
    for (const field of stage.fields) {
      if (field.status !== 'retired') map.set(key(field), { field, stageName: stage.name, stageId: stage.id, index: index++ });
    }
  }
  return map;
}

/**
 * The changes from `baseline` to `target`, in the target's stage order (removals last, in the
 * baseline's order). Fields match by API name, else by id; retired fields count as absent. A
 * field that moved stages is a removal on the old stage and an addition on the new one.
 */
export function crmChanges(baseline: Process, target: Process): CrmChange[] {
  const before = active(baseline);
  const after = active(target);
  const changes: CrmChange[] = [];
  const name = (f: Field): string => f.apiName ?? f.id;
  for (const [k, now] of after) {
    const was = before.get(k);
    const f = now.field;
    if (!was) {
      changes.push({ stage: now.stageName, action: 'add', apiName: name(f), label: f.label, requirement: f.requirement, note: 'new field' });
      continue;
    }
    if (was.stageId !== now.stageId) {
      changes.push({ stage: now.stageName, action: 'add', apiName: name(f), label: f.label, requirement: f.requirement, note: `moved from ${was.stageName}` });
      continue;
    }
    const wasMandatory = isMandatory(was.field.requirement);
    const isNowMandatory = isMandatory(f.requirement);
    if (wasMandatory && !isNowMandatory) changes.push({ stage: now.stageName, action: 'make optional', apiName: name(f), label: f.label, requirement: f.requirement, note: `was ${was.field.requirement}` });
    else if (!wasMandatory && isNowMandatory) changes.push({ stage: now.stageName, action: 'make required', apiName: name(f), label: f.label, requirement: f.requirement, note: f.requirement === 'required' ? 'was optional' : `was optional; ${f.requirement}` });
  }
  const removed: CrmChange[] = [];
  for (const [k, was] of before) {
    const now = after.get(k);
    const f = was.field;
    if (!now) {
      const retired = target.stages.some((stage) => stage.fields.some((field) => key(field) === k && field.status === 'retired'));
      removed.push({ stage: was.stageName, action: 'remove', apiName: name(f), label: f.label, requirement: f.requirement, note: retired ? 'retired in review' : 'no longer in the process' });
    } else if (now.stageId !== was.stageId) {
      removed.push({ stage: was.stageName, action: 'remove', apiName: name(f), label: f.label, requirement: f.requirement, note: `moved to ${now.stageName}` });
    }
  }
  return [...changes, ...removed];
}

/** The change list as Excel-friendly CSV: `Stage, Action, API name, Label, Requirement, Note`. */
export function changeListCsv(baseline: Process, target: Process): string {
  return writeCsv([['Stage', 'Action', 'API name', 'Label', 'Requirement', 'Note'], ...crmChanges(baseline, target).map((c) => [c.stage, c.action, c.apiName, c.label, c.requirement, c.note])]);
}
