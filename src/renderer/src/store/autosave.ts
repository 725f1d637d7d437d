import { call, ApiError, errorMessage } from '../api/client';
import { useEditor } from './editorStore';
import { clearDraft, keepDraft } from './drafts';

/** Quiet time after the last edit before saving, ms. */
export const AUTOSAVE_DELAY_MS = 600;

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;

/** Saves the open document now (used by retry and Ctrl+S). */
export async function saveNow(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const state = useEditor.getState();
  const doc = state.doc;
  if (!doc || inFlight) return;
  if (state.saveStatus === 'conflict') return;
  if (doc === state.savedDoc) {
    if (state.saveStatus !== 'saved') useEditor.setState({ saveStatus: 'saved' });
    return;
  }
  inFlight = true;
  state.markSaving();
  try {
    // Only what the client owns: the server stamps revision, createdAt and updatedAt.
    const { revision: _revision, createdAt: _createdAt, updatedAt: _updatedAt, ...content } = doc;
    const saved = await call('process:save', { process: content, baseRevision: state.baseRevision });
    // The user may have closed or switched process while the save was in flight.
    if (useEditor.getState().doc?.id !== doc.id) return;
    useEditor.getState().markSaved(saved, doc);
    if (useEditor.getState().saveStatus === 'saved') clearDraft(doc.id);
  } catch (error) {
    keepDraft(useEditor.getState().doc ?? doc, state.baseRevision);
    if (useEditor.getState().doc?.id !== doc.id) return;
    if (error instanceof ApiError && error.code === 'conflict') {
      useEditor
        .getState()
        .markSaveFailed('conflict', 'This process was changed elsewhere (another window or tab) since you opened it.');
    } else {
      useEditor.getState().markSaveFailed('error', errorMessage(error));
    }
  } finally {
    inFlight = false;
  }
  if (useEditor.getState().saveStatus === 'pending') schedule();
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
}

/** Starts watching the editor store; returns a function that stops it. */
export function startAutosave(): () => void {
  const unsubscribe = useEditor.subscribe((state, previous) => {
    if (state.doc !== previous.doc && state.doc && state.doc !== state.savedDoc && state.saveStatus === 'pending') {
      schedule();
    }
  });
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    const { doc, savedDoc, baseRevision } = useEditor.getState();
    if (doc && doc !== savedDoc) {
      keepDraft(doc, baseRevision);
      event.preventDefault();
    }
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', onBeforeUnload);
    if (timer) clearTimeout(timer);
  };
}
