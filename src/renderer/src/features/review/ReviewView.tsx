import { useEffect, useMemo, useState } from 'react';
import { countOverdue, openChallenges, reviewEveryMonths } from '../../../../shared/review/fieldReview';
import { threadsOf } from '../../../../shared/review/comments';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';
import { CommentsPanel } from './CommentsPanel';
import { ComparePage } from './ComparePage';
import { HistoryPanel } from './HistoryPanel';
import { ProposalPage } from './ProposalPage';
import { ProposalsPanel } from './ProposalsPanel';
import { selectIsGuest, useWorkshop } from '../../store/workshopStore';

/** Which part of the review area is shown. */
export type ReviewPage =
  | { tab: 'history' }
  | { tab: 'history'; compare: { from: number; to: number } }
  | { tab: 'proposals' }
  | { tab: 'proposals'; proposalId: string }
  | { tab: 'comments' };

interface ReviewViewProps {
  page: ReviewPage;
  onPage: (page: ReviewPage) => void;
  /** Shows the stage graph (after opening a revision or starting to edit a proposal). */
  onShowCanvas: () => void;
  /** Shows the inspector for what a comment is about. */
  onShowInspector: () => void;
}

/**
 * Where the review is held: headline counts (overdue, open challenges and threads, proposals in
 * review), the review cadence, and the History, Proposals and Comments lists.
 */
export function ReviewView({ page, onPage, onShowCanvas, onShowInspector }: ReviewViewProps): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const readOnly = useEditor((state) => state.readOnly);
  const proposals = useReview((state) => state.proposals);
  const comments = useReview((state) => state.comments);
  const editingProposal = useReview((state) => state.proposal);
  const today = new Date().toISOString().slice(0, 10);
  const [cadence, setCadence] = useState('');
  // The history is the facilitator's; the room works with proposals and comments.
  const guest = useWorkshop(selectIsGuest);
  if (guest && page.tab === 'history') page = { tab: 'proposals' };

  useEffect(() => {
    if (doc) setCadence(String(reviewEveryMonths(doc)));
  }, [doc]);

  const headline = useMemo(() => {
    if (!doc) return null;
    return {
      overdue: countOverdue(doc, today),
      challenges: openChallenges(doc).length,
      threads: threadsOf(comments.filter((comment) => comment.challengeId === undefined)).filter((thread) => thread.open).length,
      inReview: proposals.filter((proposal) => proposal.status === 'in-review').length,
    };
  }, [doc, comments, proposals, today]);
  if (!doc || !headline) return <></>;

  const cadenceValue = Number(cadence);
  const cadenceError = !Number.isInteger(cadenceValue) || cadenceValue < 1 || cadenceValue > 120 ? 'a whole number of months, 1 to 120' : null;
  const saveCadence = (): void => {
    if (cadenceError || cadenceValue === reviewEveryMonths(doc)) return;
    useEditor.getState().apply((current) => ({ ...current, reviewEveryMonths: cadenceValue }), { capture: 'record' });
  };

  const tabs = [
    ...(guest ? [] : [{ id: 'history', label: 'History' } as const]),
    { id: 'proposals', label: `Proposals${headline.inReview > 0 ? ` (${headline.inReview} in review)` : ''}` },
    { id: 'comments', label: `Comments${headline.threads > 0 ? ` (${headline.threads} open)` : ''}` },
  ] as const;

  return (
    <section className="review-view" aria-labelledby="review-heading" data-testid="review-view">
      <div className="register-head">
        <h2 id="review-heading">Review</h2>
        {editingProposal && (
          <p className="banner banner-warning" role="note">
            The editor is showing the proposal “{editingProposal.title}”; the figures below are the proposal’s.
          </p>
        )}
        {readOnly && (
          <p className="banner banner-warning" role="note">
            The editor is showing {readOnly} read-only; the figures below are that revision’s.
          </p>
        )}
        <dl className="figures review-headline" data-testid="review-headline">
          <div className={`figure${headline.overdue > 0 ? ' attention' : ''}`}>
            <dt>Overdue for review</dt>
            <dd>
              <strong data-testid="overdue-count">{headline.overdue}</strong> field{headline.overdue === 1 ? '' : 's'}
            </dd>
          </div>
          <div className="figure">
            <dt>Open challenges</dt>
            <dd>
              <strong>{headline.challenges}</strong>
            </dd>
          </div>
          <div className="figure">
            <dt>Open comment threads</dt>
            <dd>
              <strong>{headline.threads}</strong>
            </dd>
          </div>
          <div className="figure">
            <dt>Proposals in review</dt>
            <dd>
              <strong>{headline.inReview}</strong>
            </dd>
          </div>
        </dl>
        <div className="register-filters">
          <label>
            Review every (months)
            <input
              type="number"
              min={1}
              max={120}
              value={cadence}
              aria-invalid={cadenceError !== null}
              disabled={readOnly !== null || guest}
              onChange={(event) => setCadence(event.target.value)}
              onBlur={saveCadence}
              onKeyDown={(event) => event.key === 'Enter' && saveCadence()}
            />
            {cadenceError && <span className="field-error">Must be {cadenceError}.</span>}
          </label>
          <p className="muted small">Justifying a field sets its next review date this many months ahead.</p>
        </div>
        <div role="tablist" aria-label="Review" className="tabs review-tabs">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="tab"
              aria-selected={page.tab === tab.id}
              className={`tab${page.tab === tab.id ? ' active' : ''}`}
              onClick={() => onPage({ tab: tab.id } as ReviewPage)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div className="review-body" role="tabpanel">
        {page.tab === 'history' && 'compare' in page && (
          <ComparePage from={page.compare.from} to={page.compare.to} onBack={() => onPage({ tab: 'history' })} />
        )}
        {page.tab === 'history' && !('compare' in page) && (
          <HistoryPanel onShowCanvas={onShowCanvas} onCompare={(from, to) => onPage({ tab: 'history', compare: { from, to } })} />
        )}
        {page.tab === 'proposals' && 'proposalId' in page && (
          <ProposalPage proposalId={page.proposalId} onBack={() => onPage({ tab: 'proposals' })} onEdit={onShowCanvas} />
        )}
        {page.tab === 'proposals' && !('proposalId' in page) && (
          <ProposalsPanel onOpen={(proposalId) => onPage({ tab: 'proposals', proposalId })} onEdit={onShowCanvas} />
        )}
        {page.tab === 'comments' && <CommentsPanel onShow={onShowInspector} />}
      </div>
    </section>
  );
}
