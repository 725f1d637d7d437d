import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../../store/editorStore';
import { saveNow } from '../../store/autosave';
import { copyStages, pasteClipboard } from '../canvas/actions';
import { addStageHere } from '../canvas/addStageHere';
import { runAutoLayout } from '../canvas/runAutoLayout';
import { startPresenting } from '../canvas/presenting';
import { zoomToSelection } from '../canvas/zoomToSelection';
import type { StageNode, TransitionEdge } from '../canvas/adapters';

interface ShortcutOptions {
  /** Asks to delete the current selection (the caller confirms when stages hold fields). */
  onRequestDelete: () => void;
  /** False while the field register replaces the canvas: only undo, redo and save apply. */
  canvasShown: boolean;
}

/** Whether a key event comes from a place where typing means text, not a command. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(type);
}

/**
 * Editor keyboard shortcuts: Ctrl/Cmd+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Ctrl+S save,
 * N add stage, F2 rename, Delete/Backspace delete, Ctrl+C/V copy/paste stages,
 * Shift+L auto layout, Ctrl+F / Ctrl+K find, F5 present, M minimap, Shift+2 zoom to selection,
 * Escape clear selection.
 */
export function useEditorShortcuts({ onRequestDelete, canvasShown }: ShortcutOptions): void {
  const flow = useReactFlow<StageNode, TransitionEdge>();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const state = useEditor.getState();
      if (!state.doc) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's') {
        event.preventDefault();
        void saveNow();
        return;
      }
      if (mod && (key === 'f' || key === 'k') && canvasShown) {
        event.preventDefault();
        state.setFindOpen(true);
        return;
      }
      if (isTyping(event.target)) return;
      if (state.presenting) return;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
        return;
      }
      if (mod && key === 'y') {
        event.preventDefault();
        state.redo();
        return;
      }
      if (!canvasShown) return;
      if (mod && key === 'c') {
        const count = copyStages(state.doc, state.selection.stageIds);
        if (count > 0) state.notify(`Copied ${count} stage${count === 1 ? '' : 's'}.`);
        return;
      }
      if (mod && key === 'v') {
        const ids = pasteClipboard(state.apply);
        if (ids.length > 0) state.setSelection({ stageIds: ids, transitionIds: [] });
        return;
      }
      if (mod || event.altKey) return;
      if (key === 'delete' || key === 'backspace') {
        if (state.selection.stageIds.length + state.selection.transitionIds.length === 0) return;
        event.preventDefault();
        onRequestDelete();
        return;
      }
      if (key === 'n' && !event.shiftKey) {
        event.preventDefault();
        addStageHere(flow);
        return;
      }
      if (key === 'f2' && state.selection.stageIds.length === 1) {
        event.preventDefault();
        state.setRenamingStage(state.selection.stageIds[0] ?? null);
        return;
      }
      if (key === 'l' && event.shiftKey) {
        event.preventDefault();
        void runAutoLayout(flow, state.apply);
        return;
      }
      if (key === 'f5') {
        event.preventDefault();
        startPresenting();
        return;
      }
      if (key === 'm' && !event.shiftKey) {
        state.toggleMinimap();
        return;
      }
      if (event.shiftKey && event.code === 'Digit2') {
        event.preventDefault();
        zoomToSelection(flow);
        return;
      }
      if (key === 'escape') {
        state.setSelection({ stageIds: [], transitionIds: [] });
        state.selectField(null);
        state.setEditingTransition(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [flow, onRequestDelete, canvasShown]);
}
