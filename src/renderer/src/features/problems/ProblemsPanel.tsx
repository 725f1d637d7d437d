import type { Problem } from '../../../../shared/model/problems';
import { useEditor } from '../../store/editorStore';
import { describeFlagged, describeProblems, summarizeProblems } from '../../../../shared/model/problemSummary';

/** Every validation finding, errors first; each one jumps to its stage or field. */
export function ProblemsPanel({ problems, onShow }: { problems: Problem[]; onShow: () => void }): React.JSX.Element {
  const selectStage = useEditor((state) => state.selectStage);
  const selectField = useEditor((state) => state.selectField);
  const setSelection = useEditor((state) => state.setSelection);
  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  const summary = summarizeProblems(problems);

  const show = (problem: Problem): void => {
    if (problem.stageId) selectStage(problem.stageId);
    else if (problem.transitionId) setSelection({ stageIds: [], transitionIds: [problem.transitionId] });
    if (problem.fieldId) selectField(problem.fieldId);
    onShow();
  };

  if (problems.length === 0) {
    return <p className="empty-state">No problems: every stage can be reached and left, and every required field says why it exists.</p>;
  }
  return (
    <div className="problems" data-testid="problems">
      <p className="problem-summary" data-testid="problem-summary">
        {describeProblems(summary)} {describeFlagged(summary)}
      </p>
      {errors.length > 0 && (
        <>
          <h2>Errors ({errors.length})</h2>
          <p className="muted">The simulation cannot run until these are fixed.</p>
          <ProblemList items={errors} onShow={show} />
        </>
      )}
      {warnings.length > 0 && (
        <>
          <h2>Warnings ({warnings.length})</h2>
          <p className="muted">Questions the process should be able to answer.</p>
          <ProblemList items={warnings} onShow={show} />
        </>
      )}
    </div>
  );
}

function ProblemList({ items, onShow }: { items: Problem[]; onShow: (problem: Problem) => void }): React.JSX.Element {
  return (
    <ul className="problem-list">
      {items.map((problem, index) => (
        <li key={`${problem.code}-${problem.path}-${index}`} className={`problem problem-${problem.severity}`}>
          <span className="problem-message">{problem.message}</span>
          <code className="problem-path">{problem.path}</code>
          {(problem.stageId || problem.fieldId || problem.transitionId) && (
            <button type="button" className="link" onClick={() => onShow(problem)}>
              Show
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
