import type { Field } from '../../../../shared/model/schema';
import { useWorkshop } from '../../store/workshopStore';
import { VoteButtons } from './FieldLiveActions';
import { markField, voteField } from './workshopActions';

/**
 * A participant's say on a field in one compact row (the stage's field list, the register):
 * fill, read, and the vote. The challenge and the tallies are on the field itself.
 */
export function FieldQuickActions({ stageId, field }: { stageId: string; field: Pick<Field, 'id' | 'label'> }): React.JSX.Element {
  const mark = useWorkshop((state) => state.mine.marks[field.id]);
  const vote = useWorkshop((state) => state.mine.votes[field.id]);
  const ref = { stageId, fieldId: field.id, label: field.label };
  return (
    <span className="quick-actions" data-testid="quick-actions">
      <span role="group" aria-label={`How you use ${field.label}`} className="quick-marks">
        <button type="button" className="live-toggle" aria-pressed={mark?.fills ?? false} onClick={() => markField(ref, 'fills', !(mark?.fills ?? false))} title="I fill this field">
          Fill
        </button>
        <button type="button" className="live-toggle" aria-pressed={mark?.reads ?? false} onClick={() => markField(ref, 'reads', !(mark?.reads ?? false))} title="I read this field">
          Read
        </button>
      </span>
      <VoteButtons choice={vote ?? null} onVote={(choice) => voteField(ref, choice)} fieldLabel={field.label} compact />
    </span>
  );
}
