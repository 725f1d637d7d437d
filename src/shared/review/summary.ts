import type { Process } from '../model/schema';
import { isEmptyDiff, type ItemChange, type ProcessDiff, type PropertyChange } from './diff';

/** Longest audit summary line, characters; the rest is counted as "and N more". */
export const SUMMARY_MAX = 240;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function pct(value: unknown): string {
  return typeof value === 'number' ? `${Math.round(value * 1000) / 10}%` : String(value);
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}…"` : `"${value}"`;
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}

function describeProps(changes: readonly PropertyChange[]): string {
  return changes.map((c) => `${c.key} ${show(c.before)} → ${show(c.after)}`).join(', ');
}

/**
 * The one-line audit summary of a diff, e.g. `removed 5 fields from Discovery; changed
 * Negotiation → Proposal to 20%`. Stage names come from the documents; parts are ordered by how
 * much a reviewer cares (fields, review decisions, transitions, stages, the rest).
 */
export function summarizeDiff(diff: ProcessDiff, before: Process, after: Process): string {
  if (isEmptyDiff(diff)) return 'no changes';
  const stageName = new Map<string, string>();
  for (const s of before.stages) stageName.set(s.id, s.name);
  for (const s of after.stages) stageName.set(s.id, s.name);
  const name = (id: string) => stageName.get(id) ?? id;
  const parts: string[] = [];

  // Fields: grouped per stage and kind; status changes read as review decisions.
  const perStage = new Map<string, { added: string[]; removed: string[]; changed: string[] }>();
  const bucket = (stageId: string) => {
    let b = perStage.get(stageId);
    if (!b) perStage.set(stageId, (b = { added: [], removed: [], changed: [] }));
    return b;
  };
  const decisions = new Map<string, string[]>();
  const movedFields: string[] = [];
  const changedKey = new Map<string, string>();
  for (const change of diff.fields) {
    if (change.kind === 'added') bucket(change.after.stageId).added.push(change.label);
    else if (change.kind === 'removed') bucket(change.before.stageId).removed.push(change.label);
    else if (change.kind === 'changed') {
      const status = change.changes.find((c) => c.key === 'status');
      const stageMove = change.changes.find((c) => c.key === 'stageId');
      const rest = change.changes.filter(
        (c) => c.key !== 'status' && c.key !== 'reviewLog' && c.key !== 'reviewBy' && c.key !== 'stageId',
      );
      if (status) {
        const verb = String(status.after);
        decisions.set(verb, [...(decisions.get(verb) ?? []), change.label]);
      }
      if (stageMove) movedFields.push(`${change.label} from ${name(String(stageMove.before))} to ${name(String(stageMove.after))}`);
      if (rest.length > 0 || (!status && !stageMove)) {
        const stageId = String(stageMove?.after ?? after.stages.find((s) => s.fields.some((f) => f.id === change.id))?.id ?? '');
        bucket(stageId).changed.push(change.label);
        if (rest.length === 1) changedKey.set(change.label, rest[0]!.key);
      }
    }
  }
  const list = (labels: string[]) => (labels.length === 1 ? `field "${labels[0]}"` : plural(labels.length, 'field'));
  for (const [stageId, b] of perStage) {
    if (b.removed.length) parts.push(`removed ${list(b.removed)} from ${name(stageId)}`);
    if (b.added.length) parts.push(`added ${list(b.added)} to ${name(stageId)}`);
    if (b.changed.length === 1 && changedKey.has(b.changed[0]!)) {
      parts.push(`changed ${changedKey.get(b.changed[0]!)} of "${b.changed[0]}" on ${name(stageId)}`);
    } else if (b.changed.length) parts.push(`changed ${list(b.changed)} on ${name(stageId)}`);
  }
  for (const m of movedFields) parts.push(`moved field "${m}"`);
  const verbs: Record<string, string> = { justified: 'justified', challenged: 'challenged', retired: 'retired', proposed: 'reinstated' };
  for (const [status, labels] of decisions) {
    parts.push(`${verbs[status] ?? `set to ${status}`} ${labels.length === 1 ? `"${labels[0]}"` : plural(labels.length, 'field')}`);
  }

  const transitionName = (from: unknown, to: unknown) => `${name(String(from))} → ${name(String(to))}`;
  for (const change of diff.transitions as ItemChange<'transitions'>[]) {
    if (change.kind === 'added') parts.push(`added ${transitionName(change.after.from, change.after.to)} (${pct(change.after.probability)})`);
    else if (change.kind === 'removed') parts.push(`removed ${transitionName(change.before.from, change.before.to)}`);
    else if (change.kind === 'changed') {
      const t = after.transitions.find((x) => x.id === change.id);
      const label = t ? transitionName(t.from, t.to) : change.label;
      const prob = change.changes.find((c) => c.key === 'probability');
      const rest = change.changes.filter((c) => c.key !== 'probability');
      if (prob) parts.push(`changed ${label} to ${pct(prob.after)}`);
      if (rest.length) parts.push(`changed ${label} (${describeProps(rest)})`);
    }
  }

  const movedStages = diff.stages.filter((c) => c.kind === 'moved').length;
  for (const change of diff.stages) {
    if (change.kind === 'added') parts.push(`added stage ${change.label}`);
    else if (change.kind === 'removed') parts.push(`removed stage ${change.label}`);
    else if (change.kind === 'changed') {
      const rename = change.changes.find((c) => c.key === 'name');
      const rest = change.changes.filter((c) => c.key !== 'name' && c.key !== 'position');
      if (rename) parts.push(`renamed stage ${show(rename.before)} to ${show(rename.after)}`);
      if (rest.length) parts.push(`changed stage ${change.label} (${describeProps(rest)})`);
    }
  }
  if (movedStages > 0) parts.push(`moved ${plural(movedStages, 'stage')} on the canvas`);
  if (diff.order.stages) parts.push('reordered stages');

  for (const [collection, noun] of [['departments', 'department'], ['kpis', 'KPI']] as const) {
    for (const change of diff[collection] as ItemChange[]) {
      if (change.kind === 'added') parts.push(`added ${noun} ${change.label}`);
      else if (change.kind === 'removed') parts.push(`removed ${noun} ${change.label}`);
      else if (change.kind === 'changed') parts.push(`changed ${noun} ${change.label} (${describeProps(change.changes)})`);
    }
  }
  if (diff.scenario.length) parts.push(`changed scenario (${describeProps(diff.scenario)})`);
  if (diff.process.length) parts.push(`changed process ${describeProps(diff.process)}`);
  const fieldOrder = Object.keys(diff.order.fields ?? {}).filter((id) => !perStage.has(id));
  if (fieldOrder.length) parts.push(`reordered fields on ${fieldOrder.map(name).join(', ')}`);
  if (parts.length === 0) parts.push('reordered items');

  let line = '';
  for (let i = 0; i < parts.length; i++) {
    const next = line === '' ? parts[i]! : `${line}; ${parts[i]}`;
    const rest = parts.length - i - 1;
    if (next.length > SUMMARY_MAX && line !== '') return `${line}; and ${plural(parts.length - i, 'more change')}`;
    line = next;
    if (rest === 0) break;
  }
  return line;
}
