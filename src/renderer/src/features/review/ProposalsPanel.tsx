import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';
import { FormFooter, Modal } from '../app/Modal';
import { PROPOSAL_STATUS_LABEL, proposalCall, startEditingProposal } from './proposalActions';
import { formatWhen } from './when';
import { useWorkshop } from '../../store/workshopStore';

interface ProposalsPanelProps {
  onOpen: (proposalId: string) => void;
  /** Shows the editor (after starting to edit a new proposal). */
  onEdit: () => void;
}

/** Every proposal of the process with its status and reviews; a new one starts from the current revision. */
export function ProposalsPanel({ onOpen, onEdit }: ProposalsPanelProps): React.JSX.Element {
  const proposals = useReview((state) => state.proposals);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const revision = useEditor((state) => state.baseRevision);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ title: '', description: '' });
  const [error, setError] = useState<string | null>(null);
  const observer = useWorkshop((state) => state.role === 'observer');
  const nameOf = (id: string): string => departments.find((item) => item.id === id)?.name ?? id;

  useEffect(() => {
    void useReview.getState().refreshProposals();
  }, []);

  const create = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!draft.title.trim()) {
      setError('Give the proposal a name, e.g. “Cut the Discovery paperwork”.');
      return;
    }
    try {
      const proposal = await proposalCall('A proposal is signed by whoever makes it.', (ids, author) =>
        call('proposal:create', { ...ids, author, title: draft.title.trim(), description: draft.description.trim() }),
      );
      setCreating(false);
      setDraft({ title: '', description: '' });
      await startEditingProposal(proposal);
      onEdit();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="proposals" data-testid="proposals">
      <div className="history-actions">
        {!observer && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setError(null);
              setCreating(true);
            }}
          >
            New proposal…
          </button>
        )}
        <span className="muted small">A proposal is a named variant of revision {revision}, edited in the same editor and signed off by the departments it affects.</span>
      </div>
      {proposals.length === 0 && <p className="empty-state">No proposals yet. Propose a change with the numbers, and let the affected departments sign it off.</p>}
      <ul className="proposal-list">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="proposal-row" data-testid="proposal-row">
            <div>
              <button type="button" className="link proposal-title" onClick={() => onOpen(proposal.id)}>
                {proposal.title}
              </button>{' '}
              <span className={`proposal-status status-${proposal.status}`}>{PROPOSAL_STATUS_LABEL[proposal.status]}</span>
            </div>
            <div className="muted small">
              by {proposal.author.name} ({nameOf(proposal.author.departmentId)}) · based on revision {proposal.baseRevision} · {proposal.changeCount} change
              {proposal.changeCount === 1 ? '' : 's'} · {formatWhen(proposal.updatedAt)}
            </div>
            {proposal.reviewers.length > 0 && (
              <div className="small">
                {proposal.reviewers.map((reviewer) => (
                  <span key={reviewer.departmentId} className={`verdict verdict-${reviewer.decision?.verdict ?? 'pending'}`}>
                    {nameOf(reviewer.departmentId)}: {reviewer.decision ? (reviewer.decision.verdict === 'approve' ? '✓ approved' : '✎ changes requested') : '… pending'}
                  </span>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      {creating && (
        <Modal title="New proposal" onClose={() => setCreating(false)}>
          <form className="form-grid" onSubmit={(event) => void create(event)} noValidate>
            <p className="muted">Based on revision {revision}. You edit it in the editor; the process itself does not change until the proposal is accepted.</p>
            <label>
              Name
              <input value={draft.title} maxLength={200} onChange={(event) => setDraft({ ...draft, title: event.target.value })} autoFocus />
            </label>
            <label>
              What and why
              <textarea rows={3} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
            </label>
            <FormFooter error={error} onCancel={() => setCreating(false)} submitLabel="Create and edit" />
          </form>
        </Modal>
      )}
    </div>
  );
}
