import { FieldSchema, IdSchema, isMandatory, type Field, type Process, type Stage } from '../model/schema';
import { SECONDS_BY_TYPE } from './fieldTypes';
import type { CrmField } from './mapping';
import type { StageGuidance } from './sources';

/**
 * From CRM fields to a preview and one command: which fields would be added, which existing ones
 * updated (re-import matches by API name, then label), which stay unchanged, and which cannot be
 * placed on a stage (the "Unassigned" tray). Nothing changes until `applyImport` runs, and it
 * returns the whole new document at once so the editor records a single undo step.
 */

/** How to place and attribute imported fields. */
export interface ImportOptions {
  /** Stage name (or id) in the file → stage id, for names that do not match by themselves. */
  stageMap?: Readonly<Record<string, string>>;
  /** Where fields the file puts on no stage go; without it they land in the tray. */
  defaultStageId?: string;
  /** Department id for fields the file attributes to nobody; default `sales`, else the first. */
  defaultRequestedBy?: string;
}

/** One property that would change. */
export interface FieldChange {
  property: keyof Field | 'stage';
  before: unknown;
  after: unknown;
}

/** A new field and its stage. */
export interface PlannedAdd {
  stageId: string;
  field: Field;
  /** Where in the file it came from. */
  source: string;
}

/** An existing field the file changes. */
export interface PlannedUpdate {
  fieldId: string;
  label: string;
  /** The stage it is on now. */
  fromStageId: string;
  /** The stage it will be on (differs when the file moves it). */
  stageId: string;
  /** Properties to set; applied with `applyImport`. */
  patch: Partial<Omit<Field, 'id'>>;
  changes: FieldChange[];
  source: string;
}

/** A field that cannot be placed: no stage in the file, or a stage name that matches none. */
export interface UnassignedField {
  field: CrmField;
  /** The stage as the file names it, when it names one. */
  stage?: string;
  reason: string;
}

/** The preview of an import. */
export interface ImportPlan {
  added: PlannedAdd[];
  updated: PlannedUpdate[];
  unchanged: { fieldId: string; label: string }[];
  unassigned: UnassignedField[];
  /** Stage names in the file that match no stage (add them to `stageMap`). */
  unmatchedStages: string[];
  /** Guidance that becomes the description of a stage that has none. */
  stageDescriptions: { stageId: string; text: string }[];
  /** Readable notes: dropped consumers, invalid values fixed… */
  warnings: string[];
}

/** Folds a stage or field name for matching: accents, case, spacing and punctuation ignored. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The stage a file's stage name refers to: the manual map first, then an exact id, then the name
 * or id ignoring case, accents, spacing and punctuation ("Closed Won" = "closedwon" = "closed-won").
 */
export function matchStage(process: Process, name: string, stageMap: Readonly<Record<string, string>> = {}): Stage | undefined {
  const mapped = stageMap[name] ?? Object.entries(stageMap).find(([key]) => nameKey(key) === nameKey(name))?.[1];
  if (mapped !== undefined) return process.stages.find((stage) => stage.id === mapped);
  const exact = process.stages.find((stage) => stage.id === name);
  if (exact) return exact;
  const key = nameKey(name);
  if (key === '') return undefined;
  return process.stages.find((stage) => nameKey(stage.name) === key) ?? process.stages.find((stage) => nameKey(stage.id) === key);
}

interface Existing {
  field: Field;
  stageId: string;
}

/** Builds the preview. Pure; `process` is not changed. */
export function planImport(process: Process, crmFields: readonly CrmField[], guidance: readonly StageGuidance[] = [], options: ImportOptions = {}): ImportPlan {
  const plan: ImportPlan = { added: [], updated: [], unchanged: [], unassigned: [], unmatchedStages: [], stageDescriptions: [], warnings: [] };
  const stageMap = options.stageMap ?? {};
  const departments = process.departments;
  const defaultDept = options.defaultRequestedBy ?? (departments.some((d) => d.id === 'sales') ? 'sales' : departments[0]?.id);
  const resolveDept = (ref: string): string | undefined => departments.find((d) => d.id === ref)?.id ?? departments.find((d) => nameKey(d.name) === nameKey(ref))?.id;

  const byId = new Map<string, Existing>();
  const byApi = new Map<string, Existing>();
  const byLabel = new Map<string, Existing>();
  const usedIds = new Set<string>();
  for (const stage of process.stages) {
    for (const field of stage.fields) {
      usedIds.add(field.id);
      const entry = { field, stageId: stage.id };
      byId.set(field.id, entry);
      if (field.apiName) byApi.set(field.apiName.toLowerCase(), entry);
      const key = nameKey(field.label);
      if (!byLabel.has(key)) byLabel.set(key, entry);
    }
  }
  const matched = new Set<string>();
  const unmatchedStages = new Set<string>();
  const defaultStage = options.defaultStageId !== undefined ? process.stages.find((stage) => stage.id === options.defaultStageId) : undefined;

  for (const crm of crmFields) {
    const existing = findExisting(crm, byId, byApi, byLabel, matched);
    let stage: Stage | undefined;
    if (crm.stage !== undefined) {
      stage = matchStage(process, crm.stage, stageMap);
      if (!stage) unmatchedStages.add(crm.stage);
    }
    if (existing) {
      matched.add(existing.field.id);
      const update = planUpdate(existing, crm, stage?.id, resolveDept, plan.warnings);
      if (update) plan.updated.push(update);
      else plan.unchanged.push({ fieldId: existing.field.id, label: existing.field.label });
      continue;
    }
    const target = stage ?? (crm.stage === undefined ? defaultStage : undefined);
    if (!target) {
      plan.unassigned.push({
        field: crm,
        ...(crm.stage !== undefined ? { stage: crm.stage } : {}),
        reason: crm.stage === undefined ? 'the file puts it on no stage' : `no stage matches "${crm.stage}"`,
      });
      continue;
    }
    if (defaultDept === undefined) {
      plan.warnings.push(`${crm.source}: the process has no departments to attribute the field to; add one first`);
      continue;
    }
    const field = newImportedField(crm, uniqueId(crm, usedIds), resolveDept, defaultDept, plan.warnings);
    const checked = FieldSchema.safeParse(field);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      plan.warnings.push(`${crm.source}: not imported — ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    usedIds.add(field.id);
    plan.added.push({ stageId: target.id, field: checked.data, source: crm.source });
  }
  plan.unmatchedStages = [...unmatchedStages];
  for (const item of guidance) {
    const stage = matchStage(process, item.stage, stageMap);
    if (!stage) {
      unmatchedStages.add(item.stage);
      continue;
    }
    if (stage.description.trim() === '' && !plan.stageDescriptions.some((d) => d.stageId === stage.id)) {
      plan.stageDescriptions.push({ stageId: stage.id, text: item.text.slice(0, 4000) });
    }
  }
  plan.unmatchedStages = [...unmatchedStages];
  return plan;
}

function findExisting(
  crm: CrmField,
  byId: Map<string, Existing>,
  byApi: Map<string, Existing>,
  byLabel: Map<string, Existing>,
  matched: Set<string>,
): Existing | undefined {
  // Our own register carries field ids: the surest match of all.
  const own = crm.id !== undefined ? byId.get(crm.id) : undefined;
  if (own && !matched.has(own.field.id)) return own;
  if (crm.apiName !== undefined) {
    const entry = byApi.get(crm.apiName.toLowerCase());
    if (entry && !matched.has(entry.field.id)) return entry;
  }
  const label = crm.label ?? crm.apiName;
  if (label !== undefined) {
    const entry = byLabel.get(nameKey(label));
    // A label match is only trusted when the existing field has no other API name.
    const apiConflict = entry?.field.apiName !== undefined && crm.apiName !== undefined && entry.field.apiName.toLowerCase() !== crm.apiName.toLowerCase();
    if (entry && !apiConflict && !matched.has(entry.field.id)) return entry;
  }
  return undefined;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/__c$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56);
}

function uniqueId(crm: CrmField, used: Set<string>): string {
  if (crm.id !== undefined && IdSchema.safeParse(crm.id).success && !used.has(crm.id)) return crm.id;
  const base = slug(crm.apiName ?? crm.label ?? '') || 'field';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  return id;
}

function resolveConsumers(crm: CrmField, resolveDept: (ref: string) => string | undefined, warnings: string[]): string[] | undefined {
  if (crm.consumers === undefined) return undefined;
  const ids: string[] = [];
  for (const ref of crm.consumers) {
    const id = resolveDept(ref);
    if (id === undefined) warnings.push(`${crm.source}: consumer "${ref}" is not a department of this process; left out`);
    else if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function newImportedField(
  crm: CrmField,
  id: string,
  resolveDept: (ref: string) => string | undefined,
  defaultDept: string,
  warnings: string[],
): Field {
  const type = crm.type ?? 'text';
  let requestedBy = defaultDept;
  if (crm.requestedBy !== undefined) {
    const resolved = resolveDept(crm.requestedBy);
    if (resolved === undefined) warnings.push(`${crm.source}: requested by "${crm.requestedBy}" is not a department of this process; attributed to ${defaultDept}`);
    else requestedBy = resolved;
  }
  const justification = crm.justification ?? crm.helpText ?? '';
  const field: Field = {
    id,
    label: (crm.label ?? crm.apiName ?? id).slice(0, 200),
    type,
    requirement: crm.requirement ?? 'optional',
    requestedBy,
    consumers: resolveConsumers(crm, resolveDept, warnings) ?? [],
    justification: justification.slice(0, 4000),
    decisionSupported: (crm.decisionSupported ?? '').slice(0, 1000),
    valueToSales: crm.valueToSales ?? 'none',
    secondsToComplete: crm.secondsToComplete ?? SECONDS_BY_TYPE[type],
    entries: crm.entries ?? 'once-per-deal',
    status: crm.status ?? 'proposed',
  };
  if (crm.secondsMin !== undefined) field.secondsMin = crm.secondsMin;
  if (crm.secondsMax !== undefined) field.secondsMax = crm.secondsMax;
  if (crm.fillRate !== undefined) field.fillRate = crm.fillRate;
  if (crm.reviewBy !== undefined) field.reviewBy = crm.reviewBy;
  if (crm.apiName !== undefined) field.apiName = crm.apiName;
  const imported = crm.justificationImported ?? (crm.justification === undefined && crm.helpText !== undefined);
  if (imported && justification !== '') field.justificationImported = true;
  return field;
}

function planUpdate(
  existing: Existing,
  crm: CrmField,
  stageId: string | undefined,
  resolveDept: (ref: string) => string | undefined,
  warnings: string[],
): PlannedUpdate | undefined {
  const before = existing.field;
  const patch: Partial<Omit<Field, 'id'>> = {};
  const changes: FieldChange[] = [];
  const set = <K extends keyof Omit<Field, 'id'>>(key: K, value: Field[K] | undefined): void => {
    if (value === undefined) return;
    const current = before[key];
    const same = Array.isArray(value) && Array.isArray(current) ? value.length === current.length && value.every((v, i) => v === current[i]) : Object.is(value, current);
    if (same) return;
    patch[key] = value;
    changes.push({ property: key, before: current, after: value });
  };
  set('apiName', crm.apiName);
  set('label', crm.label?.slice(0, 200));
  if (crm.unknownType === undefined) set('type', crm.type);
  // The CRM cannot say "blocks the stage" or "blocks commission"; both are mandatory, so a file
  // that says "required" leaves them as they are.
  if (crm.requirement !== undefined && !(crm.requirement === 'required' && isMandatory(before.requirement))) set('requirement', crm.requirement);
  set('fillRate', crm.fillRate);
  if (crm.justification !== undefined) set('justification', crm.justification.slice(0, 4000));
  else if (crm.helpText !== undefined && (before.justification.trim() === '' || before.justificationImported === true)) {
    set('justification', crm.helpText.slice(0, 4000));
    if (patch.justification !== undefined) set('justificationImported', true);
  }
  if (crm.justificationImported !== undefined) set('justificationImported', crm.justificationImported || undefined);
  if (crm.requestedBy !== undefined) set('requestedBy', resolveDept(crm.requestedBy));
  set('consumers', resolveConsumers(crm, resolveDept, warnings));
  set('decisionSupported', crm.decisionSupported);
  set('valueToSales', crm.valueToSales);
  set('secondsToComplete', crm.secondsToComplete);
  set('secondsMin', crm.secondsMin);
  set('secondsMax', crm.secondsMax);
  set('entries', crm.entries);
  set('status', crm.status);
  set('reviewBy', crm.reviewBy);
  const moved = stageId !== undefined && stageId !== existing.stageId;
  if (moved) changes.push({ property: 'stage', before: existing.stageId, after: stageId });
  if (changes.length === 0) return undefined;
  const after = { ...before, ...patch };
  if (!FieldSchema.safeParse(after).success) {
    warnings.push(`${crm.source}: the update to "${before.label}" would make it invalid; left unchanged`);
    return undefined;
  }
  return { fieldId: before.id, label: before.label, fromStageId: existing.stageId, stageId: stageId ?? existing.stageId, patch, changes, source: crm.source };
}

/**
 * Applies a plan as one new document: updates (and moves) first, then additions at the end of
 * their stages, then stage descriptions from guidance. Unassigned fields are not added. Returns
 * the input itself when the plan changes nothing. Pure.
 */
export function applyImport(process: Process, plan: ImportPlan): Process {
  if (plan.added.length === 0 && plan.updated.length === 0 && plan.stageDescriptions.length === 0) return process;
  const updates = new Map(plan.updated.map((update) => [update.fieldId, update]));
  const arriving = new Map<string, Field[]>();
  const push = (stageId: string, field: Field): void => {
    const list = arriving.get(stageId) ?? [];
    list.push(field);
    arriving.set(stageId, list);
  };
  const stages = process.stages.map((stage) => {
    let changed = false;
    const kept: Field[] = [];
    for (const field of stage.fields) {
      const update = updates.get(field.id);
      if (!update) {
        kept.push(field);
        continue;
      }
      changed = true;
      const next: Field = { ...field, ...update.patch };
      if (update.stageId === stage.id) kept.push(next);
      else push(update.stageId, next);
    }
    return changed ? { ...stage, fields: kept } : stage;
  });
  for (const add of plan.added) push(add.stageId, add.field);
  const descriptions = new Map(plan.stageDescriptions.map((d) => [d.stageId, d.text]));
  return {
    ...process,
    stages: stages.map((stage) => {
      const extra = arriving.get(stage.id);
      const description = descriptions.get(stage.id);
      if (!extra && description === undefined) return stage;
      return {
        ...stage,
        ...(extra ? { fields: [...stage.fields, ...extra] } : {}),
        ...(description !== undefined && stage.description.trim() === '' ? { description } : {}),
      };
    }),
  };
}

/**
 * Sets the same seconds-to-complete on many fields at once (the wizard's bulk edit), keeping each
 * field's min/max range consistent by clearing bounds the new value falls outside. Pure.
 */
export function setSecondsForFields(process: Process, fieldIds: readonly string[], seconds: number): Process {
  const ids = new Set(fieldIds);
  return {
    ...process,
    stages: process.stages.map((stage) =>
      stage.fields.some((field) => ids.has(field.id))
        ? {
            ...stage,
            fields: stage.fields.map((field) => {
              if (!ids.has(field.id)) return field;
              const next: Field = { ...field, secondsToComplete: seconds };
              if (next.secondsMin !== undefined && next.secondsMin > seconds) delete next.secondsMin;
              if (next.secondsMax !== undefined && next.secondsMax < seconds) delete next.secondsMax;
              return next;
            }),
          }
        : stage,
    ),
  };
}

/** One line for the CLI and toasts: "12 added, 3 updated, 40 unchanged, 2 unassigned". */
export function summarizePlan(plan: ImportPlan): string {
  return `${plan.added.length} added, ${plan.updated.length} updated, ${plan.unchanged.length} unchanged, ${plan.unassigned.length} unassigned`;
}
