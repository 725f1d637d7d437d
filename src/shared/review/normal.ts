import type { Department, Field, Kpi, Process, Scenario, Stage, Transition } from '../model/schema';

/**
 * A process document taken apart by id, the shape diff, apply and merge work on. Fields become
 * one collection keyed by their (process-wide unique) id with their stage as a property, so a
 * field moved to another stage is a change of `stageId`, not a removal plus an addition.
 */

/** A stage without its fields (those live in `fields`). */
export type StageItem = Omit<Stage, 'fields'>;

/** A field with the id of the stage it sits on. */
export type FieldItem = Field & { stageId: string };

/** The collections a diff reports on, in display order. */
export const COLLECTIONS = ['departments', 'stages', 'transitions', 'fields', 'kpis'] as const;
/** One of `COLLECTIONS`. */
export type Collection = (typeof COLLECTIONS)[number];

/** Item type of each collection. */
export interface ItemOf {
  departments: Department;
  stages: StageItem;
  transitions: Transition;
  fields: FieldItem;
  kpis: Kpi;
}

/** The document's own editable properties (not collections, not bookkeeping). */
export const PROCESS_KEYS = ['name', 'description', 'reviewEveryMonths'] as const;
/** One of `PROCESS_KEYS`. */
export type ProcessKey = (typeof PROCESS_KEYS)[number];

/** A document by id. Maps keep insertion order = document order. */
export interface Normal {
  props: Partial<Record<ProcessKey, unknown>>;
  scenario: Scenario;
  items: { [C in Collection]: Map<string, ItemOf[C]> };
  /**
   * Each field and its stage without copying the field: copying 3,000 fields into `FieldItem`s
   * costs more than the whole diff, so `items.fields` is built on first use and the diff reads
   * these instead.
   */
  fieldRefs: Map<string, { field: Field; stageId: string }>;
  /** Ids in document order; fields per stage id. */
  order: {
    departments: string[];
    stages: string[];
    transitions: string[];
    kpis: string[];
    fields: Map<string, string[]>;
  };
}

/** A field with its stage id. */
export function fieldItem(field: Field, stageId: string): FieldItem {
  return { ...field, stageId };
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  // The first of duplicate ids wins, as validation reports duplicates separately.
  for (const item of list) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

/** Takes a document apart. Does not copy items: treat the result as read-only. */
export function normalize(process: Process): Normal {
  const props: Partial<Record<ProcessKey, unknown>> = {};
  for (const key of PROCESS_KEYS) if (process[key] !== undefined) props[key] = process[key];
  const stages = new Map<string, StageItem>();
  const fieldRefs = new Map<string, { field: Field; stageId: string }>();
  const fieldOrder = new Map<string, string[]>();
  for (const stage of process.stages) {
    if (stages.has(stage.id)) continue;
    const { fields: stageFields, ...rest } = stage;
    stages.set(stage.id, rest);
    const ids: string[] = [];
    for (const field of stageFields) {
      if (fieldRefs.has(field.id)) continue;
      fieldRefs.set(field.id, { field, stageId: stage.id });
      ids.push(field.id);
    }
    fieldOrder.set(stage.id, ids);
  }
  const departments = byId(process.departments);
  const transitions = byId(process.transitions);
  const kpis = byId(process.kpis);
  let fields: Map<string, FieldItem> | undefined;
  return {
    props,
    scenario: process.scenario,
    fieldRefs,
    items: {
      departments,
      stages,
      transitions,
      get fields() {
        fields ??= new Map([...fieldRefs].map(([id, r]) => [id, fieldItem(r.field, r.stageId)]));
        return fields;
      },
      kpis,
    },
    order: {
      departments: [...departments.keys()],
      stages: [...stages.keys()],
      transitions: [...transitions.keys()],
      kpis: [...kpis.keys()],
      fields: fieldOrder,
    },
  };
}

/**
 * Puts a document back together; bookkeeping (`schemaVersion`, `id`, `revision`, timestamps) comes
 * from `meta`. A field whose stage is gone would be lost, so callers resolve that first (merge
 * raises it as a conflict); here such a field is kept on the first stage rather than dropped.
 */
export function denormalize(normal: Omit<Normal, 'fieldRefs'>, meta: Process): Process {
  const fieldsOf = new Map<string, Field[]>();
  const placed = new Set<string>();
  for (const [stageId, ids] of normal.order.fields) {
    const list: Field[] = [];
    for (const id of ids) {
      const item = normal.items.fields.get(id);
      if (!item || item.stageId !== stageId || placed.has(id)) continue;
      placed.add(id);
      list.push(stripStage(item));
    }
    fieldsOf.set(stageId, list);
  }
  // Fields no order list mentions (or mentioned under another stage) go to the end of their stage.
  const stageIds = normal.order.stages.filter((id) => normal.items.stages.has(id));
  for (const item of normal.items.fields.values()) {
    if (placed.has(item.id)) continue;
    const stageId = normal.items.stages.has(item.stageId) ? item.stageId : stageIds[0];
    if (stageId === undefined) continue;
    placed.add(item.id);
    const list = fieldsOf.get(stageId) ?? [];
    list.push(stripStage(item));
    fieldsOf.set(stageId, list);
  }
  const out: Process = {
    schemaVersion: meta.schemaVersion,
    id: meta.id,
    name: normal.props.name as string,
    description: normal.props.description as string,
    revision: meta.revision,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    departments: pick(normal.order.departments, normal.items.departments),
    stages: stageIds.map((id) => ({ ...normal.items.stages.get(id)!, fields: fieldsOf.get(id) ?? [] })),
    transitions: pick(normal.order.transitions, normal.items.transitions),
    scenario: normal.scenario,
    kpis: pick(normal.order.kpis, normal.items.kpis),
  };
  if (normal.props.reviewEveryMonths !== undefined) out.reviewEveryMonths = normal.props.reviewEveryMonths as number;
  return out;
}

function pick<T>(order: readonly string[], items: Map<string, T>): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const id of order) {
    const item = items.get(id);
    if (item !== undefined && !seen.has(id)) {
      seen.add(id);
      out.push(item);
    }
  }
  for (const [id, item] of items) if (!seen.has(id)) out.push(item);
  return out;
}

function stripStage(item: FieldItem): Field {
  const { stageId: _stageId, ...field } = item;
  return field;
}

/** Structural equality of JSON-like values; object key order does not matter, `undefined` = absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (ao[k] !== undefined && !deepEqual(ao[k], bo[k])) return false;
  for (const k in bo) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}
