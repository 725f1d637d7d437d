import { useMemo, useState } from 'react';
import type { Field, FieldStatus, Stage } from '../../../../shared/model/schema';
import { FIELD_ACTION_LABEL, FIELD_TRANSITIONS, REASON_REQUIRED, openChallengeOf } from '../../../../shared/review/fieldReview';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';
import { STATUS_LABEL } from '../inspector/labels';
import { addComment } from './commentActions';
import { CommentView } from './CommentThreads';
import { ReasonDialog } from './ReasonDialog';
import { changeFieldStatus } from './reviewActions';
import { formatWhen } from './when';

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A field's place in the review: its status, the moves the shared state machine allows from it
 * (nothing else is offered), the open challenge with its answers, and every past decision.
 */
export function FieldReview({ field, stage }: { field: Field; stage: Stage }): React.JSX.Element {
  const departments = useEditor((state) => state.doc?.departments ?? []);
  // The review decisions change the process: not the room's (participants challenge live instead).
  const readOnly = useEditor((state) => state.readOnly !== null || state.editLock !== null);
  const comments = useReview((state) => state.comments);
  const [asking, setAsking] = useState<FieldStatus | null>(null);
  const [answer, setAnswer] = useState('');
  const nameOf = (id: string | undefined): string => departments.find((item) => item.id === id)?.name ?? id ?? '';
  const challenge = openChallengeOf(field);
  const answers = useMemo(
    () => (challenge ? comments.filter((comment) => comment.challengeId === challenge.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt)) : []),
    [comments, challenge],
  );
  const ref = { stageId: stage.id, fieldId: field.id };
  const requester = nameOf(field.requestedBy);

  const run = async (to: FieldStatus, reason: string): Promise<void> => {
    const outcome = await changeFieldStatus([ref], to, reason);
    if (outcome && outcome.refused.length > 0) throw new Error(outcome.refused.join(' '));
    setAsking(null);
  };

  return (
    <fieldset className="field-review" data-testid="field-review">
      <legend>Review</legend>
      <p className="review-status">
        Status: <span className={`status status-${field.status}`}>{STATUS_LABEL[field.status]}</span>
        {field.reviewBy && <span className="muted"> · review by {field.reviewBy}</span>}
      </p>
      {!readOnly && (
        <div className="review-actions" role="group" aria-label="Review decisions">
          {FIELD_TRANSITIONS[field.status].map((to) => (
            <button key={to} type="button" onClick={() => setAsking(to)}>
              {capitalize(FIELD_ACTION_LABEL[to])}
              {REASON_REQUIRED.has(to) ? '…' : ''}
            </button>
          ))}
        </div>
      )}
      {challenge && (
        <div className="challenge" data-testid="challenge-thread">
          <p className="challenge-question">
            <strong>Question to {nameOf(challenge.addressedTo)}:</strong> {challenge.reason || <em>(no question recorded)</em>}
          </p>
          <p className="muted small">
            Asked by {challenge.by.name} ({nameOf(challenge.by.departmentId)}) · {formatWhen(challenge.at)}
          </p>
          {answers.map((comment) => (
            <CommentView key={comment.id} comment={comment} reply />
          ))}
          {!readOnly && (
            <form
              className="comment-new"
              onSubmit={(event) => {
                event.preventDefault();
                if (!answer.trim()) return;
                void addComment({ kind: 'field', stageId: stage.id, fieldId: field.id }, answer.trim(), { challengeId: challenge.id }).then(
                  (ok) => ok && setAnswer(''),
                );
              }}
            >
              <textarea aria-label="Answer the challenge" rows={2} value={answer} placeholder={`Answer for ${nameOf(challenge.addressedTo)}…`} onChange={(event) => setAnswer(event.target.value)} />
              <button type="submit" disabled={!answer.trim()}>
                Answer
              </button>
            </form>
          )}
        </div>
      )}
      {(field.reviewLog?.length ?? 0) > 0 && (
        <details className="review-log">
          <summary>Decisions ({field.reviewLog?.length})</summary>
          <ol>
            {[...(field.reviewLog ?? [])].reverse().map((event) => (
              <li key={event.id}>
                <strong>
                  {STATUS_LABEL[event.from]} → {STATUS_LABEL[event.to]}
                </strong>{' '}
                by {event.by.name} ({nameOf(event.by.departmentId)}) · {formatWhen(event.at)}
                {event.reason && <div className="muted">“{event.reason}”</div>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {asking && (
        <ReasonDialog
          title={`${capitalize(FIELD_ACTION_LABEL[asking])} “${field.label}”`}
          intro={
            asking === 'challenged'
              ? `The question goes to ${requester}, who asked for this field.`
              : asking === 'justified'
                ? 'Justifying sets the next review date from the process’s review cadence.'
                : undefined
          }
          label={asking === 'challenged' ? `Question to ${requester}` : REASON_REQUIRED.has(asking) ? 'Reason (required)' : 'Reason (optional)'}
          placeholder={asking === 'challenged' ? `Who reads ${field.label}? What decision needs it?` : undefined}
          required={REASON_REQUIRED.has(asking)}
          requiredMessage={asking === 'challenged' ? 'A challenge is a question: write it for the department that asked for the field.' : 'Retiring a field needs a reason.'}
          confirmLabel={capitalize(FIELD_ACTION_LABEL[asking])}
          onConfirm={(reason) => run(asking, reason)}
          onCancel={() => setAsking(null)}
        />
      )}
    </fieldset>
  );
}
