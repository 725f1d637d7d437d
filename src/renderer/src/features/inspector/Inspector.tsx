import type { Problem } from '../../../../shared/model/problems';
import { useEditor } from '../../store/editorStore';
import { FieldForm } from './FieldForm';
import { StageInspector } from './StageInspector';
import { TransitionInspector } from './TransitionInspector';
import { ProcessOverview } from './ProcessOverview';

/** Shows whatever is selected: a field, a stage, a transition, or the process itself. */
export function Inspector({ problems }: { problems: Problem[] }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const selection = useEditor((state) => state.selection);
  const fieldId = useEditor((state) => state.fieldId);
  if (!doc) return <></>;

  if (fieldId) {
    for (const stage of doc.stages) {
      const field = stage.fields.find((item) => item.id === fieldId);
      if (field) return <FieldForm key={field.id} field={field} stage={stage} />;
    }
  }
  if (selection.stageIds.length === 1) {
    const stage = doc.stages.find((item) => item.id === selection.stageIds[0]);
    if (stage) return <StageInspector key={stage.id} stage={stage} />;
  }
  if (selection.stageIds.length === 0 && selection.transitionIds.length === 1) {
    const transition = doc.transitions.find((item) => item.id === selection.transitionIds[0]);
    if (transition) return <TransitionInspector key={transition.id} transition={transition} />;
  }
  if (selection.stageIds.length + selection.transitionIds.length > 1) {
    return (
      <div>
        <h2>
          {selection.stageIds.length} stages, {selection.transitionIds.length} transitions selected
        </h2>
        <p className="muted">Ctrl+C copies the stages, Ctrl+V pastes them, Delete removes the selection.</p>
      </div>
    );
  }
  return <ProcessOverview problems={problems} />;
}
