import { CommentThreads } from '../review/CommentThreads';
import { EditLock, EditLockNote } from './EditLock';
import { probabilityPercent, shareFromPercent, sumsToOne } from '../../../../shared/model/rules';
import { TransitionSchema, type Transition } from '../../../../shared/model/schema';
import { disconnect, setProbability, spreadRemainingProbability, updateTransition } from '../../../../shared/model/commands';
import { useEditor } from '../../store/editorStore';
import { formatPercent } from '../../format';
import { FormRow } from './FormRow';
import { useValidatedEdit, parseNumber } from './useValidatedEdit';

/** A transition: probability (in %), label, and the exits of its source stage. */
export function TransitionInspector({ transition }: { transition: Transition }): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const doc = useEditor((state) => state.doc);
  if (!doc) return <></>;
  const from = doc.stages.find((stage) => stage.id === transition.from);
  const to = doc.stages.find((stage) => stage.id === transition.to);
  const siblings = doc.transitions.filter((item) => item.from === transition.from);
  const sum = siblings.reduce((total, item) => total + item.probability, 0);
  return <TransitionForm transition={transition} fromName={from?.name ?? transition.from} toName={to?.name ?? transition.to} sum={sum} apply={apply} />;
}

function TransitionForm({
  transition,
  fromName,
  toName,
  sum,
  apply,
}: {
  transition: Transition;
  fromName: string;
  toName: string;
  sum: number;
  apply: ReturnType<typeof useEditor.getState>['apply'];
}): React.JSX.Element {
  const edit = useValidatedEdit<Transition>(transition, TransitionSchema, (patch, key) =>
    apply(
      (doc) =>
        key === 'probability' && patch.probability !== undefined
          ? setProbability(doc, transition.id, patch.probability)
          : updateTransition(doc, transition.id, patch),
      { capture: { coalesce: `transition:${transition.id}:${key}` } },
    ),
  );
  return (
    <div data-testid="transition-inspector">
      <h2>
        {fromName} → {toName}
      </h2>
      <EditLockNote />
      <EditLock>
      <FormRow
        label="Probability (%)"
        hint="Share of deals leaving the first stage that take this path."
        error={edit.error('probability')}
      >
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            value={edit.error('probability') ? edit.text('probability') : String(probabilityPercent(transition.probability))}
            onChange={(event) => edit.change('probability', event.target.value, (raw) => shareFromPercent(parseNumber(raw)))}
          />
        )}
      </FormRow>
      <FormRow label="Label" hint='e.g. "back to re-quote"' error={edit.error('label')}>
        {(props) => <input {...props} value={edit.text('label')} onChange={(event) => edit.change('label', event.target.value, (raw) => raw)} />}
      </FormRow>
      <p className={!sumsToOne(sum) ? 'field-error' : 'muted'}>
        Exits of {fromName} sum to {formatPercent(sum)}.
        {!sumsToOne(sum) && (
          <button type="button" className="link" onClick={() => apply((doc) => spreadRemainingProbability(doc, transition.from), { capture: 'record' })}>
            {sum < 1 ? 'Spread the rest evenly' : 'Scale to 100%'}
          </button>
        )}
      </p>
      <button type="button" className="danger" onClick={() => apply((doc) => disconnect(doc, transition.id), { capture: 'record' })}>
        Delete transition
      </button>
      </EditLock>
      <CommentThreads target={{ kind: 'transition', transitionId: transition.id }} />
    </div>
  );
}
