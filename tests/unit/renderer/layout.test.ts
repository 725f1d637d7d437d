import { describe, it, expect } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { layoutProcess, separateOutcomes } from '../../../src/renderer/src/features/canvas/layout';

const doc = createSampleProcess('2026-11-27T09:00:00.000Z');
const noSizes = new Map<string, { width: number; height: number }>();

describe('automatic layout', () => {
  it('puts won above and lost below the working stages, in the last column', () => {
    const flat = Object.fromEntries(doc.stages.map((stage, index) => [stage.id, { x: index * 300, y: 0 }]));
    const placed = separateOutcomes(doc, flat, noSizes);
    const working = doc.stages.filter((stage) => stage.kind === 'start' || stage.kind === 'stage');
    const top = Math.min(...working.map((stage) => placed[stage.id]!.y));
    const bottom = Math.max(...working.map((stage) => placed[stage.id]!.y));
    const right = Math.max(...Object.values(flat).map((position) => position.x));
    expect(placed['closed-won']!.y).toBeLessThan(top);
    expect(placed['closed-lost']!.y).toBeGreaterThan(bottom);
    expect(placed['closed-won']!.x).toBe(right);
    expect(placed['closed-lost']!.x).toBe(right);
  });

  it('lays the sample out left to right with ELK, every stage placed', async () => {
    const positions = await layoutProcess(doc, noSizes);
    expect(Object.keys(positions).sort()).toEqual(doc.stages.map((stage) => stage.id).sort());
    const x = (id: string): number => positions[id]!.x;
    expect(x('lead')).toBeLessThan(x('qualified'));
    expect(x('qualified')).toBeLessThan(x('discovery'));
    expect(x('proposal')).toBeLessThan(x('negotiation'));
    expect(x('negotiation')).toBeLessThan(x('closed-won'));
  });
});
