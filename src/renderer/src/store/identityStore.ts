import { create } from 'zustand';
import type { Editor } from '../../../shared/api/contract';
import { call } from '../api/client';
import { useEditor } from './editorStore';

/**
 * Who is acting: the name and department stamped on every revision, review decision, comment and
 * proposal. Kept in the workspace settings, so it is asked once per workspace; `requireIdentity`
 * asks for it right before the first action that needs it and resolves once it is known.
 */
export interface IdentityState {
  editor: Editor;
  loaded: boolean;
  /** Why the dialog is open (`null` when closed); the text tells the user what they are about to do. */
  prompt: { reason: string } | null;
  /** Callers waiting for the dialog to close, with the identity or `null` when it was cancelled. */
  waiting: Array<(editor: Editor | null) => void>;
  load(): Promise<void>;
  openPrompt(reason: string): void;
  save(editor: Editor): Promise<void>;
  cancel(): void;
}

const EMPTY: Editor = { name: '', departmentId: '' };

/** True when the identity names a person and a department. */
export function isKnown(editor: Editor): boolean {
  return editor.name.trim() !== '' && editor.departmentId !== '';
}

export const useIdentity = create<IdentityState>()((set, get) => ({
  editor: EMPTY,
  loaded: false,
  prompt: null,
  waiting: [],

  async load() {
    try {
      const settings = await call('settings:get', {});
      set({ editor: settings.editor, loaded: true });
      useEditor.setState({ editorDepartmentId: settings.editor.departmentId });
    } catch {
      set({ loaded: true });
    }
  },

  openPrompt(reason) {
    set({ prompt: { reason } });
  },

  async save(editor) {
    const saved = await call('settings:set', { editor });
    useEditor.setState({ editorDepartmentId: saved.editor.departmentId });
    const waiting = get().waiting;
    set({ editor: saved.editor, prompt: null, waiting: [] });
    for (const resolve of waiting) resolve(isKnown(saved.editor) ? saved.editor : null);
  },

  cancel() {
    const waiting = get().waiting;
    set({ prompt: null, waiting: [] });
    for (const resolve of waiting) resolve(null);
  },
}));

/**
 * The acting person, asking for it first when the workspace does not know it yet.
 * Resolves `null` when the user cancels the question; the caller then does nothing.
 */
export async function requireIdentity(reason: string): Promise<Editor | null> {
  const state = useIdentity.getState();
  if (!state.loaded) await state.load();
  const { editor } = useIdentity.getState();
  if (isKnown(editor)) return editor;
  return new Promise((resolve) => {
    useIdentity.setState((current) => ({ prompt: { reason }, waiting: [...current.waiting, resolve] }));
  });
}
