import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HANDLE_Y,
  LANE_GAP,
  LANE_STEP,
  STUB,
  bezierPoint,
  firstFreeLane,
  routeEdges,
  spreadDirectLabels,
  type Box,
  type Route,
} from '../../../src/renderer/src/features/canvas/routing';
import { createGeneratedProcess } from '../../../src/shared/model/generate';

const card = (x: number, y = 200): Box => ({ x, y, width: 220, height: 170 });
const boxes = new Map<string, Box>([
  ['a', card(0)],
  ['b', card(270)],
  ['c', card(540)],
  ['won', { x: 810, y: 20, width: 220, height: 120 }],
  ['lost', { x: 810, y: 470, width: 220, height: 120 }],
]);

describe('edge routes around the cards', () => {
  it('draws neighbours directly', () => {
    expect(routeEdges([{ id: 't', from: 'a', to: 'b' }], boxes).get('t')).toEqual({ kind: 'direct' });
  });

  it('sends an edge that would cross a card along a lane below the cards it passes', () => {
    const route = routeEdges([{ id: 't', from: 'a', to: 'lost' }], boxes).get('t');
    expect(route).toMatchObject({ kind: 'lane', side: 'below' });
    if (route?.kind === 'lane') expect(route.laneY).toBeGreaterThan(370);
  });

  it('sends a loop back under both its ends', () => {
    const route = routeEdges([{ id: 't', from: 'c', to: 'a' }], boxes).get('t');
    expect(route).toMatchObject({ kind: 'lane', side: 'below' });
  });

  it('gives overlapping routes different lanes', () => {
    const routes = routeEdges(
      [
        { id: 'x', from: 'c', to: 'a' },
        { id: 'y', from: 'b', to: 'a' },
        { id: 'z', from: 'a', to: 'lost' },
      ],
      boxes,
    );
    const ys = ['x', 'y', 'z'].map((id) => {
      const r = routes.get(id);
      return r?.kind === 'lane' ? r.laneY : NaN;
    });
    expect(new Set(ys).size).toBe(3);
  });

  it('routes a jump up to a won stage above the cards', () => {
    expect(routeEdges([{ id: 't', from: 'a', to: 'won' }], boxes).get('t')).toMatchObject({ kind: 'lane', side: 'above' });
  });

  it('finds the same free lane as trying each lane in turn', () => {
    const tryEachLane = (base: number, direction: 1 | -1, used: number[]): number => {
      let y = base;
      while (used.some((other) => Math.abs(other - y) < LANE_STEP / 2)) y += direction * LANE_STEP;
      return y;
    };
    const height = fc.double({ min: -2000, max: 2000, noNaN: true });
    fc.assert(
      fc.property(height, fc.constantFrom(1 as const, -1 as const), fc.array(height, { maxLength: 60 }), (base, direction, used) => {
        // Lanes stacked from the same base, as routes to one far stage are.
        const stacked = [...used, ...used.slice(0, 20).map((_, index) => base + direction * index * LANE_STEP)];
        expect(firstFreeLane(base, direction, stacked)).toBe(tryEachLane(base, direction, stacked));
      }),
      { numRuns: 500 },
    );
  });

  it('routes exactly as the plain every-card, every-lane definition does', () => {
    // On a coarse grid, so that cards touching a span or each other (the boundary cases) are common.
    const grid = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max }).map((value) => value * 10);
    const arbitraryBox = fc.record({ x: grid(0, 200), y: grid(0, 80), width: grid(5, 30), height: grid(4, 20) });
    const graph = fc.array(arbitraryBox, { minLength: 2, maxLength: 24 }).chain((cards) =>
      fc.tuple(fc.constant(cards), fc.array(fc.tuple(fc.nat(cards.length - 1), fc.nat(cards.length - 1)), { maxLength: 60 })),
    );
    fc.assert(
      fc.property(graph, ([cards, pairs]) => {
        const cardBoxes = new Map(cards.map((box, index) => [`s${index}`, box]));
        const edges = pairs.map(([from, to], index) => ({ id: `t${index}`, from: `s${from}`, to: `s${to}` }));
        expect([...routeEdges(edges, cardBoxes)]).toEqual([...definedRoutes(edges, cardBoxes)]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps overlapping lane routes on one side apart on the 300-stage bench process', () => {
    const doc = createGeneratedProcess({ stages: 300, fields: 0, seed: 7 });
    const cardBoxes = new Map(doc.stages.map((stage) => [stage.id, { ...stage.position, width: 220, height: 170 }]));
    const routes = routeEdges(doc.transitions, cardBoxes);
    const lanes = doc.transitions.flatMap((transition) => {
      const route = routes.get(transition.id);
      const from = cardBoxes.get(transition.from)!;
      const to = cardBoxes.get(transition.to)!;
      if (route?.kind !== 'lane') return [];
      return [{ side: route.side, lo: Math.min(from.x + from.width, to.x), hi: Math.max(from.x + from.width, to.x), y: route.laneY }];
    });
    expect(lanes.length).toBeGreaterThan(250);
    const tooClose = lanes.flatMap((lane, index) =>
      lanes
        .slice(index + 1)
        .filter((other) => other.side === lane.side && other.lo < lane.hi && other.hi > lane.lo && Math.abs(other.y - lane.y) < LANE_STEP / 2),
    );
    expect(tooClose).toEqual([]);
  });
});

describe('spreadDirectLabels', () => {
  // Two arrows crossing in one gap: New lead → Lost (down) and Demo → Won (up), as a room builds them.
  const crossing = new Map<string, Box>([
    ['lead', { x: 0, y: 200, width: 230, height: 150 }],
    ['demo', { x: 10, y: 420, width: 230, height: 80 }],
    ['won', { x: 350, y: 150, width: 230, height: 100 }],
    ['lost', { x: 350, y: 380, width: 230, height: 100 }],
  ]);
  const edges = [
    { id: 'lead-lost', from: 'lead', to: 'lost' },
    { id: 'demo-won', from: 'demo', to: 'won' },
  ];

  it('moves crossing labels apart along their own curves', () => {
    const spots = spreadDirectLabels(edges, crossing);
    const at = (id: string, from: string, to: string) => {
      const a = crossing.get(from)!;
      const b = crossing.get(to)!;
      return bezierPoint(a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2, spots.get(id) ?? 0.5);
    };
    const p = at('lead-lost', 'lead', 'lost');
    const q = at('demo-won', 'demo', 'won');
    expect(spots.size).toBe(2);
    expect(Math.abs(p.x - q.x) >= 48 || Math.abs(p.y - q.y) >= 24).toBe(true);
    for (const t of spots.values()) expect(t).toBeGreaterThanOrEqual(0.3), expect(t).toBeLessThanOrEqual(0.7);
  });

  it('leaves labels that do not collide in the middle', () => {
    expect(spreadDirectLabels([{ id: 'ab', from: 'a', to: 'b' }, { id: 'bc', from: 'b', to: 'c' }], boxes).size).toBe(0);
  });

  it('spreads exactly as comparing every label with every other does', () => {
    const grid = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max }).map((value) => value * 10);
    const arbitraryBox = fc.record({ x: grid(0, 60), y: grid(0, 40), width: grid(5, 25), height: grid(4, 15) });
    const graph = fc.array(arbitraryBox, { minLength: 2, maxLength: 20 }).chain((cards) =>
      fc.tuple(fc.constant(cards), fc.array(fc.tuple(fc.nat(cards.length - 1), fc.nat(cards.length - 1)), { maxLength: 60 })),
    );
    fc.assert(
      fc.property(graph, ([cards, pairs]) => {
        const cardBoxes = new Map(cards.map((box, index) => [`s${index}`, box]));
        const edges = pairs.map(([from, to], index) => ({ id: `t${index}`, from: `s${from}`, to: `s${to}` }));
        expect([...spreadDirectLabels(edges, cardBoxes)]).toEqual([...definedLabelSpots(edges, cardBoxes)]);
      }),
      { numRuns: 300 },
    );
  });

  it('bezierPoint ends on the handles', () => {
    expect(bezierPoint(0, 0, 100, 50, 0)).toEqual({ x: 0, y: 0 });
    expect(bezierPoint(0, 0, 100, 50, 1)).toEqual({ x: 100, y: 50 });
  });
});

/**
 * The routing rule written out plainly (every card checked for every edge, every lane tried in
 * turn): the specification `routeEdges` must match while it looks only at nearby cards and
 * sweeps the lanes once.
 */
function definedRoutes(edges: ReadonlyArray<{ id: string; from: string; to: string }>, cardBoxes: ReadonlyMap<string, Box>): Map<string, Route> {
  const routes = new Map<string, Route>();
  const all = [...cardBoxes.entries()];
  const pending: Array<{ id: string; side: 'above' | 'below'; lo: number; hi: number; base: number }> = [];
  for (const edge of edges) {
    const source = cardBoxes.get(edge.from);
    const target = cardBoxes.get(edge.to);
    if (!source || !target) continue;
    if (edge.from === edge.to) {
      routes.set(edge.id, { kind: 'self' });
      continue;
    }
    const sx = source.x + source.width;
    const sy = source.y + Math.min(HANDLE_Y, source.height / 2);
    const tx = target.x;
    const ty = target.y + Math.min(HANDLE_Y, target.height / 2);
    const forward = tx > sx;
    const crosses = ([id, box]: [string, Box], lo: number, hi: number): boolean => id !== edge.from && id !== edge.to && box.x < hi && box.x + box.width > lo;
    if (forward && !all.some((entry) => crosses(entry, sx, tx) && entry[1].y < Math.max(sy, ty) + 12 && entry[1].y + entry[1].height > Math.min(sy, ty) - 12)) {
      routes.set(edge.id, { kind: 'direct' });
      continue;
    }
    const lo = Math.min(sx, tx) - STUB;
    const hi = Math.max(sx, tx) + STUB;
    const inRange = all.filter(([id, box]) => (forward ? crosses([id, box], lo, hi) : box.x < hi && box.x + box.width > lo));
    const side = forward && ty < source.y ? 'above' : 'below';
    const base =
      side === 'above'
        ? Math.min(source.y, ...inRange.filter(([id]) => id !== edge.to).map(([, box]) => box.y)) - LANE_GAP
        : Math.max(source.y + source.height, ...inRange.map(([, box]) => box.y + box.height)) + LANE_GAP;
    pending.push({ id: edge.id, side, lo, hi, base });
  }
  pending.sort((a, b) => a.hi - a.lo - (b.hi - b.lo));
  const taken: Array<{ side: 'above' | 'below'; lo: number; hi: number; y: number }> = [];
  for (const item of pending) {
    let y = item.base;
    while (taken.some((other) => other.side === item.side && other.lo < item.hi && other.hi > item.lo && Math.abs(other.y - y) < LANE_STEP / 2)) {
      y += item.side === 'above' ? -LANE_STEP : LANE_STEP;
    }
    taken.push({ side: item.side, lo: item.lo, hi: item.hi, y });
    routes.set(item.id, { kind: 'lane', side: item.side, laneY: y });
  }
  return routes;
}

/** Label spreading written out plainly (every label against every other): what `spreadDirectLabels` must match. */
function definedLabelSpots(edges: ReadonlyArray<{ id: string; from: string; to: string }>, cardBoxes: ReadonlyMap<string, Box>): Map<string, number> {
  const spots = new Map<string, number>();
  const ends = edges.flatMap((edge) => {
    const a = cardBoxes.get(edge.from);
    const b = cardBoxes.get(edge.to);
    if (!a || !b) return [];
    const [sx, sy, tx, ty] = [a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2];
    return [{ id: edge.id, sx, sy, tx, ty, mid: bezierPoint(sx, sy, tx, ty, 0.5) }];
  });
  const grouped = new Set<string>();
  for (const edge of ends) {
    if (grouped.has(edge.id)) continue;
    const group = ends.filter(
      (other) => !grouped.has(other.id) && Math.abs(other.mid.x - edge.mid.x) < 48 && Math.abs(other.mid.y - edge.mid.y) < 24,
    );
    if (group.length < 2) continue;
    group.sort((p, q) => p.sy - q.sy || p.ty - q.ty);
    const step = Math.min(0.2, 0.4 / (group.length - 1));
    group.forEach((member, index) => {
      grouped.add(member.id);
      spots.set(member.id, 0.5 + (index - (group.length - 1) / 2) * step);
    });
  }
  return spots;
}
