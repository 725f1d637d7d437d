import { useEffect } from 'react';
import type { WorkshopRecord } from '../../../../shared/live/schema';
import { useWorkshop } from '../../store/workshopStore';
import { Modal } from '../app/Modal';
import { isTyping } from '../app/useEditorShortcuts';
import { formatWhen } from '../review/when';
import { StartWorkshopDialog } from './StartWorkshopDialog';

/** The shortcut that starts a workshop, or shows the join link of the open one. */
export const WORKSHOP_SHORTCUT = 'Shift+W';

/**
 * The facilitator's way into a workshop: Shift+W (or the top bar's button, or File › Start
 * workshop) opens the start dialog — or, with a workshop open, its join link — and after the
 * workshop ends, what it saved.
 */
export function WorkshopLauncher({ processId }: { processId: string }): React.JSX.Element | null {
  const open = useWorkshop((state) => state.startDialogOpen);
  const ended = useWorkshop((state) => state.endedRecord);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || event.code !== 'KeyW' || isTyping(event.target)) return;
      event.preventDefault();
      useWorkshop.getState().setStartDialogOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (ended) return <EndedSummary record={ended} onClose={() => useWorkshop.getState().setEndedRecord(null)} />;
  if (!open) return null;
  return <StartWorkshopDialog processId={processId} onClose={() => useWorkshop.getState().setStartDialogOpen(false)} />;
}

/** What the ended workshop left in the workspace. */
function EndedSummary({ record, onClose }: { record: WorkshopRecord; onClose: () => void }): React.JSX.Element {
  const people = record.participants.length;
  return (
    <Modal title="Workshop ended and saved" onClose={onClose}>
      <div data-testid="workshop-saved">
        <p>Everyone’s connection is closed. The workshop’s record is saved with the process:</p>
        <ul className="saved-summary">
          <li>
            <strong>{people}</strong> participant{people === 1 ? '' : 's'}
          </li>
          <li>
            <strong>{record.marks.length}</strong> “I fill / I read” mark{record.marks.length === 1 ? '' : 's'}
          </li>
          <li>
            <strong>{record.votes.length}</strong> vote{record.votes.length === 1 ? '' : 's'}
          </li>
          <li>
            <strong>{record.challenges.length}</strong> challenge{record.challenges.length === 1 ? '' : 's'} (also in the comments)
          </li>
        </ul>
        <p className="muted small">
          review/{record.processId}/workshops/{record.workshopId}.json · {formatWhen(record.startedAt)}
          {record.endedAt ? ` to ${formatWhen(record.endedAt)}` : ''}
        </p>
      </div>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
