import type { Position, Process, Scenario } from '../model/schema';
import {
  COLLECTIONS,
  PROCESS_KEYS,
  deepEqual,
  denormalize,
  fieldItem,
  normalize,
  type Collection,
  type ItemOf,
  type Normal,
  type ProcessKey,
} from './normal';

/** One property that differs: `before` / `after` are `undefined` when the property is absent. */
export interface PropertyChange {
  key: string;
  before?: unknown;
  after?: unknown;
}

/**
 * One item of a collection that differs between two documents, keyed by id:
 * - `added` / `removed` carry the whole item;
 * - `moved` — only a stage's canvas `position` changed;
 * - `changed` — any other property changed (a position change is then one of `changes`).
 * `label` is the item's name as a person reads it (the newer name for changes).
 */
export type ItemChange<C extends Collection = Collection> =
  | { kind: 'added'; collection: C; id: string; label: string; after: ItemOf[C] }
  | { kind: 'removed'; collection: C; id: string; label: string; before: ItemOf[C] }
  | { kind: 'changed'; collection: C; id: string; label: string; changes: PropertyChange[] }
  | { kind: 'moved'; collection: C; id: string; label: string; before: Position; after: Position };

/**
 * The difference between two process documents, keyed by id. Bookkeeping (`revision`, timestamps,
 * `id`, `schemaVersion`) is not compared. `order` is set only for lists whose order is not what
 * removing and appending alone would give, so `applyDiff` can rebuild the exact list.
 */
export interface ProcessDiff {
  /** Name, description, review cadence. */
  process: PropertyChange[];
  scenario: PropertyChange[];
  departments: ItemChange<'departments'>[];
  stages: ItemChange<'stages'>[];
  transitions: ItemChange<'transitions'>[];
  /** Field changes; a field's stage is its `stageId` (a change of it moves the field). */
  fields: ItemChange<'fields'>[];
  kpis: ItemChange<'kpis'>[];
  order: {
    departments?: string[];
    stages?: string[];
    transitions?: string[];
    kpis?: string[];
    /** Field ids per stage id, for stages whose field order is not the default. */
    fields?: Record<string, string[]>;
  };
}

/** A readable name for an item of any collection. */
export function itemLabel(collection: Collection, item: ItemOf[Collection]): string {
  switch (collection) {
    case 'stages':
    case 'departments':
      return (item as ItemOf['stages']).name;
    case 'fields':
      return (item as ItemOf['fields']).label;
    case 'transitions': {
      const t = item as ItemOf['transitions'];
      return `${t.from} → ${t.to}`;
    }
    case 'kpis':
      return (item as ItemOf['kpis']).kind;
  }
}

/** Fields by id, reading `fieldRefs` so unchanged fields are never copied. */
function diffFields(a: Normal, b: Normal): ItemChange<'fields'>[] {
  const out: ItemChange<'fields'>[] = [];
  for (const [id, ra] of a.fieldRefs) {
    const rb = b.fieldRefs.get(id);
    if (rb === undefined) {
      out.push({ kind: 'removed', collection: 'fields', id, label: ra.field.label, before: fieldItem(ra.field, ra.stageId) });
      continue;
    }
    if (ra.stageId === rb.stageId && (ra.field === rb.field || deepEqual(ra.field, rb.field))) continue;
    const changes = propertyChanges(fieldItem(ra.field, ra.stageId), fieldItem(rb.field, rb.stageId));
    if (changes.length > 0) out.push({ kind: 'changed', collection: 'fields', id, label: rb.field.label, changes });
  }
  for (const [id, rb] of b.fieldRefs) {
    if (!a.fieldRefs.has(id)) out.push({ kind: 'added', collection: 'fields', id, label: rb.field.label, after: fieldItem(rb.field, rb.stageId) });
  }
  return out;
}

function propertyChanges(before: object, after: object, skip?: string): PropertyChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out: PropertyChange[] = [];
  for (const key of keys) {
    if (key === skip) continue;
    if (deepEqual(b[key], a[key])) continue;
    const change: PropertyChange = { key };
    if (b[key] !== undefined) change.before = b[key];
    if (a[key] !== undefined) change.after = a[key];
    out.push(change);
  }
  return out;
}

/** Default list after removals and additions: old order minus removed, then new ones in new order. */
function defaultOrder(before: readonly string[], after: readonly string[]): string[] {
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  return [...before.filter((id) => inAfter.has(id)), ...after.filter((id) => !inBefore.has(id))];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function diffCollection<C extends Collection>(
  collection: C,
  a: Normal,
  b: Normal,
  label: (item: ItemOf[C]) => string = (item) => itemLabel(collection, item),
): ItemChange<C>[] {
  const before = a.items[collection] as Map<string, ItemOf[C]>;
  const after = b.items[collection] as Map<string, ItemOf[C]>;
  const out: ItemChange<C>[] = [];
  for (const [id, item] of before) {
    const next = after.get(id);
    if (next === undefined) {
      out.push({ kind: 'removed', collection, id, label: label(item), before: item });
      continue;
    }
    // Most items are unchanged: compare without allocating before listing what changed.
    if (item === next || deepEqual(item, next)) continue;
    const changes = propertyChanges(item, next);
    if (changes.length === 0) continue;
    const name = label(next);
    if (collection === 'stages' && changes.length === 1 && changes[0]!.key === 'position') {
      out.push({
        kind: 'moved',
        collection,
        id,
        label: name,
        before: changes[0]!.before as Position,
        after: changes[0]!.after as Position,
      });
    } else {
      out.push({ kind: 'changed', collection, id, label: name, changes });
    }
  }
  for (const [id, item] of after) {
    if (!before.has(id)) out.push({ kind: 'added', collection, id, label: label(item), after: item });
  }
  return out;
}

/**
 * Field ids of one stage as `applyDiff` places them without an explicit order: the stage's
 * remaining fields in their old order, then fields arriving (added or moved in) in diff order.
 * `diffNormal` records an explicit order exactly when this differs from the new document.
 */
function placeFields(
  stageId: string,
  beforeIds: readonly string[],
  stageOf: (id: string) => string | undefined,
  changes: readonly ItemChange<'fields'>[],
): string[] {
  const kept = beforeIds.filter((id) => stageOf(id) === stageId);
  const keptSet = new Set(kept);
  const arrivals: string[] = [];
  for (const change of changes) {
    if (change.kind === 'removed' || keptSet.has(change.id)) continue;
    if (stageOf(change.id) === stageId) arrivals.push(change.id);
  }
  return [...kept, ...arrivals];
}

/** Compares two process documents by id. Pure; `diff(a, a)` is empty. */
export function diffProcesses(a: Process, b: Process): ProcessDiff {
  return diffNormal(normalize(a), normalize(b));
}

/** `diffProcesses` on documents already taken apart. */
export function diffNormal(na: Normal, nb: Normal): ProcessDiff {
  const stageName = (id: string) => nb.items.stages.get(id)?.name ?? na.items.stages.get(id)?.name ?? id;
  const diff: ProcessDiff = {
    process: propertyChanges(na.props, nb.props),
    scenario: propertyChanges(na.scenario, nb.scenario),
    departments: diffCollection('departments', na, nb),
    stages: diffCollection('stages', na, nb),
    transitions: diffCollection('transitions', na, nb, (t) => `${stageName(t.from)} → ${stageName(t.to)}`),
    fields: diffFields(na, nb),
    kpis: diffCollection('kpis', na, nb),
    order: {},
  };
  for (const c of ['departments', 'stages', 'transitions', 'kpis'] as const) {
    if (!sameList(defaultOrder(na.order[c], nb.order[c]), nb.order[c])) diff.order[c] = [...nb.order[c]];
  }
  const stageOf = (id: string) => nb.fieldRefs.get(id)?.stageId;
  for (const [stageId, ids] of nb.order.fields) {
    if (!sameList(placeFields(stageId, na.order.fields.get(stageId) ?? [], stageOf, diff.fields), ids)) {
      diff.order.fields ??= {};
      diff.order.fields[stageId] = [...ids];
    }
  }
  return diff;
}

/** True when the two documents have the same content (bookkeeping aside). */
export function isEmptyDiff(diff: ProcessDiff): boolean {
  return (
    diff.process.length === 0 &&
    diff.scenario.length === 0 &&
    COLLECTIONS.every((c) => diff[c].length === 0) &&
    Object.keys(diff.order).length === 0
  );
}

/** Number of added, removed, changed and moved items (plus 1 each for process and scenario edits). */
export function countChanges(diff: ProcessDiff): number {
  return (
    COLLECTIONS.reduce((n, c) => n + diff[c].length, 0) +
    (diff.process.length > 0 ? 1 : 0) +
    (diff.scenario.length > 0 ? 1 : 0)
  );
}

function applyProps<T extends object>(target: T, changes: readonly PropertyChange[]): T {
  if (changes.length === 0) return target;
  const out = { ...target } as Record<string, unknown>;
  for (const change of changes) {
    if (change.after === undefined) delete out[change.key];
    else out[change.key] = change.after;
  }
  return out as T;
}

/**
 * Applies a diff to a document: `applyDiff(a, diffProcesses(a, b))` has `b`'s content with `a`'s
 * bookkeeping. Items the diff names but `process` lacks (a diff from another base) are skipped
 * for changes and removals; additions replace an item with the same id. Pure.
 */
export function applyDiff(process: Process, diff: ProcessDiff): Process {
  const n = normalize(process);
  const props = applyProps(n.props, diff.process as PropertyChange[]) as Normal['props'];
  for (const key of PROCESS_KEYS) if (props[key as ProcessKey] === undefined) delete props[key as ProcessKey];
  const scenario = applyProps<Scenario>(n.scenario, diff.scenario);
  const items = {} as Normal['items'];
  const beforeOrder = n.order;
  const order: Normal['order'] = {
    departments: [],
    stages: [],
    transitions: [],
    kpis: [],
    fields: new Map(),
  };
  for (const c of COLLECTIONS) {
    const map = new Map(n.items[c] as Map<string, unknown>);
    const added: string[] = [];
    for (const change of diff[c] as ItemChange[]) {
      if (change.kind === 'removed') map.delete(change.id);
      else if (change.kind === 'added') {
        map.set(change.id, change.after);
        added.push(change.id);
      } else {
        const current = map.get(change.id);
        if (current === undefined) continue;
        map.set(
          change.id,
          change.kind === 'moved'
            ? { ...(current as object), position: change.after }
            : applyProps(current as object, change.changes),
        );
      }
    }
    (items as unknown as Record<string, Map<string, unknown>>)[c] = map;
    if (c !== 'fields') {
      const explicit = diff.order[c];
      order[c] = explicit ? [...explicit] : defaultOrder(beforeOrder[c], [...beforeOrder[c].filter((id) => map.has(id)), ...added]);
    }
  }
  // Fields: each stage keeps its remaining fields in order, then arrivals in diff order.
  const fields = items.fields;
  for (const stageId of order.stages) {
    const explicit = diff.order.fields?.[stageId];
    if (explicit) {
      order.fields.set(stageId, [...explicit]);
      continue;
    }
    order.fields.set(
      stageId,
      placeFields(stageId, beforeOrder.fields.get(stageId) ?? [], (id) => fields.get(id)?.stageId, diff.fields),
    );
  }
  return denormalize({ props, scenario, items, order }, process);
}
