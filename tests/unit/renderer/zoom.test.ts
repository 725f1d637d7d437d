import { describe, it, expect } from 'vitest';
import type { ReactFlowState } from '@xyflow/react';
import { COMPACT_ZOOM, isZoomedOut } from '../../../src/renderer/src/features/canvas/zoom';

const at = (zoom: number): ReactFlowState => ({ transform: [0, 0, zoom] }) as unknown as ReactFlowState;

describe('semantic zoom', () => {
  it('draws compact nodes only below the readable zoom', () => {
    expect(isZoomedOut(at(COMPACT_ZOOM - 0.01))).toBe(true);
    expect(isZoomedOut(at(COMPACT_ZOOM))).toBe(false);
    expect(isZoomedOut(at(1))).toBe(false);
  });
});
