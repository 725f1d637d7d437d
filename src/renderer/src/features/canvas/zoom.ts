import { createContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * Below this zoom, node details and edge labels are too small to read (text under ~4 px), so the
 * canvas draws compact nodes and no labels: on a 300-stage process seen whole this is most of
 * the drawing work (bench/canvas.ts).
 */
export const COMPACT_ZOOM = 0.3;

/** Store selector: true while zoomed out past `COMPACT_ZOOM`; changes only when crossing it. */
export function isZoomedOut(state: ReactFlowState): boolean {
  return state.transform[2] < COMPACT_ZOOM;
}

/**
 * `isZoomedOut`, read once by the canvas and handed to every card and edge. A store subscription
 * in each of them would run on every store update — each drag step — a few thousand times on a
 * 300-stage process (bench/canvas.ts).
 */
export const ZoomedOutContext = createContext(false);

/** Fit view leaves a thin margin: every pixel of width goes to legible cards on a projector. */
export const FIT_VIEW = { padding: 0.03, maxZoom: 1.1 };
