import type { Process } from '../../../shared/model/schema';
import { saveNow } from './autosave';
import { useEditor, type EditorState } from './editorStore';

/**
 * Showing something other than the process being edited — an old revision, read-only — in the
 * same canvas and register. The editing state (document, undo history, save state) is put aside
 * and comes back untouched when the view closes, so nothing typed before is lost.
 */
type Stash = Pick<EditorState, 'history' | 'doc' | 'savedDoc' | 'baseRevision' | 'saveStatus' | 'saveMessage'>;

let stash: Stash | null = null;

/** Shows `doc` read-only under `label` (e.g. "Revision 12"); unsaved edits are saved first. */
export async function showReadOnly(doc: Process, label: string): Promise<void> {
  if (!stash) {
    await saveNow();
    const { history, doc: current, savedDoc, baseRevision, saveStatus, saveMessage } = useEditor.getState();
    stash = { history, doc: current, savedDoc, baseRevision, saveStatus, saveMessage };
  }
  useEditor.getState().load(doc);
  useEditor.setState({ readOnly: label });
}

/** Back to editing the process as it was before `showReadOnly`. */
export function closeReadOnly(): void {
  if (!stash) return;
  const saved = stash;
  stash = null;
  useEditor.setState({
    ...saved,
    readOnly: null,
    selection: { stageIds: [], transitionIds: [] },
    fieldId: null,
  });
}

/** True while a read-only view has the editing state put aside. */
export function isShowingReadOnly(): boolean {
  return stash !== null;
}
