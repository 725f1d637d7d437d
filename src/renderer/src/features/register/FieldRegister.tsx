import { useMemo, useState } from 'react';
import { useEditor } from '../../store/editorStore';
import { computeBurdenView } from '../burden/burdenModel';
import { REQUIREMENT_LABEL, STATUS_LABEL } from '../inspector/labels';
import type { ValueToSales } from '../../../../shared/model/schema';

const VALUE_SHORT: Record<ValueToSales, string> = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };
import { formatMinutes, formatPercent } from '../../format';
import { filterRows, registerRows, sortRows, type SortDirection, type SortKey } from './registerModel';

const COLUMNS: Array<{ key: SortKey | null; label: string; className?: string }> = [
  { key: 'label', label: 'Field' },
  { key: 'stage', label: 'Stage' },
  { key: null, label: 'Requirement' },
  { key: 'requestedBy', label: 'Asked for by' },
  { key: null, label: 'Read by' },
  { key: null, label: 'Why it exists' },
  { key: null, label: 'Value to the rep' },
  { key: 'cost', label: 'Rep time a month', className: 'num' },
  { key: 'status', label: 'Status' },
  { key: 'reviewBy', label: 'Review by' },
];

/**
 * Every field of the process in one table: what a finance review or a sales leader works from.
 * Choosing a field opens it in the inspector.
 */
export function FieldRegister({ onOpenField }: { onOpenField: () => void }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const [query, setQuery] = useState('');
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const [requestedBy, setRequestedBy] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'cost', direction: 'descending' });
  const today = new Date().toISOString().slice(0, 10);

  const view = useMemo(() => (doc ? computeBurdenView(doc, undefined, today) : null), [doc, today]);
  const rows = useMemo(() => {
    if (!doc) return [];
    const all = registerRows(doc, view?.ok ? view.rollup.fields : null, today);
    return sortRows(filterRows(all, { query, onlyFlagged, requestedBy }), sort.key, sort.direction);
  }, [doc, view, today, query, onlyFlagged, requestedBy, sort]);
  if (!doc) return <></>;
  const total = doc.stages.reduce((n, stage) => n + stage.fields.length, 0);

  const open = (stageId: string, fieldId: string): void => {
    const state = useEditor.getState();
    state.selectStage(stageId);
    state.selectField(fieldId);
    onOpenField();
  };
  const sortBy = (key: SortKey): void =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: key === 'cost' ? 'descending' : 'ascending' },
    );

  return (
    <section className="register" aria-labelledby="register-heading" data-testid="field-register">
      <div className="register-head">
        <h2 id="register-heading">Field register</h2>
        <p className="muted">
          Every field reps fill, who asked for it, who reads it and why — {rows.length} of {total} shown.
          {!view?.ok && ' Rep time needs a valid process: see Problems.'}
        </p>
        <div className="register-filters">
          <label>
            Search
            <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="label, stage, department, reason…" />
          </label>
          <label>
            Asked for by
            <select value={requestedBy} onChange={(event) => setRequestedBy(event.target.value)}>
              <option value="">Any department</option>
              {doc.departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={onlyFlagged} onChange={(event) => setOnlyFlagged(event.target.checked)} />
            Only fields nobody justified or reads, or overdue for review
          </label>
        </div>
      </div>
      <div className="register-scroll">
        <table className="register-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className={column.className}
                  aria-sort={column.key && sort.key === column.key ? sort.direction : undefined}
                >
                  {column.key ? (
                    <button type="button" className="sort" onClick={() => sortBy(column.key as SortKey)}>
                      {column.label}
                      <span aria-hidden="true">{sort.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.fieldId} className={`${row.status === 'retired' ? 'retired' : ''}${row.concern ? ' flagged' : ''}`} data-testid="register-row">
                <td>
                  <button type="button" className="link field-open" onClick={() => open(row.stageId, row.fieldId)}>
                    {row.label}
                  </button>
                </td>
                <td className="nowrap">{row.stageName}</td>
                <td>
                  <span className={`req req-${row.requirement} nowrap`}>{REQUIREMENT_LABEL[row.requirement]}</span>
                </td>
                <td>
                  <span className="chip" style={{ borderColor: row.requestedBy.color, color: row.requestedBy.color }}>
                    {row.requestedBy.name}
                  </span>
                </td>
                <td>{row.consumers.length > 0 ? row.consumers.join(', ') : <span className="warn">Nobody</span>}</td>
                <td className="why-cell">
                  {row.justification || <span className="warn">Nobody has said</span>}
                  {row.decisionSupported && <div className="muted small">Supports: {row.decisionSupported}</div>}
                </td>
                <td>{VALUE_SHORT[row.valueToSales]}</td>
                <td className="num">
                  {row.minutesPerRepMonth === null ? '—' : formatMinutes(row.minutesPerRepMonth)}
                  {row.share !== null && row.share > 0 && <div className="muted small">{formatPercent(row.share)} of admin</div>}
                </td>
                <td>{STATUS_LABEL[row.status]}</td>
                <td className={`nowrap${row.overdue ? ' warn' : ''}`}>
                  {row.reviewBy ?? '—'}
                  {row.overdue && <div className="small">overdue</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty-state">No field matches. Clear the search or the filters.</p>}
      </div>
    </section>
  );
}
