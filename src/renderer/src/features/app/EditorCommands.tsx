import { useCallback, useState } from 'react';
import { useEditor } from '../../store/editorStore';
import { deleteSelection } from '../canvas/actions';
import { ConfirmDialog } from './Modal';
import { useEditorShortcuts } from './useEditorShortcuts';

/** Keyboard shortcuts, and the confirmation they may need; lives inside the ReactFlowProvider. */
export function EditorCommands({ canvasShown }: { canvasShown: boolean }): React.JSX.Element | null {
  const [pending, setPending] = useState<{ stageIds: string[]; transitionIds: string[]; fieldCount: number } | null>(null);

  const requestDelete = useCallback(() => {
    const { doc, selection, apply, editLock } = useEditor.getState();
    if (!doc) return;
    if (editLock) {
      useEditor.getState().notify(`${editLock}.`, 'error');
      return;
    }
    const chosen = new Set(selection.stageIds);
    const fieldCount = doc.stages.filter((stage) => chosen.has(stage.id)).reduce((n, stage) => n + stage.fields.length, 0);
    if (fieldCount === 0) {
      deleteSelection(apply, selection.stageIds, selection.transitionIds);
      return;
    }
    setPending({ stageIds: selection.stageIds, transitionIds: selection.transitionIds, fieldCount });
  }, []);

  useEditorShortcuts({ onRequestDelete: requestDelete, canvasShown });

  if (!pending) return null;
  const stages = pending.stageIds.length;
  return (
    <ConfirmDialog
      title={`Delete ${stages} stage${stages === 1 ? '' : 's'}?`}
      message={
        <p>
          {stages === 1 ? 'This stage holds' : 'These stages hold'} {pending.fieldCount} field
          {pending.fieldCount === 1 ? '' : 's'}; they and every transition into or out of{' '}
          {stages === 1 ? 'it' : 'them'} will be removed. You can undo with Ctrl+Z.
        </p>
      }
      confirmLabel="Delete"
      danger
      onCancel={() => setPending(null)}
      onConfirm={() => {
        deleteSelection(useEditor.getState().apply, pending.stageIds, pending.transitionIds);
        setPending(null);
      }}
    />
  );
}
