import { call, ApiError, errorMessage } from '../api/client';
import { useEditor } from './editorStore';
import { clearDraft, keepDraft } from './drafts';
import { isKnown, useIdentity } from './identityStore';
import type { Proposal } from '../../../shared/review/schema';

/**
 * Where the editor's document is saved: the process itself, or — while a proposal is edited in
 * the same editor — that proposal (its version is the optimistic-lock token, like a revision).
 */
export type SaveTarget =
  | { kind: 'process' }
  | { kind: 'proposal'; processId: string; proposalId: string; version: number; onSaved: (proposal: Proposal) => void };

let target: SaveTarget = { kind: 'process' };

/** Points the autosave at a proposal (or back at the process). */
export function setSaveTarget(next: SaveTarget): void {
  target = next;
}

/** How a save is recorded in the history: who asked for it, and why. */
export interface SaveOptions {
  /** `autosave` when nobody asked (grouped in the history list), `review` for review decisions. */
  kind?: 'save' | 'autosave' | 'review';
  /** "Save with note…", or the reason of a review decision; kept in the audit log. */
  reason?: string;
}

function author(): { name: string; departmentId: string } | undefined {
  const editor = useIdentity.getState().editor;
  return isKnown(editor) ? { name: editor.name.trim(), departmentId: editor.departmentId } : undefined;
}

/** Quiet time after the last edit before saving, ms. */
export const AUTOSAVE_DELAY_MS = 600;

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;

/** Saves the open document now (used by retry and Ctrl+S; `options` say how it is recorded). */
export async function saveNow(options: SaveOptions = { kind: 'save' }): Promise<void> {
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
  if (target.kind === 'proposal') {
    await saveProposal(target, doc);
    inFlight = false;
    if (useEditor.getState().saveStatus === 'pending') schedule();
    return;
  }
  try {
    // Only what the client owns: the server stamps revision, createdAt and updatedAt.
    const { revision: _revision, createdAt: _createdAt, updatedAt: _updatedAt, ...content } = doc;
    const by = author();
    const saved = await call('process:save', {
      process: content,
      baseRevision: state.baseRevision,
      ...(by ? { author: by } : {}),
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
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

async function saveProposal(current: Extract<SaveTarget, { kind: 'proposal' }>, doc: NonNullable<ReturnType<typeof useEditor.getState>['doc']>): Promise<void> {
  const by = author();
  if (!by) {
    useEditor.getState().markSaveFailed('error', 'Say who is acting (top right) before editing a proposal.');
    return;
  }
  try {
    const saved = await call('proposal:save', {
      processId: current.processId,
      proposalId: current.proposalId,
      author: by,
      baseVersion: current.version,
      document: doc,
    });
    if (target !== current) return;
    target = { ...current, version: saved.version };
    const stillCurrent = useEditor.getState().doc === doc;
    useEditor.setState({ savedDoc: doc, saveStatus: stillCurrent ? 'saved' : 'pending', saveMessage: null });
    current.onSaved(saved);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'conflict') {
      useEditor.getState().markSaveFailed('conflict', 'This proposal was changed elsewhere since you opened it.');
    } else {
      useEditor.getState().markSaveFailed('error', errorMessage(error));
    }
  }
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void saveNow({ kind: 'autosave' }), AUTOSAVE_DELAY_MS);
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
    if (doc && doc !== savedDoc && target.kind === 'process') {
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
