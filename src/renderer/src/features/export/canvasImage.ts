import { getNodesBounds, getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import type { StageNode, TransitionEdge } from '../canvas/adapters';

/** Image formats the canvas exports to. */
export type ImageFormat = 'png' | 'svg';

/** Pixel ratios offered for PNG: 1× for a slide, 2× and 3× for print and high-density screens. */
export const IMAGE_SCALES = [1, 2, 3] as const;
export type ImageScale = (typeof IMAGE_SCALES)[number];

/**
 * Room around the stages, in canvas px: loop-back edges curve below and above the nodes and
 * their labels stick out, and getNodesBounds sees only nodes.
 */
const MARGIN = 64;

export interface CanvasImageOptions {
  format: ImageFormat;
  /** Pixel ratio for PNG; an SVG is resolution-independent and ignores it. */
  scale: ImageScale;
}

export interface CanvasImage {
  /** A data: URL, ready to download or embed in the report. */
  dataUrl: string;
  /** Size at scale 1, in CSS px. */
  width: number;
  height: number;
}

/**
 * Renders the whole stage graph — not just what is on screen — as PNG or SVG, following React
 * Flow's documented recipe: fit the nodes' bounds into an image-sized viewport and let
 * html-to-image (pinned to 1.11.11; later versions drop the edges) draw the viewport element.
 * The on-screen viewport is left alone: the transform is applied to the rendered copy only.
 */
export async function renderCanvasImage(
  flow: ReactFlowInstance<StageNode, TransitionEdge>,
  container: HTMLElement,
  options: CanvasImageOptions,
): Promise<CanvasImage> {
  const viewportElement = container.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewportElement) throw new Error('The stage graph is not on screen; switch to the stage graph and try again.');
  const nodes = flow.getNodes();
  if (nodes.length === 0) throw new Error('The process has no stages to draw.');
  const bounds = getNodesBounds(nodes);
  const width = Math.ceil(bounds.width + 2 * MARGIN);
  const height = Math.ceil(bounds.height + 2 * MARGIN);
  // Zoom pinned to 1: the image shows the graph at its natural size, the scale is the pixel ratio.
  const viewport = getViewportForBounds(bounds, width, height, 1, 1, 0);
  const renderOptions = {
    backgroundColor: '#ffffff',
    width,
    height,
    pixelRatio: options.scale,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.zoom})`,
    },
    // Handles and the inline rename box are editing affordances, not part of the picture.
    filter: (node: HTMLElement) =>
      !(node.classList?.contains('react-flow__handle') || node.classList?.contains('react-flow__resize-control')),
  };
  const dataUrl = options.format === 'png' ? await toPng(viewportElement, renderOptions) : await toSvg(viewportElement, renderOptions);
  return { dataUrl, width, height };
}
