import { isTerminal } from '../../../../shared/model/rules';
import type { Process } from '../../../../shared/model/schema';
import type { FitViewOptions } from '@xyflow/react';

type Padding = NonNullable<FitViewOptions['padding']>;

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

/** A box on screen, px (a `DOMRect`'s edges). */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Padding for zooming to the presented stage so it lies wholly in the canvas's largest free part
 * beside the caption — above it while the caption spans the bottom — with `margin` px around it.
 */
export function paddingClearOf(canvas: ScreenBox, caption: ScreenBox, margin = 24): Padding {
  const px = (value: number): `${number}px` => `${Math.max(margin, Math.ceil(value))}px`;
  const free = [
    { area: (canvas.right - canvas.left) * (caption.top - canvas.top), padding: { bottom: px(canvas.bottom - caption.top + margin) } },
    { area: (caption.left - canvas.left) * (canvas.bottom - canvas.top), padding: { right: px(canvas.right - caption.left + margin) } },
    { area: (canvas.right - caption.right) * (canvas.bottom - canvas.top), padding: { left: px(caption.right - canvas.left + margin) } },
  ].sort((a, b) => b.area - a.area)[0]!;
  return { top: px(margin), right: px(margin), bottom: px(margin), left: px(margin), ...free.padding };
}
