import { create } from 'zustand';
import type { Process } from '../../../shared/model/schema';
import { CommandError } from '../../../shared/model/commandSupport';
import {
  capture,
  createHistory,
  undo as undoHistory,
  redo as redoHistory,
  canUndo,
  canRedo,
  type Capture,
  type History,
} from '../../../shared/model/history';

/** What the heat view colours stages by. */
export type HeatMode = 'minutes' | 'votes';

/** How the open document stands against disk. */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
}

/** What is selected on the canvas; view state, never part of the document or the history. */
export interface Selection {
  stageIds: string[];
  transitionIds: string[];
}

/** What every `apply` must say: how the history captures the change (no default). */
export interface ApplyOptions {
  /** `'record'` a user edit, `'ignore'` (not undoable), or `{ coalesce: key }` for typing. */
  capture: Capture;
}

export { COALESCE_MS } from '../../../shared/model/history';
/** Undo steps kept per open process. */
export const HISTORY_LIMIT = 200;

export interface EditorState {
  history: History<Process> | null;
  /** The document being edited (the history's present). */
  doc: Process | null;
  /** The document as last stored, to know whether there is anything to save. */
  savedDoc: Process | null;
  /** Revision on disk that the next save is based on. */
  baseRevision: number;
  saveStatus: SaveStatus;
  saveMessage: string | null;
  selection: Selection;
  /** The field open in the inspector. */
  fieldId: string | null;
  /** Transition whose probability is being edited on the canvas. */
  editingTransitionId: string | null;
  /** Stage being renamed inline on the canvas. */
  renamingStageId: string | null;
  /** Color stages by admin minutes. */
  heat: boolean;
  /**
   * What the heat view colours by: admin minutes per deal, or — in a live workshop, once the
   * votes are visible to this browser — the share of the room's votes to drop a stage's fields.
   */
  heatMode: HeatMode;
  /** View only: the canvas overview map is shown (hidden for projecting). */
  minimapShown: boolean;
  /** View only: presentation mode — canvas full screen, a caption instead of the panel. */
  presenting: boolean;
  /** View only: the side panel is shown (hidden, the canvas has the whole width and a "‹ Panel" button). */
  sidePanelOpen: boolean;
  /** View only: the Find dialog is open. */
  findOpen: boolean;
  toasts: Toast[];
  /** Who is editing (from workspace settings); new fields default to their department. */
  editorDepartmentId: string;
  /** The clock coalescing reads, in ms; tests replace it to pin time. */
  clock: () => number;
  /**
   * Set while an old revision (or anything else not editable) is shown in the editor: says what is
   * shown, e.g. "Revision 12". Edits are refused with a notice while it is set.
   */
  readOnly: string | null;
  /**
   * Set while someone who may not edit the process looks at it (a workshop participant or
   * observer): every edit, undo and redo is refused with this message, and editing controls are
   * disabled with it as their tooltip. Unlike `readOnly` nothing else is shown instead.
   */
  editLock: string | null;

  load(process: Process): void;
  /**
   * Takes a newer version of the process made elsewhere (the facilitator, in a live workshop):
   * not undoable, nothing to save, and the selection kept where it still exists.
   */
  receiveRemote(process: Process): void;
  setEditLock(message: string | null): void;
  close(): void;
  /**
   * Runs a pure command on the document and captures the change as `options.capture` says.
   * A refused command (`CommandError`) becomes an error toast and returns false; any other error
   * is a programming error and is thrown. Returns true when the document changed.
   */
  apply(command: (doc: Process) => Process, options: ApplyOptions): boolean;
  undo(): void;
  redo(): void;
  setSelection(selection: Partial<Selection>): void;
  selectStage(stageId: string | null): void;
  selectField(fieldId: string | null): void;
  setEditingTransition(id: string | null): void;
  setRenamingStage(id: string | null): void;
  toggleHeat(): void;
  setHeatMode(mode: HeatMode): void;
  toggleMinimap(): void;
  setSidePanelOpen(open: boolean): void;
  setPresenting(on: boolean): void;
  setFindOpen(open: boolean): void;
  markSaving(): void;
  markSaved(saved: Process, savedFrom: Process): void;
  markSaveFailed(status: 'error' | 'conflict', message: string): void;
  notify(message: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
}

let toastSeq = 0;

/** View state that belongs to one open document and starts empty with each. */
const NO_VIEW_STATE = {
  selection: { stageIds: [], transitionIds: [] },
  fieldId: null,
  editingTransitionId: null,
  renamingStageId: null,
} satisfies Partial<EditorState>;

/** The store's document fields for `process` as just opened or just received: saved, no undo past it. */
function freshDocument(process: Process) {
  return {
    history: createHistory(process, HISTORY_LIMIT),
    doc: process,
    savedDoc: process,
    baseRevision: process.revision,
    saveStatus: 'saved' as const,
    saveMessage: null,
  };
}

export const useEditor = create<EditorState>()((set, get) => ({
  history: null,
  doc: null,
  savedDoc: null,
  baseRevision: 0,
  saveStatus: 'saved',
  saveMessage: null,
  ...NO_VIEW_STATE,
  heat: false,
  heatMode: 'minutes',
  minimapShown: true,
  presenting: false,
  sidePanelOpen: true,
  findOpen: false,
  toasts: [],
  editorDepartmentId: '',
  clock: () => Date.now(),
  readOnly: null,
  editLock: null,

  load(process) {
    set({ ...freshDocument(process), readOnly: null, ...NO_VIEW_STATE });
  },

  receiveRemote(process) {
    set(freshDocument(process));
    pruneSelection(get, set);
  },

  setEditLock(message) {
    set({ editLock: message });
  },

  close() {
    set({ history: null, doc: null, savedDoc: null, readOnly: null, ...NO_VIEW_STATE });
  },

  apply(command, options) {
    const { history, doc, readOnly, editLock } = get();
    if (!history || !doc) return false;
    if (editLock) {
      get().notify(`${editLock}.`, 'error');
      return false;
    }
    if (readOnly) {
      get().notify(`${readOnly} is open read-only. Close it to edit the process.`, 'error');
      return false;
    }
    let next: Process;
    try {
      next = command(doc);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      get().notify(error.message, 'error');
      return false;
    }
    if (next === doc) return false;
    set({
      history: capture(history, next, options.capture, get().clock()),
      doc: next,
      saveStatus: get().saveStatus === 'conflict' ? 'conflict' : 'pending',
    });
    return true;
  },

  undo() {
    if (get().readOnly || get().editLock) return;
    travel(get, set, canUndo, undoHistory);
  },

  redo() {
    if (get().readOnly || get().editLock) return;
    travel(get, set, canRedo, redoHistory);
  },

  setSelection(selection) {
    const { doc, fieldId, selection: current } = get();
    const next = { ...current, ...selection };
    // The inspector shows the open field only while its stage is the one selected stage.
    const stage = next.stageIds.length === 1 ? doc?.stages.find((item) => item.id === next.stageIds[0]) : undefined;
    const keepField = fieldId !== null && stage !== undefined && stage.fields.some((field) => field.id === fieldId);
    set({ selection: next, fieldId: keepField ? fieldId : null });
  },

  selectStage(stageId) {
    set({
      selection: { stageIds: stageId ? [stageId] : [], transitionIds: [] },
      fieldId: null,
    });
  },

  selectField(fieldId) {
    set({ fieldId });
  },

  setEditingTransition(id) {
    if (id !== null && get().editLock) return get().notify(`${get().editLock}.`, 'error');
    set({ editingTransitionId: id });
  },

  setRenamingStage(id) {
    if (id !== null && get().editLock) return get().notify(`${get().editLock}.`, 'error');
    set({ renamingStageId: id });
  },

  toggleMinimap() {
    set({ minimapShown: !get().minimapShown });
  },

  setSidePanelOpen(open) {
    set({ sidePanelOpen: open });
  },

  setPresenting(on) {
    set({ presenting: on });
  },

  setFindOpen(open) {
    set({ findOpen: open });
  },

  toggleHeat() {
    set({ heat: !get().heat });
  },

  setHeatMode(heatMode) {
    set({ heatMode, heat: true });
  },

  markSaving() {
    set({ saveStatus: 'saving', saveMessage: null });
  },

  markSaved(saved, savedFrom) {
    const stillCurrent = get().doc === savedFrom;
    set({
      baseRevision: saved.revision,
      savedDoc: savedFrom,
      saveStatus: stillCurrent ? 'saved' : 'pending',
      saveMessage: null,
    });
  },

  markSaveFailed(status, message) {
    set({ saveStatus: status, saveMessage: message });
  },

  notify(message, kind = 'info') {
    const id = ++toastSeq;
    set({ toasts: [...get().toasts, { id, kind, message }].slice(-4) });
    setTimeout(() => get().dismissToast(id), kind === 'error' ? 8000 : 4000);
  },

  dismissToast(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

/** Undo or redo: moves through the history, then drops selections that no longer exist. */
function travel(
  get: () => EditorState,
  set: (partial: Partial<EditorState>) => void,
  can: (history: History<Process>) => boolean,
  move: (history: History<Process>) => History<Process>,
): void {
  const { history } = get();
  if (!history || !can(history)) return;
  const next = move(history);
  set({ history: next, doc: next.present, saveStatus: keepConflict(get().saveStatus) });
  pruneSelection(get, set);
}

function keepConflict(status: SaveStatus): SaveStatus {
  return status === 'conflict' ? 'conflict' : 'pending';
}

/** After undo/redo a selected stage or field may no longer exist. */
function pruneSelection(get: () => EditorState, set: (partial: Partial<EditorState>) => void): void {
  const { doc, selection, fieldId } = get();
  if (!doc) return;
  const stageIds = new Set(doc.stages.map((stage) => stage.id));
  const transitionIds = new Set(doc.transitions.map((transition) => transition.id));
  const fieldExists = fieldId !== null && doc.stages.some((stage) => stage.fields.some((f) => f.id === fieldId));
  set({
    selection: {
      stageIds: selection.stageIds.filter((id) => stageIds.has(id)),
      transitionIds: selection.transitionIds.filter((id) => transitionIds.has(id)),
    },
    fieldId: fieldExists ? fieldId : null,
  });
}

/** Undo/redo availability for toolbar buttons. */
export const selectCanUndo = (state: EditorState): boolean => (state.history ? canUndo(state.history) : false);
export const selectCanRedo = (state: EditorState): boolean => (state.history ? canRedo(state.history) : false);
