import { describe, it, expect } from 'vitest';
import type { ReactFlowState } from '@xyflow/react';
import { COMPACT_ZOOM, LARGE_GRAPH, MINIMAP_CORNER, PANEL_BUTTON, canvasOverlays, fitViewOptions, fitWillBeZoomedOut, isZoomedOut, minimapVisible } from '../../../src/renderer/src/features/canvas/zoom';
import { createGeneratedProcess } from '../../../src/shared/model/generate';
import { createSampleProcess } from '../../../src/shared/model/sample';

const at = (zoom: number): ReactFlowState => ({ transform: [0, 0, zoom] }) as unknown as ReactFlowState;

describe('semantic zoom', () => {
  it('draws compact nodes only below the readable zoom', () => {
    expect(isZoomedOut(at(COMPACT_ZOOM - 0.01))).toBe(true);
    expect(isZoomedOut(at(COMPACT_ZOOM))).toBe(false);
    expect(isZoomedOut(at(1))).toBe(false);
  });

  it('knows before the first fit view whether it will land zoomed out', () => {
    const large = createGeneratedProcess({ stages: 300, fields: 0, seed: 7 });
    const sample = createSampleProcess('2026-11-27T10:00:00.000Z');
    expect(fitWillBeZoomedOut(large.stages, 1440, 900)).toBe(true);
    expect(fitWillBeZoomedOut(sample.stages, 1280, 720)).toBe(false);
    // Not yet laid out (no size) or nothing to fit: no guess.
    expect(fitWillBeZoomedOut(large.stages, 0, 0)).toBe(false);
    expect(fitWillBeZoomedOut([], 1440, 900)).toBe(false);
  });
});

describe('fit view and the minimap', () => {
  it('keeps the strip the minimap stands in free while it is shown', () => {
    const padding = fitViewOptions({ minimap: true, panelButton: false }).padding as { bottom: string };
    expect(Number.parseFloat(padding.bottom)).toBeGreaterThan(MINIMAP_CORNER.height);
    expect(fitViewOptions({ minimap: false, panelButton: false }).padding).toMatchObject({ bottom: '1.5%', top: '1.5%' });
  });

  it('keeps the strip the “‹ Panel” button stands in free while the side panel is hidden', () => {
    const padding = fitViewOptions({ minimap: false, panelButton: true }).padding as { top: string };
    expect(Number.parseFloat(padding.top)).toBeGreaterThan(PANEL_BUTTON.top + PANEL_BUTTON.height);
    const doc = { stages: [{}, {}] };
    expect(canvasOverlays({ minimapShown: true, sidePanelOpen: false, doc })).toEqual({ minimap: true, panelButton: true });
    expect(canvasOverlays({ minimapShown: false, sidePanelOpen: true, doc })).toEqual({ minimap: false, panelButton: false });
  });

  it('counts the minimap as shown only when the user wants it and the graph is small enough to draw it', () => {
    const stages = (count: number) => ({ stages: Array.from({ length: count }, () => ({})) });
    expect(minimapVisible({ minimapShown: true, doc: stages(7) })).toBe(true);
    expect(minimapVisible({ minimapShown: false, doc: stages(7) })).toBe(false);
    expect(minimapVisible({ minimapShown: true, doc: stages(LARGE_GRAPH + 1) })).toBe(false);
  });
});
