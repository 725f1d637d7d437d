import { isTerminal } from '../../../../shared/model/rules';
import type { Process } from '../../../../shared/model/schema';

/**
 * The order a facilitator walks the stages in: from the start along the most likely exits
 * (breadth first, likelier exits first), stages no path reaches after, won then lost stages last.
 */
export function presentationOrder(doc: Process): string[] {
  const byId = new Map(doc.stages.map((stage) => [stage.id, stage]));
  const exits = new Map<string, Array<{ to: string; p: number }>>();
  for (const t of doc.transitions) {
    const list = exits.get(t.from) ?? [];
    list.push({ to: t.to, p: t.probability });
    exits.set(t.from, list);
  }
  const seen = new Set<string>();
  const order: string[] = [];
  const queue = doc.stages.filter((stage) => stage.kind === 'start').map((stage) => stage.id);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const stage = byId.get(id);
    if (!stage) continue;
    if (!isTerminal(stage)) order.push(id);
    for (const exit of [...(exits.get(id) ?? [])].sort((a, b) => b.p - a.p)) if (!seen.has(exit.to)) queue.push(exit.to);
  }
  for (const stage of doc.stages) if (!isTerminal(stage) && !order.includes(stage.id)) order.push(stage.id);
  for (const kind of ['won', 'lost'] as const) for (const stage of doc.stages) if (stage.kind === kind) order.push(stage.id);
  return order;
}

/** One hit of Find: a stage, or a field on a stage. */
export interface FindHit {
  kind: 'stage' | 'field';
  stageId: string;
  fieldId?: string;
  label: string;
  stageName: string;
}

/** Stages and fields whose name contains the query (case-insensitive); stages first, at most `limit`. */
export function findInProcess(doc: Process, query: string, limit = 30): FindHit[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const hits: FindHit[] = [];
  for (const stage of doc.stages) {
    if (stage.name.toLowerCase().includes(needle)) hits.push({ kind: 'stage', stageId: stage.id, label: stage.name, stageName: stage.name });
  }
  for (const stage of doc.stages) {
    for (const field of stage.fields) {
      if (field.label.toLowerCase().includes(needle)) {
        hits.push({ kind: 'field', stageId: stage.id, fieldId: field.id, label: field.label, stageName: stage.name });
      }
    }
  }
  return hits.slice(0, limit);
}
