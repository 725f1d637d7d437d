import type { Process } from '../../../shared/model/schema';
import type { Proposal } from '../../../shared/review/schema';
import { saveNow, setSaveTarget } from './autosave';
import { useEditor, type EditorState } from './editorStore';

/**
 * Showing something other than the process in the same canvas, register and inspector: an old
 * revision (read-only) or a proposal (edited, saved to the proposal). The process's editing state
 * (document, undo history, save state) is put aside and comes back untouched when the session
 * ends, so nothing typed before is lost.
 */
type Stash = Pick<EditorState, 'history' | 'doc' | 'savedDoc' | 'baseRevision' | 'saveStatus' | 'saveMessage'>;

let stash: Stash | null = null;

async function putProcessAside(): Promise<void> {
  if (stash) {
    // Leaving one session for another: flush the current one (a proposal's edits) first.
    await saveNow({ kind: 'autosave' });
    return;
  }
  await saveNow({ kind: 'autosave' });
  const { history, doc, savedDoc, baseRevision, saveStatus, saveMessage } = useEditor.getState();
  stash = { history, doc, savedDoc, baseRevision, saveStatus, saveMessage };
}

/** Shows `doc` read-only under `label` (e.g. "Revision 12"); unsaved edits are saved first. */
export async function showReadOnly(doc: Process, label: string): Promise<void> {
  await putProcessAside();
  setSaveTarget({ kind: 'process' });
  useEditor.getState().load(doc);
  useEditor.setState({ readOnly: label });
}

/**
 * Edits a proposal's document in the editor; autosave then writes to the proposal. `onSaved`
 * receives the stored proposal after each save (its version moves on).
 */
export async function editProposal(proposal: Proposal, onSaved: (proposal: Proposal) => void): Promise<void> {
  await putProcessAside();
  useEditor.getState().load(proposal.document);
  setSaveTarget({ kind: 'proposal', processId: proposal.processId, proposalId: proposal.id, version: proposal.version, onSaved });
}

/** Back to the process as it was before the session (a proposal's last edits are saved first). */
export async function endSession(): Promise<void> {
  if (!stash) return;
  await saveNow({ kind: 'autosave' });
  const saved = stash;
  stash = null;
  setSaveTarget({ kind: 'process' });
  useEditor.setState({
    ...saved,
    readOnly: null,
    selection: { stageIds: [], transitionIds: [] },
    fieldId: null,
  });
}

/** Forgets a session without restoring (the editor is closing). */
export function dropSession(): void {
  stash = null;
  setSaveTarget({ kind: 'process' });
}
