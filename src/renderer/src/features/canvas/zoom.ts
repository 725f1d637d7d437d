import { createContext } from 'react';
import { getViewportForBounds, type FitViewOptions, type ReactFlowState } from '@xyflow/react';
import type { Stage } from '../../../../shared/model/schema';
import { DEFAULT_CARD } from './adapters';

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

/** The canvas's lowest zoom (`minZoom` of the React Flow view). */
export const MIN_ZOOM = 0.05;

/**
 * Whether fitting these stages into a `width` × `height` view will land below `COMPACT_ZOOM`,
 * estimated from their positions and the unmeasured card size. Until the first fit view (which
 * waits for every card to be measured) the zoom is 1, so a large process would be drawn and
 * measured with full cards, fitted far out, then drawn and measured again compact — on the
 * 300-stage bench that first full drawing was about a third of the time to interactive.
 * `options` are the fit view's own (`fitViewOptions`).
 */
export function fitWillBeZoomedOut(
  stages: ReadonlyArray<Pick<Stage, 'position'>>,
  width: number,
  height: number,
  options: FitViewOptions = fitViewOptions({ minimap: false, panelButton: false }),
): boolean {
  if (stages.length === 0 || width <= 0 || height <= 0) return false;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const { position } of stages) {
    left = Math.min(left, position.x);
    top = Math.min(top, position.y);
    right = Math.max(right, position.x + DEFAULT_CARD.width);
    bottom = Math.max(bottom, position.y + DEFAULT_CARD.height);
  }
  const bounds = { x: left, y: top, width: right - left, height: bottom - top };
  return getViewportForBounds(bounds, width, height, MIN_ZOOM, options.maxZoom ?? 1, options.padding ?? 0).zoom < COMPACT_ZOOM;
}

/**
 * Above this many stages the canvas renders only what is in view and drops the minimap, which
 * redraws every node on every drag step (measured with bench/canvas.ts).
 */
export const LARGE_GRAPH = 150;

/** The minimap's size on screen, px; given to React Flow's MiniMap so its drawing is not stretched. */
export const MINIMAP_SIZE = { width: 150, height: 96 };

/** React Flow keeps its panels (minimap, zoom controls) this far from the canvas edges, px. */
const PANEL_MARGIN = 15;

/** The corner the minimap covers, px from the canvas's bottom-right corner: no card should sit there. */
export const MINIMAP_CORNER = { width: MINIMAP_SIZE.width + PANEL_MARGIN, height: MINIMAP_SIZE.height + PANEL_MARGIN };

/** Whether the canvas shows its minimap: the user's choice, on graphs small enough to draw it. */
export function minimapVisible(state: { minimapShown: boolean; doc: { stages: readonly unknown[] } | null }): boolean {
  return state.minimapShown && (state.doc?.stages.length ?? 0) <= LARGE_GRAPH;
}

/**
 * The "‹ Panel" button that brings the hidden side panel back stands in the canvas's top-right
 * corner, this far from its top edge and this tall, px; EditorView places the button with them.
 */
export const PANEL_BUTTON = { top: 12, height: 30 };

/** What stands over the canvas and must not cover a card after fit view. */
export interface CanvasOverlays {
  /** The minimap, in the bottom-right corner (`minimapVisible`). */
  minimap: boolean;
  /** The "‹ Panel" button, in the top-right corner (while the side panel is hidden). */
  panelButton: boolean;
}

/**
 * Fit view leaves a thin margin — every pixel of width goes to legible cards on a projector — and
 * the strips the canvas's overlays stand in: along the bottom for the minimap, along the top for
 * the "‹ Panel" button, so no card lies under either. The sample's flow is wide and low, so those
 * strips cost it no zoom at 1280×720 or 1920×1080.
 */
export function fitViewOptions({ minimap, panelButton }: CanvasOverlays): FitViewOptions {
  const margin = '1.5%';
  return {
    padding: {
      top: panelButton ? `${PANEL_BUTTON.top + PANEL_BUTTON.height + 8}px` : margin,
      left: margin,
      right: margin,
      bottom: minimap ? `${MINIMAP_CORNER.height + 8}px` : margin,
    },
    maxZoom: 1.1,
  };
}

/** The overlays shown now, from the editor's state (see `CanvasOverlays`). */
export function canvasOverlays(state: { minimapShown: boolean; sidePanelOpen: boolean; doc: { stages: readonly unknown[] } | null }): CanvasOverlays {
  return { minimap: minimapVisible(state), panelButton: !state.sidePanelOpen };
}
