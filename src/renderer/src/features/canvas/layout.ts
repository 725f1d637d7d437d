import ELK from 'elkjs/lib/elk.bundled.js';
import type { Position, Process } from '../../../../shared/model/schema';

const elk = new ELK();

/** Default node size when a stage has not been measured yet, px. */
const DEFAULT_SIZE = { width: 220, height: 170 };

/**
 * Left-to-right layered layout with ELK. Loops (edges pointing back) are reversed by ELK's cycle
 * breaking so the main flow reads left to right and loops come back underneath.
 */
export async function layoutProcess(
  doc: Process,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Record<string, Position>> {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '60',
      // The same 50 px gap as the sample: edges that skip a column run on lanes around the cards
      // (routing.ts), so columns need room only for a percentage label.
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
      'elk.layered.nodePlacement.favorStraightEdges': 'true',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'SPLINES',
    },
    children: doc.stages.map((stage) => ({
      id: stage.id,
      ...(sizes.get(stage.id) ?? DEFAULT_SIZE),
      // Outcomes close the process: always in the last column.
      ...(stage.kind === 'won' || stage.kind === 'lost' ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } } : {}),
    })),
    edges: doc.transitions.map((transition) => ({
      id: transition.id,
      sources: [transition.from],
      targets: [transition.to],
    })),
  };
  const result = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) {
    positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  }
  return separateOutcomes(doc, positions, sizes);
}

/**
 * Edges are drawn straight from handle to handle, not along ELK's routes, so an outcome level
 * with the working stages gets lines drawn through them. Won stages go above the working
 * stages and lost stages below, in the last column, so those lines fan out clear of the rest.
 */
export function separateOutcomes(
  doc: Process,
  positions: Record<string, Position>,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Record<string, Position> {
  const working = doc.stages.filter((stage) => stage.kind !== 'won' && stage.kind !== 'lost' && positions[stage.id]);
  if (working.length === 0) return positions;
  const heightOf = (id: string): number => (sizes.get(id) ?? DEFAULT_SIZE).height;
  const top = Math.min(...working.map((stage) => positions[stage.id]!.y));
  const bottom = Math.max(...working.map((stage) => positions[stage.id]!.y + heightOf(stage.id)));
  const right = Math.max(...doc.stages.filter((stage) => positions[stage.id]).map((stage) => positions[stage.id]!.x));
  const next = { ...positions };
  const place = (kind: 'won' | 'lost', startY: number, direction: 1 | -1): void => {
    let y = startY;
    for (const stage of doc.stages.filter((candidate) => candidate.kind === kind && positions[candidate.id])) {
      if (direction === -1) y -= heightOf(stage.id);
      next[stage.id] = { x: right, y: Math.round(y) };
      y += direction * (heightOf(stage.id) + OUTCOME_GAP);
      if (direction === -1) y += heightOf(stage.id);
    }
  };
  place('won', top - OUTCOME_GAP, -1);
  place('lost', bottom + OUTCOME_GAP, 1);
  return next;
}

/** Vertical gap between the working stages and the outcomes, px. */
const OUTCOME_GAP = 60;
