import { describe, expect, it } from 'vitest';
import { bezierPoint, routeEdges, spreadDirectLabels, type Box } from '../../../src/renderer/src/features/canvas/routing';

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

  it('bezierPoint ends on the handles', () => {
    expect(bezierPoint(0, 0, 100, 50, 0)).toEqual({ x: 0, y: 0 });
    expect(bezierPoint(0, 0, 100, 50, 1)).toEqual({ x: 100, y: 50 });
  });
});
