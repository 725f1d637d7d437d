import { memo } from 'react';
import { formatMinutes, formatPercent } from '../../format';
import { REQUIREMENT_LABEL, STATUS_LABEL } from '../inspector/labels';
import type { ValueToSales } from '../../../../shared/model/schema';
import type { RegisterRow } from './registerModel';
import type { RegisterTally } from '../workshop/liveTallies';
import { FieldQuickActions } from '../workshop/FieldQuickActions';

const VALUE_SHORT: Record<ValueToSales, string> = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };

interface RegisterRowViewProps {
  row: RegisterRow;
  /** Position among the shown rows (0-based), for the virtualizer and range selection. */
  index: number;
  selected: boolean;
  /** Open review counts on this field, when the review data is loaded. */
  openChallenges?: number;
  openComments?: number;
  onToggle: (index: number, fieldId: string, range: boolean) => void;
  onOpen: (stageId: string, fieldId: string) => void;
  /** In a live workshop: the room's tallies on this field (`votes` absent while hidden). */
  tally?: RegisterTally;
  /** A participant's own fill / read / vote buttons on the row. */
  say?: boolean;
}

/**
 * One field of the register. Memoised: scrolling 5,000 rows re-renders only the rows entering
 * the window, never the ones already shown.
 */
export const RegisterRowView = memo(function RegisterRowView({
  row,
  index,
  selected,
  openChallenges = 0,
  openComments = 0,
  onToggle,
  onOpen,
  tally,
  say = false,
}: RegisterRowViewProps): React.JSX.Element {
  return (
    <tr
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`register-row${row.status === 'retired' ? ' retired' : ''}${row.concern ? ' flagged' : ''}${selected ? ' selected' : ''}`}
      data-testid="register-row"
      data-field-id={row.fieldId}
    >
      <td className="select-cell">
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${row.label}`}
          onChange={() => undefined}
          onClick={(event) => onToggle(index, row.fieldId, event.shiftKey)}
        />
      </td>
      <td>
        <button type="button" className="link field-open" onClick={() => onOpen(row.stageId, row.fieldId)}>
          {row.label}
        </button>
      </td>
      <td className="nowrap">{row.stageName}</td>
      {tally && say && (
        <td className="say-cell">
          <FieldQuickActions stageId={row.stageId} field={{ id: row.fieldId, label: row.label }} />
        </td>
      )}
      {tally && (
        <td className="num tally-cell" title={tally.marksTitle} data-testid="register-marks">
          {tally.fills} fill · {tally.reads} read
        </td>
      )}
      {tally?.votes && (
        <td className="num tally-cell" title={tally.votes.title} data-testid="register-votes">
          <span className="tally keep">
            <strong>{tally.votes.keep}</strong>
          </span>{' '}
          ·{' '}
          <span className="tally drop">
            <strong>{tally.votes.drop}</strong>
          </span>{' '}
          · <span className="tally unsure">{tally.votes.unsure}</span>
          {tally.votes.total > 0 && <span className="muted small">{tally.votes.dropShareText} drop</span>}
        </td>
      )}
      <td>{VALUE_SHORT[row.valueToSales]}</td>
      <td className="num">
        {row.minutesPerRepMonth === null ? '—' : formatMinutes(row.minutesPerRepMonth)}
        {row.share !== null && row.share > 0 && <div className="muted small">{formatPercent(row.share)} of admin</div>}
      </td>
      <td>
        <span className={`status status-${row.status}`}>{STATUS_LABEL[row.status]}</span>
        {(openChallenges > 0 || openComments > 0) && (
          <div className="row-badges inline">
            {openChallenges > 0 && (
              <span className="count-badge challenge" title={`${openChallenges} open challenge${openChallenges === 1 ? '' : 's'}`}>
                ? {openChallenges}
              </span>
            )}
            {openComments > 0 && (
              <span className="count-badge comment" title={`${openComments} open comment thread${openComments === 1 ? '' : 's'}`}>
                {openComments} {openComments === 1 ? 'thread' : 'threads'}
              </span>
            )}
          </div>
        )}
      </td>
      <td className={`nowrap${row.overdue ? ' warn' : ''}`}>
        {row.reviewBy ?? '—'}
        {row.overdue && <div className="small">overdue</div>}
      </td>
      <td>
        <span className={`req req-${row.requirement} nowrap`}>{REQUIREMENT_LABEL[row.requirement]}</span>
      </td>
      <td>
        <span className="chip" style={{ borderColor: row.requestedBy.color, color: row.requestedBy.color }}>
          {row.requestedBy.name}
        </span>
      </td>
      <td>{row.consumers.length > 0 ? row.consumers.join(', ') : <span className="warn">Nobody</span>}</td>
      <td className="why-cell" title={[row.justification, row.decisionSupported && `Supports: ${row.decisionSupported}`].filter(Boolean).join('\n')}>
        <div className="clamp">
          {row.justification || <span className="warn">Nobody has said</span>}
          {row.decisionSupported && <span className="muted small"> · Supports: {row.decisionSupported}</span>}
        </div>
      </td>
    </tr>
  );
});
