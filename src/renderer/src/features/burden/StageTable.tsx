import type { StageRow } from '../../../../shared/sim/rollup';
import { formatMinutes } from '../../format';
import { finite, percent } from './burdenFormat';

/** Admin time by stage: how often deals get there, what one visit costs, what it adds up to. */
export function StageTable({ stages }: { stages: readonly StageRow[] }): React.JSX.Element {
  const rows = stages.filter((s) => s.secondsPerOpportunity > 0 || s.visitsPerOpportunity > 0);
  return (
    <table className="burden-table stage-table" aria-label="Admin time by stage">
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col" className="num" title="Share of opportunities that ever reach the stage">
            Reached
          </th>
          <th scope="col" className="num" title="Admin minutes one visit costs">
            Per visit
          </th>
          <th scope="col" className="num" title="Admin minutes per rep per month">
            Per rep-month
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.stageId} className={s.overBudget ? 'over-budget-row' : undefined}>
            <th scope="row">{s.label}</th>
            <td className="num">{percent(s.reachProbability)}</td>
            <td className="num">
              {formatMinutes(finite(s.minutesPerVisit))}
              {s.overBudget && s.adminBudgetMinutes !== undefined && (
                <span className="cell-note over-budget">over its {formatMinutes(s.adminBudgetMinutes)} budget</span>
              )}
            </td>
            <td className="num">
              {formatMinutes(finite(s.minutesPerRepMonth))}
              <span className="cell-note muted">{percent(s.share)} of all</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
