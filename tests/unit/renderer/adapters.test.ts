import { describe, it, expect } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { ProcessSchema } from '../../../src/shared/model/schema';
import { applyLayout } from '../../../src/shared/model/commands';
import {
  MOVING_EDGE_CLASS,
  draggedPositions,
  markMovingEdges,
  routingSizes,
  sameSizes,
  toFlowEdges,
  toFlowNodes,
  type StageNode,
} from '../../../src/renderer/src/features/canvas/adapters';

const NOW = '2026-11-27T10:00:00.000Z';

describe('canvas adapters', () => {
  it('derive one node per stage and one edge per transition', () => {
    const doc = createSampleProcess(NOW);
    const nodes = toFlowNodes(doc, [], { heatByStage: null });
    const edges = toFlowEdges(doc, []);
    expect(nodes.map((node) => node.id)).toEqual(doc.stages.map((stage) => stage.id));
    expect(edges.map((edge) => [edge.source, edge.target])).toEqual(doc.transitions.map((t) => [t.from, t.to]));
  });

  it('never write view state into the document', () => {
    const doc = createSampleProcess(NOW);
    const first = toFlowNodes(doc, [], { heatByStage: null });
    // The user selects and drags a node; React Flow measures it.
    const viewed: StageNode[] = first.map((node, index) =>
      index === 1
        ? { ...node, selected: true, dragging: false, measured: { width: 220, height: 130 }, position: { x: 999.6, y: 12.2 } }
        : node,
    );
    const moved = applyLayout(doc, draggedPositions(viewed, [viewed[1]!.id]));
    const json = JSON.stringify(moved);
    for (const key of ['"selected"', '"dragging"', '"measured"', '"data"', '"type":"stage"']) {
      expect(json).not.toContain(key);
    }
    expect(moved.stages[1]!.position).toEqual({ x: 1000, y: 12 });
    expect(ProcessSchema.safeParse(moved).success).toBe(true);
  });

  it('carry selection and measured size over to rebuilt nodes', () => {
    const doc = createSampleProcess(NOW);
    const first = toFlowNodes(doc, [], { heatByStage: null });
    const viewed = first.map((node) => ({ ...node, selected: true, measured: { width: 220, height: 100 } }));
    const again = toFlowNodes(doc, viewed, { heatByStage: null });
    expect(again.every((node) => node.selected && node.measured?.width === 220)).toBe(true);
  });

  it('keep the identity of unchanged nodes so memoised nodes skip rendering', () => {
    const doc = createSampleProcess(NOW);
    const first = toFlowNodes(doc, [], { heatByStage: null });
    const target = doc.stages[2]!;
    const renamed = { ...doc, stages: doc.stages.map((stage) => (stage.id === target.id ? { ...stage, name: 'Renamed' } : stage)) };
    const second = toFlowNodes(renamed, first, { heatByStage: null });
    second.forEach((node, index) => {
      if (node.id === target.id) expect(node).not.toBe(first[index]);
      else expect(node).toBe(first[index]);
    });
  });

  it('scale the heat view to the busiest stage', () => {
    const doc = createSampleProcess(NOW);
    const heat = new Map(doc.stages.map((stage, index) => [stage.id, index]));
    const nodes = toFlowNodes(doc, [], { heatByStage: heat });
    const values = nodes.map((node) => node.data.heat);
    expect(Math.max(...(values as number[]))).toBe(1);
    expect(values[0]).toBe(0);
  });

  it('put drop-vote heat on an absolute scale and leave stages without votes uncoloured', () => {
    const doc = createSampleProcess(NOW);
    const [voted, unvoted] = doc.stages as [(typeof doc.stages)[0], (typeof doc.stages)[0]];
    const nodes = toFlowNodes(doc, [], { heatByStage: new Map([[voted.id, 0.25]]), heatMax: 1, heatLabel: 'drop votes' });
    const byId = new Map(nodes.map((node) => [node.id, node.data]));
    expect(byId.get(voted.id)?.heat).toBe(0.25);
    expect(byId.get(voted.id)?.heatLabel).toBe('drop votes');
    expect(byId.get(unvoted.id)?.heat).toBeNull();
  });

  it('mark the edges touching a dragged stage, and only those, for the length of the drag', () => {
    const doc = createSampleProcess(NOW);
    const edges = toFlowEdges(doc, []);
    const dragged = doc.stages[2]!.id;
    const touching = (edge: { source: string; target: string }): boolean => edge.source === dragged || edge.target === dragged;

    const during = markMovingEdges(edges, new Set([dragged]));
    expect(during.filter((edge) => edge.className === MOVING_EDGE_CLASS).map((edge) => edge.id)).toEqual(
      edges.filter(touching).map((edge) => edge.id),
    );
    during.forEach((edge, index) => {
      if (!touching(edge)) expect(edge).toBe(edges[index]);
    });
    expect(markMovingEdges(during, new Set([dragged]))).toBe(during);

    const after = markMovingEdges(during, new Set());
    expect(after.some((edge) => 'className' in edge)).toBe(false);
  });
});

describe('routingSizes: the card sizes edges are routed around', () => {
  const node = (id: string, width: number, height: number, selected = false) => ({ id, selected, measured: { width, height } });

  it('is null while no card is measured, so nothing is routed that React Flow would not draw', () => {
    expect(routingSizes([{ id: 'a', selected: false, measured: undefined }], new Map(), false)).toBeNull();
  });

  it('keeps the routed size of a card selected while zoomed out, which is drawn in full over its neighbours', () => {
    const routed = routingSizes([node('a', 60, 30), node('b', 60, 30)], new Map(), true)!;
    const afterClick = routingSizes([node('a', 220, 170, true), node('b', 60, 30)], routed, true)!;
    expect(afterClick.get('a')).toEqual({ width: 60, height: 30 });
    expect(sameSizes(afterClick, routed)).toBe(true);
  });

  it('takes the measured size of a selected card at a readable zoom, where its size is its own', () => {
    const routed = routingSizes([node('a', 220, 170)], new Map(), false)!;
    const grown = routingSizes([node('a', 220, 210, true)], routed, false)!;
    expect(grown.get('a')).toEqual({ width: 220, height: 210 });
    expect(sameSizes(grown, routed)).toBe(false);
  });

  it('sameSizes tells a new or resized card from none', () => {
    const one = new Map([['a', { width: 1, height: 2 }]]);
    expect(sameSizes(one, new Map([['a', { width: 1, height: 2 }]]))).toBe(true);
    expect(sameSizes(one, new Map([['a', { width: 1, height: 3 }]]))).toBe(false);
    expect(sameSizes(one, new Map([['b', { width: 1, height: 2 }]]))).toBe(false);
    expect(sameSizes(one, new Map())).toBe(false);
  });
});
