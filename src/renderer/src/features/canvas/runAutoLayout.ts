import type { ReactFlowInstance } from '@xyflow/react';
import { applyLayout } from '../../../../shared/model/commands';
import { useEditor, type EditorState } from '../../store/editorStore';
import type { StageNode, TransitionEdge } from './adapters';
import { canvasOverlays, fitViewOptions } from './zoom';

/** Lays the graph out left to right as one undoable step, then fits it in view. */
export async function runAutoLayout(
  flow: ReactFlowInstance<StageNode, TransitionEdge>,
  apply: EditorState['apply'],
): Promise<void> {
  const doc = useEditor.getState().doc;
  if (!doc) return;
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of flow.getNodes()) {
    if (node.measured?.width && node.measured.height) {
      sizes.set(node.id, { width: node.measured.width, height: node.measured.height });
    }
  }
  try {
    // ELK is large: load it the first time someone asks for a layout.
    const { layoutProcess } = await import('./layout');
    const positions = await layoutProcess(doc, sizes);
    apply((current) => applyLayout(current, positions), { capture: 'record' });
    requestAnimationFrame(() => void flow.fitView({ ...fitViewOptions(canvasOverlays(useEditor.getState())), duration: 300 }));
  } catch (error) {
    useEditor.getState().notify(`Automatic layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}
