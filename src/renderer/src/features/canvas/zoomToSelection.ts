import type { ReactFlowInstance } from '@xyflow/react';
import { useEditor } from '../../store/editorStore';
import type { StageNode, TransitionEdge } from './adapters';

/** Zooms to the selected stages (and the ends of selected transitions); the whole graph when nothing is selected. */
export function zoomToSelection(flow: Pick<ReactFlowInstance<StageNode, TransitionEdge>, 'fitView'>, maxZoom = 1.2): void {
  const { selection, doc } = useEditor.getState();
  const ids = new Set(selection.stageIds);
  for (const transition of doc?.transitions ?? []) {
    if (selection.transitionIds.includes(transition.id)) {
      ids.add(transition.from);
      ids.add(transition.to);
    }
  }
  void flow.fitView({ nodes: [...ids].map((id) => ({ id })), padding: 0.2, maxZoom, duration: 250 });
}
