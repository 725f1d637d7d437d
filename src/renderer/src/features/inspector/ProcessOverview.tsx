import { useEditor } from '../../store/editorStore';
import type { Problem } from '../../../../shared/model/problems';
import { FormRow } from './FormRow';
import { EditLock, EditLockNote } from './EditLock';
import { useWorkshop } from '../../store/workshopStore';
import { describeFlagged, describeProblems, summarizeProblems } from '../../../../shared/model/problemSummary';
import { updateDetails } from '../../../../shared/model/commands';

/** Shown when nothing is selected: the process's name and purpose, and how to work the canvas. */
export function ProcessOverview({ problems }: { problems: Problem[] }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const apply = useEditor((state) => state.apply);
  const locked = useEditor((state) => state.editLock !== null);
  const workshopOpen = useWorkshop((state) => state.info !== null);
  if (!doc) return <></>;
  const fieldCount = doc.stages.reduce((n, stage) => n + stage.fields.length, 0);
  const summary = summarizeProblems(problems);
  return (
    <div className="process-overview">
      <h2>Process</h2>
      <EditLockNote />
      <EditLock>
      <FormRow label="Name">
        {(props) => (
          <input
            {...props}
            value={doc.name}
            onChange={(event) => {
              const name = event.target.value;
              if (name.trim()) apply((current) => updateDetails(current, { name }), { capture: { coalesce: 'process:name' } });
            }}
          />
        )}
      </FormRow>
      <FormRow label="Description">
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={doc.description}
            onChange={(event) => {
              const description = event.target.value;
              apply((current) => updateDetails(current, { description }), { capture: { coalesce: 'process:description' } });
            }}
          />
        )}
      </FormRow>
      </EditLock>
      <p>
        {doc.stages.length} stages, {fieldCount} fields.
      </p>
      <p data-testid="overview-problems" className={summary.errors > 0 ? 'overview-problems has-errors' : 'overview-problems'}>
        {describeProblems(summary)} {describeFlagged(summary)}
      </p>
      {!locked && !workshopOpen && (
        <p className="workshop-hint">
          <strong>In a workshop?</strong> <button type="button" className="link" onClick={() => useWorkshop.getState().setStartDialogOpen(true)}>Start a live workshop</button>{' '}
          (<kbd>Shift</kbd>+<kbd>W</kbd>, or File): everyone joins from their own laptop, says which fields they fill and read, votes and asks.
        </p>
      )}
      {!locked && <h3>Working the canvas</h3>}
      {!locked && <ul className="shortcuts">
        <li>
          <kbd>N</kbd> or double-click the canvas — add a stage; <kbd>F2</kbd> or double-click a stage — rename it
        </li>
        <li>Drag from a stage’s right edge to another stage — connect them; click a percentage to change it</li>
        <li>
          <kbd>Shift</kbd>+drag — select several; <kbd>Ctrl</kbd>+<kbd>C</kbd> / <kbd>Ctrl</kbd>+<kbd>V</kbd> — copy and paste
        </li>
        <li>
          <kbd>Delete</kbd> — delete the selection; <kbd>Ctrl</kbd>+<kbd>Z</kbd> / <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> — undo / redo
        </li>
        <li>
          <kbd>Shift</kbd>+<kbd>L</kbd> — automatic layout; <kbd>Ctrl</kbd>+<kbd>S</kbd> — save now (it also saves by itself)
        </li>
      </ul>}
    </div>
  );
}
