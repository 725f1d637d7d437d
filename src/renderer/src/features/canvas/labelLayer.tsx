import { createContext, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * React Flow's <EdgeLabelRenderer> looks its container up with `querySelector` in a store
 * selector, once per edge on every store update: on a 300-stage graph that was most of each drag
 * frame (bench/canvas.ts). The canvas finds the container once and hands it down here instead.
 */
export const LabelLayerContext = createContext<HTMLElement | null>(null);

/** Renders an edge label into the canvas's label layer (above edges, moving with the viewport). */
export function EdgeLabel({ children }: { children: ReactNode }): React.JSX.Element | null {
  const layer = useContext(LabelLayerContext);
  return layer ? createPortal(children, layer) : null;
}
