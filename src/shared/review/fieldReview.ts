import {
  DEFAULT_REVIEW_EVERY_MONTHS,
  type Author,
  type Field,
  type FieldReviewEvent,
  type FieldStatus,
  type Process,
} from '../model/schema';

/**
 * The field review state machine. A field is asked for (`proposed`), defended (`justified`),
 * questioned (`challenged`) or switched off (`retired`):
 *
 *   proposed → justified | challenged
 *   challenged → justified | retired
 *   justified → challenged
 *   retired → proposed   (reinstate)
 *
 * Anything else is refused with a readable message; nothing in a document changes on a refusal.
 */
export const FIELD_TRANSITIONS: Readonly<Record<FieldStatus, readonly FieldStatus[]>> = {
  proposed: ['justified', 'challenged'],
  challenged: ['justified', 'retired'],
  justified: ['challenged'],
  retired: ['proposed'],
};

/** Statuses whose change needs a written reason: the challenge's question, or why it goes. */
export const REASON_REQUIRED: ReadonlySet<FieldStatus> = new Set<FieldStatus>(['challenged', 'retired']);

/** What a user calls each move, for messages and buttons. */
export const FIELD_ACTION_LABEL: Readonly<Record<FieldStatus, string>> = {
  proposed: 'reinstate',
  justified: 'justify',
  challenged: 'challenge',
  retired: 'retire',
};

/** A refused or accepted move; refusals carry a sentence a user can act on. */
export type Checked = { ok: true } | { ok: false; message: string };

/** Whether the state machine allows `from` → `to`. */
export function canMoveField(from: FieldStatus, to: FieldStatus): boolean {
  return FIELD_TRANSITIONS[from].includes(to);
}

/** Checks a move and its reason without touching a document. */
export function checkFieldMove(from: FieldStatus, to: FieldStatus, reason: string): Checked {
  if (!canMoveField(from, to)) {
    const allowed = FIELD_TRANSITIONS[from].map((s) => `${FIELD_ACTION_LABEL[s]} (→ ${s})`).join(' or ');
    return {
      ok: false,
      message: `A ${from} field cannot be moved to ${to}; from ${from} you can ${allowed}.`,
    };
  }
  if (REASON_REQUIRED.has(to) && reason.trim() === '') {
    return {
      ok: false,
      message:
        to === 'challenged'
          ? 'A challenge needs a question for the requesting department (the reason).'
          : 'Retiring a field needs a reason.',
    };
  }
  return { ok: true };
}

/** `YYYY-MM-DD` of `at` plus `months` calendar months (end of month clamps: Jan 31 + 1 → Feb 28). */
export function addMonths(at: string, months: number): string {
  const date = new Date(at);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(Date.UTC(targetYear, targetMonth, day)).toISOString().slice(0, 10);
}

/** The process's review cadence in months (the default when the document does not say). */
export function reviewEveryMonths(process: Pick<Process, 'reviewEveryMonths'>): number {
  return process.reviewEveryMonths ?? DEFAULT_REVIEW_EVERY_MONTHS;
}

/** One field addressed by its stage and id. */
export interface FieldRef {
  stageId: string;
  fieldId: string;
}

/** A review decision to apply to one or more fields. */
export interface FieldReviewChange {
  to: FieldStatus;
  reason: string;
  by: Author;
  /** ISO timestamp of the decision. */
  at: string;
  /** Challenge only: department the question goes to; default the field's requester. */
  addressedTo?: string;
  /** Justify only: review date to set instead of `at` + the process cadence. */
  reviewBy?: string;
}

/** A refused field among a bulk change. */
export interface FieldRefusal extends FieldRef {
  label: string;
  message: string;
}

/** The result of `reviewFields`: the new document (unchanged when everything was refused). */
export interface ReviewResult {
  process: Process;
  /** Fields changed, in the order given. */
  changed: FieldRef[];
  /** Fields the state machine refused, each with why; they are left untouched. */
  refused: FieldRefusal[];
}

function nextEventId(field: Field, at: string): string {
  const stamp = at.replace(/[^0-9]/g, '').slice(0, 14);
  const n = (field.reviewLog?.length ?? 0) + 1;
  return `rv-${stamp}-${n}`;
}

/**
 * Applies one review decision to each referenced field: status, `reviewBy` (justify sets it to
 * `at` + the process's cadence unless given), and a review-log event. Fields the state machine
 * refuses are listed in `refused` and left as they were; unknown fields are refused too. Pure.
 */
export function reviewFields(process: Process, refs: readonly FieldRef[], change: FieldReviewChange): ReviewResult {
  const wanted = new Map<string, FieldRef>();
  for (const ref of refs) wanted.set(`${ref.stageId}/${ref.fieldId}`, ref);
  const changed: FieldRef[] = [];
  const refused: FieldRefusal[] = [];
  const seen = new Set<string>();
  const cadence = reviewEveryMonths(process);

  const stages = process.stages.map((stage) => {
    let touched = false;
    const fields = stage.fields.map((field) => {
      const key = `${stage.id}/${field.id}`;
      if (!wanted.has(key)) return field;
      seen.add(key);
      const checked = checkFieldMove(field.status, change.to, change.reason);
      if (!checked.ok) {
        refused.push({ stageId: stage.id, fieldId: field.id, label: field.label, message: checked.message });
        return field;
      }
      touched = true;
      changed.push({ stageId: stage.id, fieldId: field.id });
      const event: FieldReviewEvent = {
        id: nextEventId(field, change.at),
        from: field.status,
        to: change.to,
        by: { ...change.by },
        at: change.at,
        reason: change.reason.trim(),
        ...(change.to === 'challenged' ? { addressedTo: change.addressedTo ?? field.requestedBy } : {}),
      };
      const next: Field = { ...field, status: change.to, reviewLog: [...(field.reviewLog ?? []), event] };
      if (change.to === 'justified') next.reviewBy = change.reviewBy ?? addMonths(change.at, cadence);
      return next;
    });
    return touched ? { ...stage, fields } : stage;
  });

  for (const [key, ref] of wanted) {
    if (!seen.has(key)) {
      refused.push({ ...ref, label: ref.fieldId, message: `There is no field ${ref.fieldId} on stage ${ref.stageId}.` });
    }
  }
  return { process: changed.length > 0 ? { ...process, stages } : process, changed, refused };
}

/**
 * Sets the review date of the referenced fields without changing their status (bulk "set review
 * date"). Unknown fields are ignored. Pure.
 */
export function setReviewDates(process: Process, refs: readonly FieldRef[], reviewBy: string | undefined): Process {
  const keys = new Set(refs.map((r) => `${r.stageId}/${r.fieldId}`));
  return {
    ...process,
    stages: process.stages.map((stage) =>
      stage.fields.some((f) => keys.has(`${stage.id}/${f.id}`))
        ? {
            ...stage,
            fields: stage.fields.map((f) => {
              if (!keys.has(`${stage.id}/${f.id}`)) return f;
              const { reviewBy: _old, ...rest } = f;
              return reviewBy === undefined ? rest : { ...rest, reviewBy };
            }),
          }
        : stage,
    ),
  };
}

/**
 * Whether nobody looked at a field in time: it has a review date before `today` (`YYYY-MM-DD`, a
 * longer timestamp is cut to its date) and is not retired. The register's "overdue" filter, the
 * headline count and validation's `review-overdue` warning all use this one rule.
 */
export function isReviewOverdue(field: Pick<Field, 'reviewBy' | 'status'>, today: string): boolean {
  return field.status !== 'retired' && field.reviewBy !== undefined && field.reviewBy < today.slice(0, 10);
}

/** How many fields of the process are overdue for review on `today`. */
export function countOverdue(process: Process, today: string): number {
  let n = 0;
  for (const stage of process.stages) for (const field of stage.fields) if (isReviewOverdue(field, today)) n++;
  return n;
}

/** An open challenge: a challenged field and the event that asked its question. */
export interface OpenChallenge extends FieldRef {
  label: string;
  /** The challenge event (its `reason` is the question, `addressedTo` the department asked). */
  event: FieldReviewEvent;
}

/** The latest challenge event of a field that is still `challenged`, if any. */
export function openChallengeOf(field: Field): FieldReviewEvent | undefined {
  if (field.status !== 'challenged') return undefined;
  const log = field.reviewLog ?? [];
  for (let i = log.length - 1; i >= 0; i--) if (log[i]!.to === 'challenged') return log[i];
  return undefined;
}

/**
 * Every open challenge in document order. A challenged field without a recorded event (set by hand
 * before reviews were recorded) is listed with a synthetic event from its requester's view, so it
 * still shows on the stage card and in the register.
 */
export function openChallenges(process: Process): OpenChallenge[] {
  const out: OpenChallenge[] = [];
  for (const stage of process.stages) {
    for (const field of stage.fields) {
      if (field.status !== 'challenged') continue;
      const event = openChallengeOf(field) ?? {
        id: 'unrecorded',
        from: 'proposed' as const,
        to: 'challenged' as const,
        by: { name: 'unknown', departmentId: field.requestedBy },
        at: process.updatedAt,
        reason: '',
        addressedTo: field.requestedBy,
      };
      out.push({ stageId: stage.id, fieldId: field.id, label: field.label, event });
    }
  }
  return out;
}
