import type { Problem } from '../../../../shared/model/problems';
import type { Process } from '../../../../shared/model/schema';
import { problemSentence } from './problemSentence';

/** Shown instead of figures when the engines refuse the process: what is wrong, and where. */
export function EngineRefusal({ problems, doc, what = 'The simulation' }: { problems: Problem[]; doc: Process; what?: string }): React.JSX.Element {
  const shown = problems.slice(0, 8);
  return (
    <div className="burden-refusal" role="alert" data-testid="burden-refusal">
      <p>
        <strong>{what} needs a valid process.</strong> Fix {problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} and the figures come back:
      </p>
      <ul className="refusal-list">
        {shown.map((problem, i) => (
          <li key={`${problem.path}-${i}`}>{problemSentence(problem, doc)}</li>
        ))}
      </ul>
      {problems.length > shown.length && <p className="small muted">…and {problems.length - shown.length} more in the Problems tab.</p>}
    </div>
  );
}
