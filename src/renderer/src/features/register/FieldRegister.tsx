import { useCallback, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { setReviewDates } from '../../../../shared/review/fieldReview';
import { describeFlagged, type ProblemSummary } from '../../../../shared/model/problemSummary';
import { useEditor } from '../../store/editorStore';
import { requireIdentity, useIdentity } from '../../store/identityStore';
import { computeBurdenView } from '../burden/burdenModel';
import { BulkActions, type BulkKind } from './BulkActions';
import { RegisterRowView } from './RegisterRowView';
import { selectVisibleVotes, useWorkshop } from '../../store/workshopStore';
import { registerTallies } from '../workshop/liveTallies';
import {
  filterRows,
  REGISTER_SHOW_LABEL,
  registerRows,
  sortRows,
  type RegisterShow,
  type SortDirection,
  type SortKey,
} from './registerModel';

// Finance's columns (cost, value, status, review date) come right after the field and its stage so
// they stay in view at 1280 px with the side panel open; the long free text scrolls sideways last.
// Keep in step with the cells of `RegisterRowView`.
const COLUMNS: Array<{ key: SortKey | null; label: string; className?: string }> = [
  { key: 'label', label: 'Field' },
  { key: 'stage', label: 'Stage' },
  { key: null, label: 'Value to the rep' },
  { key: 'cost', label: 'Rep time a month', className: 'num' },
  { key: 'status', label: 'Status' },
  { key: 'reviewBy', label: 'Review by' },
  { key: null, label: 'Requirement' },
  { key: 'requestedBy', label: 'Asked for by' },
  { key: null, label: 'Read by' },
  { key: null, label: 'Why it exists' },
];

/**
 * Every row has this height, px (long reasons are clamped to two lines; the inspector shows them
 * whole). A fixed height lets the virtualizer place rows without measuring each one as it scrolls
 * in, which halved the work per scrolled frame at 5,000 rows. Keep in step with `.register-row`.
 */
const ROW_PX = 58;

interface FieldRegisterProps {
  onOpenField: () => void;
  /**
   * Changes the review status of fields (justify / challenge) through the review service; absent
   * while it is not available, and then the register offers only the document's own edits.
   */
  onReview?: (refs: Array<{ stageId: string; fieldId: string }>, status: 'justified' | 'challenged', reason: string) => Promise<void>;
  /** Open challenges and comment threads per field id. */
  counts?: ReadonlyMap<string, { challenges: number; comments: number }>;
  /** The process's problems counted as the overview and the Problems tab count them. */
  problemSummary?: ProblemSummary;
}

/**
 * Every field of the process in one table: what a finance review or a sales leader works from.
 * Only the rows in view are in the DOM, so 5,000 fields scroll like 50. Choosing a field opens it
 * in the inspector; ticking rows offers one action for all of them.
 */
export function FieldRegister({ onOpenField, onReview, counts, problemSummary }: FieldRegisterProps): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const myDepartment = useIdentity((state) => state.editor.departmentId);
  // An old revision shown read-only can be filtered and read, not changed.
  const readOnly = useEditor((state) => state.readOnly !== null);
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<RegisterShow>('all');
  const [requestedBy, setRequestedBy] = useState('');
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'cost', direction: 'descending' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // In a live workshop: what the room said about each field, and (for participants) their own say.
  const role = useWorkshop((state) => state.role);
  const marks = useWorkshop((state) => state.room.marks);
  const participants = useWorkshop((state) => state.room.participants);
  const votes = useWorkshop(selectVisibleVotes);
  const tallies = useMemo(
    () => (role && doc ? registerTallies(doc, { marks, votes: votes ?? [], participants }, votes !== null) : null),
    [role, doc, marks, votes, participants],
  );
  const anchor = useRef<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const today = new Date().toISOString().slice(0, 10);

  const view = useMemo(() => (doc ? computeBurdenView(doc) : null), [doc]);
  const allRows = useMemo(() => (doc ? registerRows(doc, view?.ok ? view.rollup.fields : null, today) : []), [doc, view, today]);
  const rows = useMemo(() => {
    const department = mine ? myDepartment : requestedBy;
    return sortRows(filterRows(allRows, { query, show, requestedBy: department }), sort.key, sort.direction);
  }, [allRows, query, show, requestedBy, mine, myDepartment, sort]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    getItemKey: (index) => rows[index]?.fieldId ?? index,
  });

  const shownSelected = useMemo(() => rows.filter((row) => selected.has(row.fieldId)), [rows, selected]);

  const toggle = useCallback(
    (index: number, fieldId: string, range: boolean) => {
      setSelected((current) => {
        const next = new Set(current);
        if (range && anchor.current !== null) {
          const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
          const on = !current.has(fieldId);
          for (const row of rows.slice(from, to + 1)) {
            if (on) next.add(row.fieldId);
            else next.delete(row.fieldId);
          }
        } else if (next.has(fieldId)) next.delete(fieldId);
        else next.add(fieldId);
        return next;
      });
      anchor.current = index;
    },
    [rows],
  );

  const open = useCallback(
    (stageId: string, fieldId: string): void => {
      const state = useEditor.getState();
      state.selectStage(stageId);
      state.selectField(fieldId);
      onOpenField();
    },
    [onOpenField],
  );

  if (!doc) return <></>;
  const total = allRows.length;
  const allShownSelected = rows.length > 0 && shownSelected.length === rows.length;

  const sortBy = (key: SortKey): void =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: key === 'cost' ? 'descending' : 'ascending' },
    );

  const toggleMine = async (on: boolean): Promise<void> => {
    if (on && !(await requireIdentity('The register shows the fields your department asked for, so it needs to know your department.'))) return;
    setMine(on);
  };

  const runBulk = async (kind: BulkKind, input: { reason: string; date: string }): Promise<void> => {
    const refs = shownSelected.map((row) => ({ stageId: row.stageId, fieldId: row.fieldId }));
    if (kind === 'review-date') {
      useEditor.getState().apply((current) => setReviewDates(current, refs, input.date), { capture: 'record' });
      useEditor.getState().notify(`Review date ${input.date} set on ${refs.length} field${refs.length === 1 ? '' : 's'}.`);
    } else if (onReview) {
      await onReview(refs, kind === 'justify' ? 'justified' : 'challenged', input.reason);
    }
    setSelected(new Set());
  };

  const addressees = [...new Set(shownSelected.map((row) => row.requestedBy.name))];
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length > 0 ? (items[0]?.start ?? 0) : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const columns = tallies
    ? [
        ...COLUMNS.slice(0, 2),
        ...(role === 'participant' ? [{ key: null, label: 'Your say' }] : []),
        { key: null, label: 'Fill / read', className: 'num' },
        ...(votes ? [{ key: null, label: 'Keep / drop / not sure', className: 'num' }] : []),
        ...COLUMNS.slice(2),
      ]
    : COLUMNS;
  const columnCount = columns.length + 1;

  return (
    <section
      className="register"
      aria-labelledby="register-heading"
      data-testid="field-register"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && selected.size > 0) setSelected(new Set());
      }}
    >
      <div className="register-head">
        <h2 id="register-heading">Field register</h2>
        <p className="muted" data-testid="register-count">
          Every field reps fill, who asked for it, who reads it and why — {rows.length} of {total} shown.
          {!view?.ok && ' Rep time needs a valid process: see Problems.'}
        </p>
        {problemSummary && problemSummary.flaggedFields > 0 && (
          <p className="register-flagged" data-testid="register-flagged">
            {describeFlagged(problemSummary)}{' '}
            {show !== 'flagged' && (
              <button type="button" className="link" onClick={() => setShow('flagged')}>
                Show them
              </button>
            )}
          </p>
        )}
        <div className="register-filters">
          <label>
            Search
            <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="label, stage, department, reason…" />
          </label>
          <label>
            Show
            <select aria-label="Show" value={show} onChange={(event) => setShow(event.target.value as RegisterShow)}>
              {(Object.keys(REGISTER_SHOW_LABEL) as RegisterShow[]).map((key) => (
                <option key={key} value={key}>
                  {REGISTER_SHOW_LABEL[key]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Asked for by
            <select aria-label="Asked for by" value={mine ? myDepartment : requestedBy} disabled={mine} onChange={(event) => setRequestedBy(event.target.value)}>
              <option value="">Any department</option>
              {doc.departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={mine} onChange={(event) => void toggleMine(event.target.checked)} />
            Requested by my department
          </label>
        </div>
        {shownSelected.length > 0 && !readOnly && (
          <BulkActions
            count={shownSelected.length}
            addressees={addressees}
            canReview={onReview !== undefined}
            onRun={runBulk}
            onClear={() => setSelected(new Set())}
          />
        )}
      </div>
      <div className="register-scroll" ref={scrollRef} data-testid="register-scroll">
        <table className="register-table" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select every shown field"
                  checked={allShownSelected}
                  onChange={() => setSelected(allShownSelected ? new Set() : new Set(rows.map((row) => row.fieldId)))}
                />
              </th>
              {columns.map((column) => (
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
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columnCount} style={{ height: paddingTop }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              const count = counts?.get(row.fieldId);
              return (
                <RegisterRowView
                  key={row.fieldId}
                  row={row}
                  index={item.index}
                  selected={selected.has(row.fieldId)}
                  openChallenges={count?.challenges}
                  openComments={count?.comments}
                  tally={tallies?.get(row.fieldId)}
                  say={role === 'participant'}
                  onToggle={toggle}
                  onOpen={open}
                />
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columnCount} style={{ height: paddingBottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {rows.length === 0 &&
          (total === 0 ? (
            <p className="empty-state">
              No fields yet. Select a stage on the stage graph and add the CRM fields reps fill there — with the reason each one exists.
            </p>
          ) : (
            <p className="empty-state">No field matches. Clear the search or the filters.</p>
          ))}
      </div>
    </section>
  );
}
