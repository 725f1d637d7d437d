import ELK from 'elkjs/lib/elk.bundled.js';
import type { Position, Process } from '../../../../shared/model/schema';

const elk = new ELK();

/** Default node size when a stage has not been measured yet, px. */
const DEFAULT_SIZE = { width: 220, height: 120 };

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
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'SPLINES',
    },
    children: doc.stages.map((stage) => ({ id: stage.id, ...(sizes.get(stage.id) ?? DEFAULT_SIZE) })),
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
  return positions;
}
