import { useMemo } from 'react';
import type { Process } from '../../../../shared/model/schema';
import type { ItemChange, ProcessDiff, PropertyChange } from '../../../../shared/review/diff';
import type { BurdenDelta, DeltaRow, FigureDelta } from '../../../../shared/review/delta';
import { formatHours, formatMinutes, formatMoney } from '../../format';
import { DiffCanvas } from './DiffCanvas';
import { diffToCanvas, MARK_LABEL } from './canvasDiff';

/** What the API's diff channels return. */
export interface DiffReport {
  diff: ProcessDiff;
  summary: string;
  delta: BurdenDelta;
}

interface DiffViewProps {
  before: Process;
  after: Process;
  report: DiffReport;
  /** E.g. "Revision 4 → revision 7". */
  title: string;
}

/**
 * A diff as a review meeting reads it: the burden delta and who loses data first, then the
 * changes on the canvas, then every change grouped by kind with before → after.
 */
export function DiffView({ before, after, report, title }: DiffViewProps): React.JSX.Element {
  const canvasDiff = useMemo(() => diffToCanvas(report.diff, before, after), [report, before, after]);
  const fieldStage = useMemo(() => {
    const names = new Map<string, string>();
    for (const stage of [...before.stages, ...after.stages]) for (const field of stage.fields) names.set(field.id, stage.name);
    return (fieldId: string): string => names.get(fieldId) ?? 'Fields';
  }, [before, after]);
  return (
    <section className="diff-view" aria-label={title} data-testid="diff-view">
      <p className="diff-summary" data-testid="diff-summary">
        <strong>{title}:</strong> {report.summary || 'no changes'}
      </p>
      <BurdenDeltaView delta={report.delta} />
      <DiffCanvas before={before} after={after} diff={canvasDiff} label={`${title} on the stage graph`} />
      <ChangeList diff={report.diff} fieldStage={fieldStage} />
    </section>
  );
}

function signed(value: number, format: (n: number) => string): string {
  if (Math.abs(value) < 1e-9) return '±0';
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

function FigureCell({ figure, format, label }: { figure: FigureDelta; format: (n: number) => string; label: string }): React.JSX.Element {
  // Less admin is better; the arrow and the sign say it as well as the colour.
  const tone = figure.delta < -1e-9 ? 'better' : figure.delta > 1e-9 ? 'worse' : 'none';
  return (
    <div className="figure" data-testid={`delta-${label}`}>
      <dt>{label}</dt>
      <dd>
        {format(figure.before)} → <strong>{format(figure.after)}</strong>
      </dd>
      <dd className={`delta-${tone}`}>
        {tone === 'better' ? '▼ ' : tone === 'worse' ? '▲ ' : ''}
        {signed(figure.delta, format)}
      </dd>
    </div>
  );
}

/** Headline burden change, who loses data, and the per-department and per-stage tables. */
export function BurdenDeltaView({ delta }: { delta: BurdenDelta }): React.JSX.Element {
  const figures = delta.figures;
  const money = (currency: string) => (amount: number) => formatMoney(amount, currency);
  return (
    <div className="burden-delta" data-testid="burden-delta">
      <h3>Admin burden</h3>
      {figures.ok ? (
        <>
          <dl className="figures delta-figures">
            <FigureCell label="Minutes per deal" figure={figures.minutesPerDeal} format={formatMinutes} />
            <FigureCell label="Hours per rep a month" figure={figures.hoursPerRepPerMonth} format={formatHours} />
            <FigureCell label="Team cost a month" figure={figures.monthlyCost} format={money(figures.currency)} />
          </dl>
          <details className="delta-tables">
            <summary>By requesting department and by stage</summary>
            <DeltaTable caption="By requesting department" rows={figures.byDepartment} currency={figures.currency} />
            <DeltaTable caption="By stage" rows={figures.byStage} currency={figures.currency} />
          </details>
        </>
      ) : (
        <p className="burden-refusal">
          The {figures.side === 'before' ? 'earlier' : 'later'} version has errors the engine refuses ({figures.problems.length}); the
          figures cannot be compared. See Problems.
        </p>
      )}
      <h3>Who loses data</h3>
      {delta.whoLosesData.length === 0 ? (
        <p className="muted">Nobody: no field is removed, retired or made optional.</p>
      ) : (
        <ul className="data-loss" data-testid="who-loses-data">
          {delta.whoLosesData.map((loss) => (
            <li key={`${loss.stageId}/${loss.fieldId}`}>
              <strong>{loss.label}</strong> <span className="muted">({loss.change.replace('-', ' ')})</span> —{' '}
              {loss.consumers.length > 0 ? (
                <>
                  {loss.consumers.map((consumer) => consumer.name).join(', ')} {loss.consumers.length === 1 ? 'loses' : 'lose'} it
                </>
              ) : (
                <>nobody was recorded as reading it</>
              )}
              ; asked for by {loss.requestedBy.name}
              {loss.decisionSupported && <span className="muted"> · supported: {loss.decisionSupported}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DeltaTable({ caption, rows, currency }: { caption: string; rows: DeltaRow[]; currency: string }): React.JSX.Element {
  const changed = rows.filter((row) => Math.abs(row.minutesPerDeal.delta) > 1e-9 || Math.abs(row.monthlyCost.delta) > 1e-9);
  return (
    <table className="burden-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.replace('By ', '')}</th>
          <th scope="col" className="num">
            Min per deal
          </th>
          <th scope="col" className="num">
            Cost a month
          </th>
        </tr>
      </thead>
      <tbody>
        {changed.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No change
            </td>
          </tr>
        )}
        {changed.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td className="num">{signed(row.minutesPerDeal.delta, formatMinutes)}</td>
            <td className="num">{signed(row.monthlyCost.delta, (n) => formatMoney(n, currency))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function short(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value.length > 60 ? `“${value.slice(0, 57)}…”` : `“${value}”`;
  if (typeof value === 'number') return String(Math.round(value * 10000) / 10000);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function PropertyList({ changes }: { changes: PropertyChange[] }): React.JSX.Element {
  return (
    <ul className="property-changes">
      {changes.map((change) => (
        <li key={change.key}>
          <code>{change.key}</code>: {short(change.before)} → {short(change.after)}
        </li>
      ))}
    </ul>
  );
}

function ItemLine({ change, where }: { change: ItemChange; where?: string }): React.JSX.Element {
  return (
    <li className={`change change-${change.kind}`} data-testid="change-item" data-kind={change.kind}>
      <span className={`diff-badge diff-badge-${change.kind}`}>
        {MARK_LABEL[change.kind].symbol} {MARK_LABEL[change.kind].word}
      </span>{' '}
      <strong>{change.label}</strong>
      {where && <span className="muted"> · {where}</span>}
      {change.kind === 'changed' && <PropertyList changes={change.changes} />}
    </li>
  );
}

const COLLECTION_TITLE = {
  stages: 'Stages',
  transitions: 'Transitions',
  departments: 'Departments',
  kpis: 'KPIs',
} as const;

/** Every change, grouped: stages, fields by stage, transitions, departments, KPIs, settings. */
function ChangeList({ diff, fieldStage }: { diff: ProcessDiff; fieldStage: (fieldId: string) => string }): React.JSX.Element {
  const fieldGroups = useMemo(() => {
    const groups = new Map<string, ItemChange<'fields'>[]>();
    for (const change of diff.fields) {
      const key = fieldStage(change.id);
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    return [...groups.entries()];
  }, [diff, fieldStage]);
  const empty =
    diff.fields.length + diff.stages.length + diff.transitions.length + diff.departments.length + diff.kpis.length + diff.process.length + diff.scenario.length ===
    0;
  return (
    <div className="change-list" data-testid="change-list">
      <h3>Every change</h3>
      {empty && <p className="muted">The two versions are the same.</p>}
      {fieldGroups.map(([group, changes]) => (
        <section key={group}>
          <h4>Fields · {group}</h4>
          <ul>
            {changes.map((change) => (
              <ItemLine key={change.id} change={change} />
            ))}
          </ul>
        </section>
      ))}
      {(Object.keys(COLLECTION_TITLE) as Array<keyof typeof COLLECTION_TITLE>).map((collection) =>
        diff[collection].length > 0 ? (
          <section key={collection}>
            <h4>{COLLECTION_TITLE[collection]}</h4>
            <ul>
              {(diff[collection] as ItemChange[]).map((change) => (
                <ItemLine key={change.id} change={change} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      {diff.process.length > 0 && (
        <section>
          <h4>Process</h4>
          <PropertyList changes={diff.process} />
        </section>
      )}
      {diff.scenario.length > 0 && (
        <section>
          <h4>Scenario</h4>
          <PropertyList changes={diff.scenario} />
        </section>
      )}
    </div>
  );
}
