import { useCallback, useEffect, useState } from 'react';
import type { Process } from '../../../../shared/model/schema';
import type { MergeConflict } from '../../../../shared/review/merge';
import { acceptBlocker } from '../../../../shared/review/proposal';
import type { Proposal } from '../../../../shared/review/schema';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useIdentity } from '../../store/identityStore';
import { useWorkshop } from '../../store/workshopStore';
import { mayCallOnProposal } from '../../../../shared/live/permissions';
import type { Channel } from '../../../../shared/api/contract';
import { useReview } from '../../store/reviewStore';
import { DiffView, type DiffReport } from '../diff/DiffView';
import { ConflictPicker } from './ConflictPicker';
import { PROPOSAL_STATUS_LABEL, proposalCall, showAcceptedProcess, startEditingProposal } from './proposalActions';
import { ReasonDialog } from './ReasonDialog';
import { formatWhen } from './when';

interface Loaded {
  proposal: Proposal;
  base: Process;
  report: DiffReport;
  baseRevision: number;
  currentRevision: number;
  conflicts: MergeConflict[];
}

type Asking = 'approve' | 'request-changes' | 'reject' | 'withdraw' | 'accept' | null;

/**
 * One proposal: what it changes (burden delta, who loses data, the diff on the canvas), who must
 * sign it off and what they said, and the actions its status allows.
 */
export function ProposalPage({ proposalId, onBack, onEdit }: { proposalId: string; onBack: () => void; onEdit: () => void }): React.JSX.Element {
  const processId = useReview((state) => state.processId);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const me = useIdentity((state) => state.editor);
  // In a live workshop the room sees only the actions the host would let it take.
  const role = useWorkshop((state) => state.role);
  const roomMe = useWorkshop((state) => state.whoami?.participant ?? null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [resolutions, setResolutions] = useState<Record<string, 'process' | 'proposal'> | null>(null);
  const [addReviewer, setAddReviewer] = useState('');
  const nameOf = (id: string): string => departments.find((item) => item.id === id)?.name ?? id;

  const load = useCallback(async () => {
    if (!processId) return;
    try {
      const [proposal, compare] = await Promise.all([
        call('proposal:open', { processId, proposalId }),
        call('proposal:compare', { processId, proposalId }),
      ]);
      setLoaded({ proposal, ...compare });
      setError(null);
      // The banner of a proposal open in the editor shows its status: keep it current.
      if (useReview.getState().proposal?.id === proposal.id) useReview.getState().setProposal(proposal);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [processId, proposalId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <div className="review-page">
        <button type="button" className="link" onClick={onBack}>
          ← Proposals
        </button>
        <p className="banner banner-error" role="alert">
          Could not open the proposal: {error}
        </p>
      </div>
    );
  }
  if (!loaded) return <p className="muted">Opening the proposal…</p>;
  const { proposal, report } = loaded;
  const status = proposal.status;
  const myReviewer = proposal.reviewers.find((reviewer) => reviewer.departmentId === me.departmentId);
  const blocker = acceptBlocker(proposal, nameOf);
  const final = status === 'accepted' || status === 'rejected' || status === 'withdrawn';
  const may = (channel: Channel): boolean =>
    mayCallOnProposal(role, channel, proposal.author, roomMe ? { name: roomMe.name, departmentId: roomMe.departmentId } : null);
  const mayMove = may('proposal:set-status');
  const mayAnything = may('proposal:save') || mayMove || may('proposal:review') || may('proposal:accept');

  const act = async (why: string, action: (ids: { processId: string; proposalId: string }, author: { name: string; departmentId: string }) => Promise<unknown>): Promise<void> => {
    await proposalCall(why, (ids, author) => action({ ...ids, proposalId }, author));
    setAsking(null);
    await Promise.all([load(), useReview.getState().refreshProposals()]);
  };
  const run = (why: string, action: Parameters<typeof act>[1]): void => {
    act(why, action).catch((caught: unknown) => useEditor.getState().notify(errorMessage(caught), 'error'));
  };

  const accept = async (reason: string): Promise<void> => {
    const result = await proposalCall('Accepting is recorded with who accepted and why.', (ids, author) =>
      call('proposal:accept', { ...ids, proposalId, author, reason, ...(resolutions ? { resolutions } : {}) }),
    );
    setAsking(null);
    setResolutions(null);
    await showAcceptedProcess(result.process);
    useEditor.getState().notify(`“${proposal.title}” accepted as revision ${result.process.revision}.`);
    await load();
  };


  return (
    <div className="review-page proposal-page" data-testid="proposal-page">
      <button type="button" className="link" onClick={onBack}>
        ← Proposals
      </button>
      <header className="proposal-head">
        <h3>
          {proposal.title} <span className={`proposal-status status-${status}`}>{PROPOSAL_STATUS_LABEL[status]}</span>
        </h3>
        <p className="muted">
          by {proposal.author.name} ({nameOf(proposal.author.departmentId)}) · based on revision {proposal.baseRevision}
          {loaded.currentRevision !== proposal.baseRevision && <> · the process is now at revision {loaded.currentRevision}</>}
          {proposal.acceptedAs && <> · accepted as revision {proposal.acceptedAs.revision}: “{proposal.acceptedAs.reason}”</>}
          {proposal.closedReason && <> · “{proposal.closedReason}”</>}
        </p>
        {proposal.description && <p>{proposal.description}</p>}
      </header>

      {!final && !mayAnything && (
        <p className="muted small" role="note">
          In the workshop only {proposal.author.name}, who made this proposal, can change or withdraw it; the facilitator signs it off.
        </p>
      )}
      {!final && mayAnything && (
        <div className="proposal-actions" role="group" aria-label="Proposal actions">
          {(status === 'draft' || status === 'in-review') && may('proposal:save') && (
            <button
              type="button"
              onClick={() =>
                void startEditingProposal(proposal)
                  .then(onEdit)
                  .catch((caught: unknown) => useEditor.getState().notify(errorMessage(caught), 'error'))
              }
            >
              Edit in the editor
            </button>
          )}
          {status === 'draft' && mayMove && (
            <button
              type="button"
              className="primary"
              onClick={() => run('Submitting is recorded with who did it.', (ids, author) => call('proposal:set-status', { ...ids, author, status: 'in-review' }))}
            >
              Submit for review
            </button>
          )}
          {status === 'in-review' && may('proposal:review') && (
            <>
              <button type="button" onClick={() => setAsking('approve')} disabled={!myReviewer} title={myReviewer ? undefined : 'Your department is not a reviewer of this proposal'}>
                Approve…
              </button>
              <button type="button" onClick={() => setAsking('request-changes')} disabled={!myReviewer} title={myReviewer ? undefined : 'Your department is not a reviewer of this proposal'}>
                Request changes…
              </button>
            </>
          )}
          {status === 'in-review' && may('proposal:accept') && (
            <button type="button" className="primary" onClick={() => setAsking('accept')} disabled={blocker !== undefined} title={blocker}>
              Accept…
            </button>
          )}
          {status === 'in-review' && mayMove && (
            <>
              <button type="button" onClick={() => setAsking('reject')}>
                Reject…
              </button>
              <button
                type="button"
                onClick={() => run('Moving a proposal back to draft is recorded.', (ids, author) => call('proposal:set-status', { ...ids, author, status: 'draft' }))}
              >
                Back to draft
              </button>
            </>
          )}
          {mayMove && (
            <button type="button" className="danger" onClick={() => setAsking('withdraw')}>
              Withdraw…
            </button>
          )}
        </div>
      )}
      {status === 'in-review' && blocker && <p className="muted small">{blocker}</p>}

      <section className="reviewers" aria-label="Reviewers">
        <h4>Sign-off</h4>
        {proposal.reviewers.length === 0 && <p className="muted small">No reviewers yet: the departments whose fields change are added when it is submitted{!final && may('proposal:set-reviewers') ? '; add others below' : ''}.</p>}
        <ul>
          {proposal.reviewers.map((reviewer) => (
            <li key={reviewer.departmentId} className={`verdict verdict-${reviewer.decision?.verdict ?? 'pending'}`} data-testid="reviewer">
              <strong>{nameOf(reviewer.departmentId)}</strong>
              {reviewer.affected && <span className="muted small"> (its fields change)</span>}:{' '}
              {reviewer.decision ? (
                <>
                  {reviewer.decision.verdict === 'approve' ? '✓ approved' : '✎ changes requested'} by {reviewer.decision.by.name} · {formatWhen(reviewer.decision.at)}
                  {reviewer.decision.comment && <div className="muted">“{reviewer.decision.comment}”</div>}
                </>
              ) : (
                '… waiting'
              )}
            </li>
          ))}
        </ul>
        {!final && may('proposal:set-reviewers') && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!addReviewer) return;
              run('Changing reviewers is recorded.', (ids, author) =>
                call('proposal:set-reviewers', { ...ids, author, departmentIds: [...proposal.reviewers.map((reviewer) => reviewer.departmentId), addReviewer] }),
              );
              setAddReviewer('');
            }}
          >
            <select aria-label="Add a reviewing department" value={addReviewer} onChange={(event) => setAddReviewer(event.target.value)}>
              <option value="">Add a reviewing department…</option>
              {departments
                .filter((department) => !proposal.reviewers.some((reviewer) => reviewer.departmentId === department.id))
                .map((department) => (
                  <option key={department.id} value={department.id}>
                    {department.name}
                  </option>
                ))}
            </select>
            <button type="submit" disabled={!addReviewer}>
              Add
            </button>
          </form>
        )}
      </section>

      {loaded.conflicts.length > 0 && !final && (
        <p className="banner banner-warning" role="note">
          The process moved on since revision {proposal.baseRevision}: {loaded.conflicts.length} change{loaded.conflicts.length === 1 ? '' : 's'} overlap and
          will be picked one by one when accepting. Everything else merges by itself.
        </p>
      )}

      <DiffView before={loaded.base} after={proposal.document} report={report} title={`Proposal against revision ${proposal.baseRevision}`} />

      <details className="proposal-timeline">
        <summary>Timeline ({proposal.events.length})</summary>
        <ol>
          {proposal.events.map((event, index) => (
            <li key={index}>
              {formatWhen(event.at)} · {event.by.name} ({nameOf(event.by.departmentId)}) · {event.text}
            </li>
          ))}
        </ol>
      </details>

      {(asking === 'approve' || asking === 'request-changes') && (
        <ReasonDialog
          title={asking === 'approve' ? `Approve for ${nameOf(me.departmentId)}` : `Request changes for ${nameOf(me.departmentId)}`}
          label={asking === 'approve' ? 'Comment (optional)' : 'What has to change (required)'}
          required={asking === 'request-changes'}
          requiredMessage="Say what has to change."
          confirmLabel={asking === 'approve' ? 'Approve' : 'Request changes'}
          onConfirm={(comment) => act('Sign-off is recorded with who gave it.', (ids, author) => call('proposal:review', { ...ids, author, verdict: asking, comment }))}
          onCancel={() => setAsking(null)}
        />
      )}
      {(asking === 'reject' || asking === 'withdraw') && (
        <ReasonDialog
          title={asking === 'reject' ? 'Reject the proposal' : 'Withdraw the proposal'}
          label="Reason"
          required={false}
          confirmLabel={asking === 'reject' ? 'Reject' : 'Withdraw'}
          onConfirm={(reason) =>
            act('Closing a proposal is recorded.', (ids, author) =>
              call('proposal:set-status', { ...ids, author, status: asking === 'reject' ? 'rejected' : 'withdrawn', ...(reason ? { reason } : {}) }),
            )
          }
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === 'accept' && loaded.conflicts.length > 0 && !resolutions && (
        <ConflictPicker conflicts={loaded.conflicts} onDone={setResolutions} onCancel={() => setAsking(null)} />
      )}
      {asking === 'accept' && (loaded.conflicts.length === 0 || resolutions) && (
        <ReasonDialog
          title={`Accept “${proposal.title}”`}
          intro={`It becomes a new revision of the process; the history names the proposal, ${proposal.author.name} as its author, the approvers and your reason.`}
          label="Reason (required)"
          placeholder="e.g. Agreed in the quarterly review: finance and marketing signed off"
          required
          requiredMessage="Accepting a proposal needs a reason."
          confirmLabel="Accept"
          onConfirm={accept}
          onCancel={() => {
            setAsking(null);
            setResolutions(null);
          }}
        />
      )}
    </div>
  );
}
