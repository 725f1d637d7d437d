import type { ReactFlowInstance } from '@xyflow/react';
import type { Position } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { addStageAt, nextFreePosition } from './actions';

/** The middle of the visible canvas, in flow coordinates. */
export function visibleCenter(flow: Pick<ReactFlowInstance, 'screenToFlowPosition'>): Position {
  const rect = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  const box = rect ?? { left: 0, top: 0, width: window.innerWidth, height: window.innerHeight };
  return flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
}

/** Toolbar button and `N`: add a stage in view, select it and start renaming it. */
export function addStageHere(flow: Pick<ReactFlowInstance, 'screenToFlowPosition'>): void {
  const state = useEditor.getState();
  if (!state.doc) return;
  const id = addStageAt(state.apply, nextFreePosition(state.doc, visibleCenter(flow)));
  if (id) {
    state.selectStage(id);
    state.setRenamingStage(id);
  }
}
