import type { Edge, Node } from '@xyflow/react';
import type { Position, Process, StageKind } from '../../../../shared/model/schema';
import { exitSums, stageMetrics } from '../../../../shared/model/metrics';
import type { StageFlowFacts } from '../../../../shared/model/adminTime';
import { routeEdges, spreadDirectLabels, type Box, type Route } from './routing';

/** Plain data a stage node renders; derived from the document, never written back. */
export interface StageNodeData extends Record<string, unknown> {
  name: string;
  kind: StageKind;
  fieldCount: number;
  requiredCount: number;
  /** Admin minutes the first visit costs (`stageAdminTime`). */
  adminMinutes: number;
  /** Admin minutes per deal, when the engine could run; null otherwise. */
  adminMinutesPerDeal: number | null;
  commissionBlockingCount: number;
  weeklyCount: number;
  /** Flagged fields plus review concerns (see `openConcerns` in shared/model/rules). */
  concernCount: number;
  /** Open challenges on the stage's fields (part of `concernCount`). */
  challengeCount: number;
  /** Open comment threads on the stage and its fields. */
  commentCount: number;
  chips: ReadonlyArray<{ id: string; name: string; color: string }>;
  exitSum: number | null;
  exitSumOff: boolean;
  overBudget: boolean;
  budget: number | null;
  /** 0..1 share of the busiest stage's admin minutes (or of `heatMax`), when the heat view is on. */
  heat: number | null;
  /** What the heat measures, in a word or two, before its band on the card. */
  heatLabel: string;
}

export type StageNode = Node<StageNodeData, 'stage'>;

export interface TransitionEdgeData extends Record<string, unknown> {
  probability: number;
  label: string;
  /** The edge points back to a stage further left: drawn as a loop under the nodes. */
  backward: boolean;
  /** How the edge is drawn around the cards (`routing.ts`). */
  route: Route;
  /** Where along a direct curve (0..1) the label sits, when another label would cover it at 0.5. */
  labelAt?: number;
}

/** Card size before React Flow has measured it, flow px (working stages / won and lost). */
export const DEFAULT_CARD = { width: 220, height: 170 };
export const DEFAULT_OUTCOME_CARD = { width: 220, height: 120 };

export type TransitionEdge = Edge<TransitionEdgeData, 'transition'>;

/** View-only inputs to the adapters. */
export interface NodeView {
  /** Per-stage heat source (e.g. expected admin minutes per opportunity); null hides the heat view. */
  heatByStage: ReadonlyMap<string, number> | null;
  /** Heat is the value over this (absolute shares, e.g. 1 for drop votes); absent: over the busiest stage's. */
  heatMax?: number;
  /** The word before the heat band on a card (default "heat"). */
  heatLabel?: string;
  /** Visits and reach per stage from the expected-value engine; null while it cannot run. */
  flows?: ReadonlyMap<string, StageFlowFacts> | null;
  /** Open challenges per field id (1 while a field's challenge is unanswered), from the review data. */
  challenges?: ReadonlySet<string>;
  /** Open comment threads per stage id (on the stage or any of its fields). */
  commentsByStage?: ReadonlyMap<string, number>;
}

/**
 * Builds React Flow nodes from the document. View state of existing nodes (selection, measured
 * size, an in-progress drag position) is carried over from `previous`; a node whose data and
 * view state are unchanged keeps its object identity so memoised nodes do not re-render.
 */
export function toFlowNodes(doc: Process, previous: ReadonlyArray<StageNode>, view: NodeView): StageNode[] {
  const prevById = new Map(previous.map((node) => [node.id, node]));
  const departments = new Map(doc.departments.map((department) => [department.id, department]));
  const sums = exitSums(doc);
  let maxHeat = 0;
  if (view.heatByStage) for (const value of view.heatByStage.values()) maxHeat = Math.max(maxHeat, value);
  if (view.heatMax !== undefined) maxHeat = view.heatMax;

  return doc.stages.map((stage) => {
    const flow = view.flows?.get(stage.id);
    const metrics = stageMetrics(stage, {
      exitSum: sums.get(stage.id) ?? 0,
      defaultFillRate: doc.scenario.defaultFillRate,
      ...(flow ? { flow } : {}),
      ...(view.challenges ? { extraConcerns: (fieldId: string) => (view.challenges?.has(fieldId) ? 1 : 0) } : {}),
    });
    const heatValue = view.heatByStage?.get(stage.id);
    const data: StageNodeData = {
      name: stage.name,
      kind: stage.kind,
      fieldCount: metrics.activeFieldCount,
      requiredCount: metrics.requiredCount,
      adminMinutes: metrics.adminMinutesPerVisit,
      adminMinutesPerDeal: metrics.adminMinutesPerDeal,
      commissionBlockingCount: metrics.commissionBlockingCount,
      weeklyCount: metrics.weeklyCount,
      concernCount: metrics.openConcernCount,
      challengeCount: view.challenges ? stage.fields.filter((field) => field.status !== 'retired' && view.challenges?.has(field.id)).length : 0,
      commentCount: view.commentsByStage?.get(stage.id) ?? 0,
      chips: metrics.requesterIds.map((id) => {
        const department = departments.get(id);
        return { id, name: department?.name ?? id, color: department?.color ?? '#888888' };
      }),
      exitSum: metrics.exitSum,
      exitSumOff: metrics.exitSumOff,
      overBudget: metrics.overBudget,
      budget: stage.adminBudgetMinutes ?? null,
      // On an absolute scale (drop votes) a stage without a value has nothing to show: no heat.
      heat: !view.heatByStage || (view.heatMax !== undefined && heatValue === undefined) ? null : maxHeat > 0 && heatValue !== undefined ? Math.min(1, heatValue / maxHeat) : 0,
      heatLabel: view.heatLabel ?? 'heat',
    };
    const prev = prevById.get(stage.id);
    const position = prev?.dragging ? prev.position : stage.position;
    if (prev && samePosition(prev.position, position) && shallowEqualData(prev.data, data)) return prev;
    return {
      id: stage.id,
      type: 'stage',
      position: { x: position.x, y: position.y },
      data,
      selected: prev?.selected,
      measured: prev?.measured,
      dragging: prev?.dragging,
      ariaLabel: `Stage ${stage.name}`,
    };
  });
}

/** Builds React Flow edges from the document's transitions. */
export function toFlowEdges(
  doc: Process,
  previous: ReadonlyArray<TransitionEdge>,
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): TransitionEdge[] {
  const prevById = new Map(previous.map((edge) => [edge.id, edge]));
  const positions = new Map(doc.stages.map((stage) => [stage.id, stage.position]));
  const boxes = new Map<string, Box>(
    doc.stages.map((stage) => {
      const size = sizes.get(stage.id) ?? (stage.kind === 'won' || stage.kind === 'lost' ? DEFAULT_OUTCOME_CARD : DEFAULT_CARD);
      return [stage.id, { x: stage.position.x, y: stage.position.y, width: size.width, height: size.height }];
    }),
  );
  const routes = routeEdges(doc.transitions, boxes);
  const labelSpots = spreadDirectLabels(
    doc.transitions.filter((transition) => (routes.get(transition.id) ?? { kind: 'direct' }).kind === 'direct'),
    boxes,
  );
  return doc.transitions.map((transition) => {
    const from = positions.get(transition.from);
    const to = positions.get(transition.to);
    const data: TransitionEdgeData = {
      probability: transition.probability,
      label: transition.label,
      backward: from !== undefined && to !== undefined && to.x < from.x,
      route: routes.get(transition.id) ?? { kind: 'direct' },
      ...(labelSpots.has(transition.id) ? { labelAt: labelSpots.get(transition.id) } : {}),
    };
    const prev = prevById.get(transition.id);
    if (prev && prev.source === transition.from && prev.target === transition.to && shallowEqualData(prev.data ?? {}, data)) {
      return prev;
    }
    return {
      id: transition.id,
      type: 'transition',
      source: transition.from,
      target: transition.to,
      data,
      selected: prev?.selected,
      ariaLabel: `Transition ${Math.round(transition.probability * 100)}%`,
    };
  });
}

/** Card sizes by stage id, flow px. */
export type CardSizes = ReadonlyMap<string, { width: number; height: number }>;

/**
 * The card sizes edges are routed around: each measured card's own, except that a card selected
 * while zoomed out keeps the size it was last routed with (`previous`). Zoomed out, a selected
 * card is drawn in full over its compact neighbours (StageNode); re-routing every edge for it cost
 * a click ~60 ms on 300 stages and moved edges that have nothing to do with it. Null while no card
 * is measured (just opened, or the canvas hidden): React Flow draws no edge before its ends are
 * measured, so routing then would be thrown away a frame later.
 */
export function routingSizes(
  nodes: ReadonlyArray<Pick<StageNode, 'id' | 'selected' | 'measured'>>,
  previous: CardSizes,
  zoomedOut: boolean,
): CardSizes | null {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of nodes) {
    const width = node.measured?.width;
    const height = node.measured?.height;
    if (!width || !height) continue;
    const kept = zoomedOut && node.selected ? previous.get(node.id) : undefined;
    sizes.set(node.id, kept ?? { width, height });
  }
  return sizes.size > 0 ? sizes : null;
}

/** The same cards with the same sizes. */
export function sameSizes(a: CardSizes, b: CardSizes): boolean {
  if (a.size !== b.size) return false;
  for (const [id, size] of a) {
    const other = b.get(id);
    if (!other || other.width !== size.width || other.height !== size.height) return false;
  }
  return true;
}

/**
 * Class of an edge whose source or target is being dragged. Such an edge is redrawn on every drag
 * step; styles.css gives it its own compositing layer so that redrawing it does not repaint the
 * cards and edges underneath (on a 300-stage process seen whole, an edge to Lost spans the
 * canvas, and repainting all of it each step was most of the frame — bench/canvas.ts).
 */
export const MOVING_EDGE_CLASS = 'edge-moving';

/**
 * Marks the edges that touch a dragged node with `MOVING_EDGE_CLASS` and unmarks the rest. Only
 * edges whose mark changes get a new object; with no change at all, `edges` itself is returned.
 */
export function markMovingEdges(edges: TransitionEdge[], draggingIds: ReadonlySet<string>): TransitionEdge[] {
  let changed = false;
  const next = edges.map((edge) => {
    const moving = draggingIds.has(edge.source) || draggingIds.has(edge.target);
    if ((edge.className === MOVING_EDGE_CLASS) === moving) return edge;
    changed = true;
    const { className: _, ...rest } = edge;
    return moving ? { ...rest, className: MOVING_EDGE_CLASS } : rest;
  });
  return changed ? next : edges;
}

/** Document positions for the nodes a drag moved: the only thing a drag writes back. */
export function draggedPositions(nodes: ReadonlyArray<StageNode>, ids: ReadonlyArray<string>): Record<string, Position> {
  const wanted = new Set(ids);
  const positions: Record<string, Position> = {};
  for (const node of nodes) {
    if (wanted.has(node.id)) positions[node.id] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  }
  return positions;
}

function samePosition(a: Position, b: Position): boolean {
  return a.x === b.x && a.y === b.y;
}

function shallowEqualData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) {
    const left = a[key];
    const right = b[key];
    if (left === right) continue;
    if ((Array.isArray(left) && Array.isArray(right)) || (isPlainObject(left) && isPlainObject(right))) {
      if (JSON.stringify(left) !== JSON.stringify(right)) return false;
      continue;
    }
    return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
