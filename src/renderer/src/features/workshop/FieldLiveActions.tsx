import { useState } from 'react';
import type { Field, Stage } from '../../../../shared/model/schema';
import { VoteChoiceSchema, type VoteChoice } from '../../../../shared/live/schema';
import { useWorkshop } from '../../store/workshopStore';
import { ReasonDialog } from '../review/ReasonDialog';
import { FieldTallies } from './FieldTallies';
import { challengeField, markField, VOTE_LABEL, voteField } from './workshopActions';

/**
 * A participant's say on one field: "I fill this" / "I read this", a keep / drop / not sure
 * vote, and a challenge (a question to the department that asked for the field). Observers see
 * the room's tallies only.
 */
export function FieldLiveActions({ field, stage }: { field: Field; stage: Stage }): React.JSX.Element {
  const role = useWorkshop((state) => state.role);
  const mark = useWorkshop((state) => state.mine.marks[field.id]);
  const vote = useWorkshop((state) => state.mine.votes[field.id]);
  const [asking, setAsking] = useState(false);
  const ref = { stageId: stage.id, fieldId: field.id, label: field.label };
  const participant = role === 'participant';

  return (
    <section className="live-actions" aria-label="Your say on this field" data-testid="live-actions">
      {participant && (
        <>
          <div className="live-row" role="group" aria-label="How you use this field">
            <LiveToggle pressed={mark?.fills ?? false} onToggle={(on) => markField(ref, 'fills', on)} label="I fill this" />
            <LiveToggle pressed={mark?.reads ?? false} onToggle={(on) => markField(ref, 'reads', on)} label="I read this" />
          </div>
          <VoteButtons choice={vote ?? null} onVote={(choice) => voteField(ref, choice)} fieldLabel={field.label} />
          <button type="button" className="challenge-button" onClick={() => setAsking(true)}>
            ? Challenge…
          </button>
        </>
      )}
      <FieldTallies fieldId={field.id} />
      {asking && (
        <ReasonDialog
          title={`Challenge “${field.label}”`}
          intro="Your question goes to the facilitator and the department that asked for this field, and is posted as a comment on it."
          label="Your question"
          placeholder={`Who reads ${field.label}? What decision needs it?`}
          required
          requiredMessage="A challenge is a question: write it for the department that asked for the field."
          confirmLabel="Challenge"
          onConfirm={async (question) => {
            challengeField(ref, question);
            setAsking(false);
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}

function LiveToggle({ pressed, onToggle, label }: { pressed: boolean; onToggle: (on: boolean) => void; label: string }): React.JSX.Element {
  return (
    <button type="button" className="live-toggle" aria-pressed={pressed} onClick={() => onToggle(!pressed)}>
      <span aria-hidden="true">{pressed ? '✓ ' : ''}</span>
      {label}
    </button>
  );
}

/** Keep / Drop / Not sure; pressing the chosen one again takes the vote back. */
export function VoteButtons({
  choice,
  onVote,
  fieldLabel,
  compact = false,
}: {
  choice: VoteChoice | null;
  onVote: (choice: VoteChoice | null) => void;
  fieldLabel: string;
  compact?: boolean;
}): React.JSX.Element {
  return (
    <div className={`vote-buttons${compact ? ' compact' : ''}`} role="group" aria-label={`Your vote on ${fieldLabel}`}>
      {VoteChoiceSchema.options.map((option) => (
        <button
          key={option}
          type="button"
          className={`vote vote-${option}`}
          aria-pressed={choice === option}
          onClick={() => onVote(choice === option ? null : option)}
          title={choice === option ? 'Press again to take your vote back' : undefined}
        >
          {VOTE_LABEL[option]}
        </button>
      ))}
    </div>
  );
}
