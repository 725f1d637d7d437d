import type { Process } from '../model/schema';
import {
  COLLECTIONS,
  PROCESS_KEYS,
  deepEqual,
  denormalize,
  normalize,
  type Collection,
  type Normal,
} from './normal';
import { itemLabel } from './diff';

/** Which side a conflict is settled for: the process as it is now, or the proposal. */
export type Side = 'process' | 'proposal';

/**
 * Two sides changed the same thing differently. `key` names the property (`order` for a list's
 * order); absent `key` means the whole item (one side removed it, the other changed or kept it,
 * or both added different items with one id). `process` / `proposal` are each side's value
 * (`undefined` = removed / absent), `base` the common ancestor's.
 */
export interface MergeConflict {
  /** Stable id to pass back in `resolutions`: `<area>:<itemId>[:<key>]`. */
  id: string;
  area: Collection | 'process' | 'scenario';
  itemId: string;
  key?: string;
  label: string;
  base?: unknown;
  process?: unknown;
  proposal?: unknown;
}

/** The result of `threeWayMerge`. */
export interface MergeResult {
  /** The merged document; unresolved conflicts take the process side until resolved. */
  merged: Process;
  /** Every conflict found (resolved or not). */
  conflicts: MergeConflict[];
  /** Conflicts with no resolution given; the merge is complete only when this is empty. */
  unresolved: MergeConflict[];
}

/** Per conflict id, the side that wins. */
export type Resolutions = Readonly<Record<string, Side>>;

type Pick3 = { value: unknown; conflict: boolean };

function pick3(base: unknown, ours: unknown, theirs: unknown): Pick3 {
  if (deepEqual(ours, base)) return { value: theirs, conflict: false };
  if (deepEqual(theirs, base) || deepEqual(ours, theirs)) return { value: ours, conflict: false };
  return { value: ours, conflict: true };
}

/**
 * Merges the process's changes and a proposal's changes since their common base revision.
 * Changes to different items or different properties of one item merge automatically; the same
 * property changed two ways, an item removed on one side and changed (or still used) on the
 * other, and two different reorderings of one list are conflicts. Nothing is dropped silently:
 * an unresolved conflict keeps the process's value and is listed in `unresolved`.
 * The result keeps the process's bookkeeping (`id`, `revision`, timestamps). Pure; symmetric in
 * its two sides whenever there are no conflicts.
 */
export function threeWayMerge(base: Process, process: Process, proposal: Process, resolutions: Resolutions = {}): MergeResult {
  const nb = normalize(base);
  const no = normalize(process);
  const nt = normalize(proposal);
  const conflicts: MergeConflict[] = [];
  const unresolved: MergeConflict[] = [];
  const decide = (c: MergeConflict): Side => {
    conflicts.push(c);
    const r = resolutions[c.id];
    if (r === undefined) unresolved.push(c);
    return r ?? 'process';
  };

  const mergeProps = (
    area: 'process' | 'scenario' | Collection,
    itemId: string,
    label: string,
    b: Record<string, unknown>,
    o: Record<string, unknown>,
    t: Record<string, unknown>,
    keys?: readonly string[],
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const all = keys ?? [...new Set([...Object.keys(b), ...Object.keys(o), ...Object.keys(t)])];
    for (const key of all) {
      const p = pick3(b[key], o[key], t[key]);
      let value = p.value;
      if (p.conflict) {
        const side = decide({
          id: `${area}:${itemId}${itemId ? ':' : ''}${key}`,
          area,
          itemId,
          key,
          label: `${label}: ${key}`,
          base: b[key],
          process: o[key],
          proposal: t[key],
        });
        value = side === 'process' ? o[key] : t[key];
      }
      if (value !== undefined) out[key] = value;
    }
    return out;
  };

  const props = mergeProps('process', '', 'process', nb.props, no.props, nt.props, PROCESS_KEYS) as Normal['props'];
  const scenario = mergeProps('scenario', '', 'scenario', nb.scenario, no.scenario, nt.scenario) as unknown as Normal['scenario'];

  const items = {} as Normal['items'];
  for (const c of COLLECTIONS) {
    const mb = nb.items[c] as Map<string, Record<string, unknown>>;
    const mo = no.items[c] as Map<string, Record<string, unknown>>;
    const mt = nt.items[c] as Map<string, Record<string, unknown>>;
    const ids = new Set([...mb.keys(), ...mo.keys(), ...mt.keys()]);
    const out = new Map<string, Record<string, unknown>>();
    for (const id of ids) {
      const b = mb.get(id);
      const o = mo.get(id);
      const t = mt.get(id);
      const anyItem = (o ?? t ?? b)!;
      const label = itemLabel(c, anyItem as never);
      if (o && t) {
        // Present on both sides (kept, or added by both): merge property by property.
        if (!b && !deepEqual(o, t)) {
          const side = decide({ id: `${c}:${id}`, area: c, itemId: id, label, process: o, proposal: t });
          out.set(id, side === 'process' ? o : t);
        } else out.set(id, mergeProps(c, id, label, b ?? {}, o, t));
        continue;
      }
      if (!b) {
        out.set(id, (o ?? t)!);
        continue;
      }
      // Removed on at least one side.
      const survivor = o ?? t;
      if (!survivor) continue;
      if (deepEqual(survivor, b)) continue; // untouched on the side that kept it: the removal wins
      const side = decide({ id: `${c}:${id}`, area: c, itemId: id, label, base: b, process: o, proposal: t });
      const chosen = side === 'process' ? o : t;
      if (chosen) out.set(id, chosen);
    }
    (items as unknown as Record<string, Map<string, unknown>>)[c] = out;
  }

  // A stage removed while the merged document still puts fields or transitions on it would lose
  // them (fields) or leave them dangling (transitions): that is a conflict over the stage too.
  for (const [id, b] of nb.items.stages) {
    if (items.stages.has(id)) continue;
    const users = [...items.fields.values()].filter((f) => f.stageId === id).length +
      [...items.transitions.values()].filter((t) => t.from === id || t.to === id).length;
    if (users === 0) continue;
    const keeper = no.items.stages.get(id) ? 'process' : nt.items.stages.get(id) ? 'proposal' : undefined;
    if (!keeper) continue;
    const conflictId = `stages:${id}`;
    if (conflicts.some((c) => c.id === conflictId)) continue;
    const side = decide({
      id: conflictId,
      area: 'stages',
      itemId: id,
      label: `${b.name} (removed on one side, still holds ${users} field(s) or transition(s))`,
      base: b,
      process: no.items.stages.get(id),
      proposal: nt.items.stages.get(id),
    });
    const kept = (side === 'process' ? no : nt).items.stages.get(id);
    if (kept) items.stages.set(id, kept);
    else {
      for (const [fid, f] of items.fields) if (f.stageId === id) items.fields.delete(fid);
      for (const [tid, t] of items.transitions) if (t.from === id || t.to === id) items.transitions.delete(tid);
    }
  }

  const order: Normal['order'] = { departments: [], stages: [], transitions: [], kpis: [], fields: new Map() };
  for (const c of ['departments', 'stages', 'transitions', 'kpis'] as const) {
    const keep = new Set(items[c].keys());
    order[c] = mergeOrder(c, '', nb.order[c], no.order[c], nt.order[c], keep, decide);
  }
  for (const stageId of order.stages) {
    const keep = new Set<string>();
    for (const [fid, f] of items.fields) if (f.stageId === stageId) keep.add(fid);
    order.fields.set(
      stageId,
      mergeOrder(
        'fields',
        stageId,
        nb.order.fields.get(stageId) ?? [],
        no.order.fields.get(stageId) ?? [],
        nt.order.fields.get(stageId) ?? [],
        keep,
        decide,
      ),
    );
  }

  return { merged: denormalize({ props, scenario, items, order }, process), conflicts, unresolved };
}

/** Relative order of `list`'s elements that are in `set`. */
function relative(list: readonly string[], set: ReadonlySet<string>): string[] {
  return list.filter((id) => set.has(id));
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Merges one list's order. The skeleton is the base items still present, in the order of the
 * side that reordered them (base order when neither did; a conflict when both did differently).
 * Each side's new arrivals go right after the skeleton item they followed on that side; arrivals
 * from both sides at one spot are ordered by id, so the result does not depend on which side is
 * which.
 */
function mergeOrder(
  area: Collection,
  scope: string,
  base: readonly string[],
  ours: readonly string[],
  theirs: readonly string[],
  keep: ReadonlySet<string>,
  decide: (c: MergeConflict) => Side,
): string[] {
  const inBase = new Set(base);
  const common = new Set(base.filter((id) => keep.has(id) && ours.includes(id) && theirs.includes(id)));
  const baseRel = relative(base, common);
  const oursRel = relative(ours, common);
  const theirsRel = relative(theirs, common);
  const oursMoved = !same(oursRel, baseRel);
  const theirsMoved = !same(theirsRel, baseRel);
  let skeletonSource: readonly string[] = base;
  if (oursMoved && theirsMoved && !same(oursRel, theirsRel)) {
    const side = decide({
      id: `${area}:${scope}${scope ? ':' : ''}order`,
      area,
      itemId: scope,
      key: 'order',
      label: scope ? `order of fields on ${scope}` : `order of ${area}`,
      base: baseRel,
      process: oursRel,
      proposal: theirsRel,
    });
    skeletonSource = side === 'process' ? ours : theirs;
  } else if (oursMoved) skeletonSource = ours;
  else if (theirsMoved) skeletonSource = theirs;

  const skeleton = skeletonSource.filter((id) => inBase.has(id) && keep.has(id));
  // Base items kept but missing from the skeleton's side (moved in from another list) are arrivals.
  const skeletonSet = new Set(skeleton);
  const chains = new Map<string, string[][]>(); // anchor ('' = start) → chains
  for (const side of [ours, theirs]) {
    let anchor = '';
    let chain: string[] = [];
    const flush = () => {
      if (chain.length === 0) return;
      const list = chains.get(anchor) ?? [];
      list.push(chain);
      chains.set(anchor, list);
      chain = [];
    };
    for (const id of side) {
      if (skeletonSet.has(id)) {
        flush();
        anchor = id;
      } else if (keep.has(id)) chain.push(id);
    }
    flush();
  }
  const placed = new Set<string>();
  const out: string[] = [];
  const emit = (anchor: string) => {
    const list = chains.get(anchor);
    if (!list) return;
    const sorted = [...list].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0));
    for (const chain of sorted) {
      for (const id of chain) {
        if (placed.has(id)) continue;
        placed.add(id);
        out.push(id);
      }
    }
  };
  emit('');
  for (const id of skeleton) {
    placed.add(id);
    out.push(id);
    emit(id);
  }
  // Anything kept but in no list (cannot normally happen) is appended rather than lost.
  for (const id of [...keep].sort()) if (!placed.has(id)) out.push(id);
  return out;
}
