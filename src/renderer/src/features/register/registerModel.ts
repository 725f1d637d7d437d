import { fieldConcern } from '../../../../shared/model/metrics';
import { isReviewOverdue } from '../../../../shared/review/fieldReview';
import type { FieldStatus, Process, Requirement, ValueToSales } from '../../../../shared/model/schema';
import type { FieldRow } from '../../../../shared/sim/rollup';

/**
 * The field register: every CRM field of a process on one line, with who asked for it, who reads
 * it, why it exists and what it costs — the table a finance review or a sales leader works from.
 * Pure, so it is unit-tested without React.
 */
export interface RegisterRow {
  fieldId: string;
  stageId: string;
  stageName: string;
  label: string;
  requirement: Requirement;
  requestedBy: { id: string; name: string; color: string };
  consumers: string[];
  justification: string;
  decisionSupported: string;
  valueToSales: ValueToSales;
  status: FieldStatus;
  reviewBy: string | undefined;
  /** Why the field is flagged (no justification / no reader), when it is. */
  concern: string | undefined;
  /** `reviewBy` is before today. */
  overdue: boolean;
  /** Admin minutes per rep-month from the expected-value engine; null when it cannot run. */
  minutesPerRepMonth: number | null;
  /** Share of all admin time, 0..1; null when the engine cannot run. */
  share: number | null;
}

/** Builds one row per field, in document order. `costs` are the engine's field rows, if any. */
export function registerRows(doc: Process, costs: readonly FieldRow[] | null, today: string): RegisterRow[] {
  const departments = new Map(doc.departments.map((department) => [department.id, department]));
  const costById = new Map((costs ?? []).map((row) => [row.fieldId, row]));
  const rows: RegisterRow[] = [];
  for (const stage of doc.stages) {
    for (const field of stage.fields) {
      const requester = departments.get(field.requestedBy);
      const cost = costById.get(field.id);
      rows.push({
        fieldId: field.id,
        stageId: stage.id,
        stageName: stage.name,
        label: field.label,
        requirement: field.requirement,
        requestedBy: { id: field.requestedBy, name: requester?.name ?? field.requestedBy, color: requester?.color ?? '#888888' },
        consumers: field.consumers.map((id) => departments.get(id)?.name ?? id),
        justification: field.justification.trim(),
        decisionSupported: field.decisionSupported.trim(),
        valueToSales: field.valueToSales,
        status: field.status,
        reviewBy: field.reviewBy,
        concern: fieldConcern(field),
        overdue: isReviewOverdue(field, today),
        minutesPerRepMonth: costs ? (cost?.minutesPerRepMonth ?? 0) : null,
        share: costs ? (cost?.share ?? 0) : null,
      });
    }
  }
  return rows;
}

/**
 * Which rows a review looks at:
 * - `all` — every field;
 * - `flagged` — unjustified or unread (`isFlagged`): the fields the overview and the Problems tab
 *   count as flagged (`ProblemSummary.flaggedFields`); overdue reviews have their own choice;
 * - `unjustified` — not (yet) justified: proposed or challenged;
 * - `challenged` — someone has questioned it;
 * - `overdue` — its review date has passed.
 */
export type RegisterShow = 'all' | 'flagged' | 'unjustified' | 'challenged' | 'overdue';

export const REGISTER_SHOW_LABEL: Record<RegisterShow, string> = {
  all: 'Every field',
  flagged: 'Flagged (unjustified or unread)',
  unjustified: 'Not justified (proposed or challenged)',
  challenged: 'Challenged',
  overdue: 'Overdue for review',
};

export interface RegisterFilter {
  /** Matched, case-insensitively, against label, stage, departments, justification and decision. */
  query: string;
  show: RegisterShow;
  /** Only fields requested by this department id; '' for all. */
  requestedBy: string;
}

function shows(row: RegisterRow, show: RegisterShow): boolean {
  switch (show) {
    case 'all':
      return true;
    case 'flagged':
      return row.concern !== undefined;
    case 'unjustified':
      return row.status === 'proposed' || row.status === 'challenged';
    case 'challenged':
      return row.status === 'challenged';
    case 'overdue':
      return row.overdue;
  }
}

export function filterRows(rows: readonly RegisterRow[], filter: RegisterFilter): RegisterRow[] {
  const query = filter.query.trim().toLowerCase();
  return rows.filter((row) => {
    if (!shows(row, filter.show)) return false;
    if (filter.requestedBy && row.requestedBy.id !== filter.requestedBy) return false;
    if (!query) return true;
    const haystack = [row.label, row.stageName, row.requestedBy.name, ...row.consumers, row.justification, row.decisionSupported]
      .join(' ')
      .toLowerCase();
    return haystack.includes(query);
  });
}

export type SortKey = 'cost' | 'label' | 'stage' | 'requestedBy' | 'status' | 'reviewBy';
export type SortDirection = 'ascending' | 'descending';

/** Sorted copy; ties keep document order. Missing review dates sort last either way. */
export function sortRows(rows: readonly RegisterRow[], key: SortKey, direction: SortDirection): RegisterRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const stageOrder = new Map<string, number>();
  rows.forEach((row) => {
    if (!stageOrder.has(row.stageId)) stageOrder.set(row.stageId, stageOrder.size);
  });
  const compare = (a: RegisterRow, b: RegisterRow): number => {
    switch (key) {
      case 'cost':
        return ((a.minutesPerRepMonth ?? 0) - (b.minutesPerRepMonth ?? 0)) * sign;
      case 'label':
        return a.label.localeCompare(b.label) * sign;
      case 'stage':
        return ((stageOrder.get(a.stageId) ?? 0) - (stageOrder.get(b.stageId) ?? 0)) * sign;
      case 'requestedBy':
        return a.requestedBy.name.localeCompare(b.requestedBy.name) * sign;
      case 'status':
        return a.status.localeCompare(b.status) * sign;
      case 'reviewBy':
        if (a.reviewBy === b.reviewBy) return 0;
        if (a.reviewBy === undefined) return 1;
        if (b.reviewBy === undefined) return -1;
        return a.reviewBy.localeCompare(b.reviewBy) * sign;
    }
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => compare(a.row, b.row) || a.index - b.index)
    .map(({ row }) => row);
}
