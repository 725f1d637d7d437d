import { describe, expect, it } from 'vitest';
import { routeEdges, type Box } from '../../../src/renderer/src/features/canvas/routing';

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
