import { errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';
import { endSession } from '../../store/viewSession';
import { PROPOSAL_STATUS_LABEL, stopEditingProposal } from './proposalActions';
import { formatWhen } from './when';

interface SessionBannerProps {
  /** Opens the proposal's page (changes and sign-off). */
  onOpenProposal: (proposalId: string) => void;
  /** Opens the history (to restore the shown revision from there). */
  onOpenHistory: () => void;
}

/**
 * Says plainly when the editor is not showing the process itself: an old revision (read-only) or
 * a proposal (edits go to the proposal) — and how to get back.
 */
export function SessionBanner({ onOpenProposal, onOpenHistory }: SessionBannerProps): React.JSX.Element | null {
  const proposal = useReview((state) => state.proposal);
  const revision = useReview((state) => state.revision);
  const readOnly = useEditor((state) => state.readOnly);
  const fail = (error: unknown): void => useEditor.getState().notify(errorMessage(error), 'error');

  if (proposal) {
    return (
      <div className="banner session-banner proposal-banner" role="region" aria-label="Proposal" data-testid="proposal-banner">
        <p>
          <strong>
            Proposal: {proposal.title} (based on revision {proposal.baseRevision})
          </strong>{' '}
          <span className="muted">
            · {PROPOSAL_STATUS_LABEL[proposal.status]} · edits are saved to the proposal; the process does not change until it is accepted
          </span>
        </p>
        <button type="button" className="primary" onClick={() => onOpenProposal(proposal.id)}>
          Changes and sign-off
        </button>
        <button type="button" onClick={() => void stopEditingProposal().catch(fail)}>
          Back to the process
        </button>
      </div>
    );
  }
  if (readOnly) {
    return (
      <div className="banner session-banner readonly-banner" role="region" aria-label="Read-only revision" data-testid="readonly-banner">
        <p>
          <strong>{readOnly} — read-only.</strong>{' '}
          {revision && (
            <span className="muted">
              {revision.author ? `${revision.author.name} · ` : ''}
              {formatWhen(revision.at)} · {revision.summary}
              {revision.reason ? ` · “${revision.reason}”` : ''}
            </span>
          )}
        </p>
        <button type="button" onClick={onOpenHistory}>
          History…
        </button>
        <button
          type="button"
          className="primary"
          onClick={() =>
            void endSession()
              .then(() => useReview.getState().setRevision(null))
              .catch(fail)
          }
        >
          Back to editing
        </button>
      </div>
    );
  }
  return null;
}
