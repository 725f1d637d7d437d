import { useReactFlow } from '@xyflow/react';
import { useEditor, selectCanRedo, selectCanUndo, type SaveStatus } from '../../store/editorStore';
import { saveNow } from '../../store/autosave';
import { addStageHere } from '../canvas/addStageHere';
import { runAutoLayout } from '../canvas/runAutoLayout';
import type { StageNode, TransitionEdge } from '../canvas/adapters';
import { EditorIdentity } from './EditorIdentity';
import { canvasOverlays, fitViewOptions } from '../canvas/zoom';
import { startPresenting } from '../canvas/presenting';
import { FileMenu } from '../export/FileMenu';
import { GUEST_EDIT_MESSAGE, selectIsGuest, useWorkshop } from '../../store/workshopStore';
import { ConnectionBadge } from '../workshop/ConnectionBadge';
import { FollowToggle } from '../workshop/GuestPanel';
import { WORKSHOP_SHORTCUT } from '../workshop/WorkshopLauncher';

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  error: 'Error — not saved',
  conflict: 'Conflict — not saved',
};

/** What the main area shows: the stage graph, or the table of every field. */
export type EditorViewMode = 'canvas' | 'register' | 'review';

interface TopBarProps {
  onClose: () => void;
  mode: EditorViewMode;
  onModeChange: (mode: EditorViewMode) => void;
}

/** Process title, save state, and the editing commands (each with its shortcut in the tooltip). */
export function TopBar({ onClose, mode, onModeChange }: TopBarProps): React.JSX.Element {
  const name = useEditor((state) => state.doc?.name ?? '');
  const status = useEditor((state) => state.saveStatus);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const heat = useEditor((state) => state.heat);
  const flow = useReactFlow<StageNode, TransitionEdge>();
  const guest = useWorkshop(selectIsGuest);
  // What is shown can be edited here: always outside a workshop; in the room only while editing
  // one's own proposal (the edit lock is lifted for it). Save state and edit tools follow it.
  const canEdit = useEditor((state) => state.editLock === null);

  return (
    <header className="top-bar">
      {!guest && (
        <button type="button" onClick={onClose} aria-label="Back to the process library">
          ← Processes
        </button>
      )}
      <h1 className="process-title" title={name}>
        {name}
      </h1>
      {guest && <ConnectionBadge />}
      {canEdit && (
        <span className={`save-status save-${status}`} role="status" aria-live="polite" data-testid="save-status">
          {STATUS_TEXT[status]}
        </span>
      )}
      {canEdit && status === 'error' && (
        <button type="button" onClick={() => void saveNow()}>
          Retry save
        </button>
      )}
      <div className="view-switch" role="group" aria-label="Show">
        <button type="button" aria-pressed={mode === 'canvas'} onClick={() => onModeChange('canvas')}>
          Stage graph
        </button>
        <button type="button" aria-pressed={mode === 'register'} onClick={() => onModeChange('register')}>
          Field register
        </button>
        <button type="button" aria-pressed={mode === 'review'} onClick={() => onModeChange('review')} title="History, proposals and comments">
          Review
        </button>
      </div>
      <div className="toolbar" role="toolbar" aria-label={guest ? 'View' : 'Editing'}>
        {/* Symbols, as in most editors: the words would push the bar past 1280 px. */}
        {canEdit && (
          <>
            <button type="button" className="icon-button" aria-label="Undo" onClick={() => useEditor.getState().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">
              ↶
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Redo"
              onClick={() => useEditor.getState().redo()}
              disabled={!canRedo}
              title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
            >
              ↷
            </button>
          </>
        )}
        {mode === 'canvas' && (
          <>
            {canEdit && (
              <>
                <button type="button" className="primary" onClick={() => addStageHere(flow)} title="Add a stage (N, or double-click the canvas)">
                  + Add stage
                </button>
                <button
                  type="button"
                  aria-label="Auto layout"
                  onClick={() => void runAutoLayout(flow, useEditor.getState().apply)}
                  title="Lay the graph out left to right (Shift+L)"
                >
                  Layout
                </button>
              </>
            )}
            <button type="button" aria-label="Fit view" onClick={() => void flow.fitView({ ...fitViewOptions(canvasOverlays(useEditor.getState())), duration: 200 })} title="Fit the whole process in view">
              Fit
            </button>
            <button
              type="button"
              aria-label="Heat view"
              aria-pressed={heat}
              onClick={() => useEditor.getState().toggleHeat()}
              title="Color stages by the admin minutes they cost per deal"
            >
              Heat
            </button>
            <button type="button" aria-label="Find" onClick={() => useEditor.getState().setFindOpen(true)} title="Find a stage or field (Ctrl+F or Ctrl+K)">
              Find
            </button>
            <button type="button" aria-label="Present" onClick={() => startPresenting()} title="Presentation mode: full screen, walk the stages with the arrow keys (F5)">
              ▶ Present
            </button>
          </>
        )}
      </div>
      <FileMenu canvasShown={mode === 'canvas'} guest={guest} />
      {guest ? <GuestIdentity /> : <WorkshopButton />}
      {!guest && <EditorIdentity />}
    </header>
  );
}

/**
 * While a workshop is open: that it is live and how many are here; it shows the join link. (The bar
 * is full at 1280 px, so starting one lives in File › Start workshop… and Shift+W.)
 */
function WorkshopButton(): React.JSX.Element | null {
  const open = useWorkshop((state) => state.info !== null);
  const here = useWorkshop((state) => state.peers.filter((peer) => peer.user.role !== 'facilitator').length);
  if (!open) return null;
  return (
    <button
      type="button"
      className={open ? 'icon-button workshop-button live' : 'icon-button workshop-button'}
      onClick={() => useWorkshop.getState().setStartDialogOpen(true)}
      aria-label={open ? `Live workshop, ${here} here: show the join link` : 'Start workshop'}
      title={open ? `Live workshop, ${here} here: show the join link and QR code (${WORKSHOP_SHORTCUT})` : `Start a live workshop: everyone joins from their own browser (${WORKSHOP_SHORTCUT})`}
    >
      <svg className="workshop-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="2.6" fill="currentColor" />
        <path d="M7.8 7.8a6 6 0 0 0 0 8.4M16.2 7.8a6 6 0 0 1 0 8.4M4.9 4.9a10 10 0 0 0 0 14.2M19.1 4.9a10 10 0 0 1 0 14.2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {open && <span className="workshop-count">{here}</span>}
    </button>
  );
}

/** A participant's name and department, and whether they follow the facilitator. */
function GuestIdentity(): React.JSX.Element | null {
  const participant = useWorkshop((state) => state.whoami?.participant ?? null);
  const department = useEditor((state) => state.doc?.departments.find((item) => item.id === participant?.departmentId)?.name);
  if (!participant) return null;
  return (
    <>
      <FollowToggle />
      <span className="identity guest-identity" data-testid="identity" title={`${participant.name}${department ? ` · ${department}` : ''} — ${GUEST_EDIT_MESSAGE}`}>
        {participant.name}
        {department ? ` · ${department}` : ''}
      </span>
    </>
  );
}
