import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { FieldStatusSchema, type FieldStatus } from '../../../../src/shared/model/schema';
import {
  FIELD_TRANSITIONS,
  addMonths,
  checkFieldMove,
  countOverdue,
  isReviewOverdue,
  openChallenges,
  reviewFields,
  setReviewDates,
} from '../../../../src/shared/review/fieldReview';
import { PROPOSAL_TRANSITIONS, checkProposalMove } from '../../../../src/shared/review/proposal';
import { ProposalStatusSchema, type ProposalStatus } from '../../../../src/shared/review/schema';

const AT = '2026-11-27T10:00:00.000Z';
const finance = { name: 'Fiona', departmentId: 'finance' };
const ALLOWED: Array<[FieldStatus, FieldStatus]> = [
  ['proposed', 'justified'],
  ['proposed', 'challenged'],
  ['challenged', 'justified'],
  ['challenged', 'retired'],
  ['justified', 'challenged'],
  ['retired', 'proposed'],
];

describe('field review state machine', () => {
  const statuses = FieldStatusSchema.options;
  it('allows exactly the six moves of the issue', () => {
    const allowed = statuses.flatMap((from) => FIELD_TRANSITIONS[from].map((to) => [from, to]));
    expect(allowed.sort()).toEqual([...ALLOWED].sort());
  });

  it.each(statuses.flatMap((from) => statuses.map((to) => [from, to] as const)).filter(
    ([from, to]) => !ALLOWED.some(([f, t]) => f === from && t === to),
  ))('refuses %s → %s with a message saying what is possible', (from, to) => {
    const result = checkFieldMove(from, to, 'because');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(`A ${from} field cannot be moved to ${to}`);
    expect(result.message).toContain(FIELD_TRANSITIONS[from][0]!);
  });

  it('requires a reason to challenge or retire, not to justify', () => {
    expect(checkFieldMove('proposed', 'challenged', '  ')).toMatchObject({ ok: false, message: expect.stringMatching(/question/) });
    expect(checkFieldMove('challenged', 'retired', '')).toMatchObject({ ok: false, message: expect.stringMatching(/reason/) });
    expect(checkFieldMove('proposed', 'justified', '')).toEqual({ ok: true });
  });

  it('records reviewer, department, time and reason, addresses a challenge to the requester, and lists it as open', () => {
    const doc = createSampleProcess(AT);
    const field = doc.stages[0]!.fields.find((f) => f.status === 'proposed')!;
    const { process, changed, refused } = reviewFields(doc, [{ stageId: doc.stages[0]!.id, fieldId: field.id }], {
      to: 'challenged',
      reason: 'Who reads this? Marketing has Lead source already.',
      by: finance,
      at: AT,
    });
    expect(refused).toEqual([]);
    expect(changed).toHaveLength(1);
    const after = process.stages[0]!.fields.find((f) => f.id === field.id)!;
    expect(after.status).toBe('challenged');
    expect(after.reviewLog).toEqual([
      expect.objectContaining({ from: 'proposed', to: 'challenged', by: finance, at: AT, addressedTo: field.requestedBy }),
    ]);
    expect(openChallenges(process)).toHaveLength(openChallenges(doc).length + 1);
    expect(openChallenges(process)).toContainEqual(
      expect.objectContaining({ fieldId: field.id, event: expect.objectContaining({ reason: 'Who reads this? Marketing has Lead source already.' }) }),
    );
    expect(doc.stages[0]!.fields.find((f) => f.id === field.id)!.status).toBe('proposed');
  });

  it('justifying sets the review date from the process cadence', () => {
    const doc = { ...createSampleProcess(AT), reviewEveryMonths: 6 };
    const field = doc.stages[1]!.fields.find((f) => f.status === 'proposed' || f.status === 'challenged')!;
    const { process } = reviewFields(doc, [{ stageId: doc.stages[1]!.id, fieldId: field.id }], { to: 'justified', reason: '', by: finance, at: AT });
    expect(process.stages[1]!.fields.find((f) => f.id === field.id)!.reviewBy).toBe('2027-05-27');
  });

  it('refuses illegal moves in a bulk change per field and leaves those fields untouched', () => {
    const doc = createSampleProcess(AT);
    const refs = doc.stages[0]!.fields.map((f) => ({ stageId: doc.stages[0]!.id, fieldId: f.id }));
    const { process, changed, refused } = reviewFields(doc, [...refs, { stageId: 'lead', fieldId: 'ghost' }], {
      to: 'retired',
      reason: 'Nobody reads it',
      by: finance,
      at: AT,
    });
    const challengedBefore = doc.stages[0]!.fields.filter((f) => f.status === 'challenged').length;
    expect(changed).toHaveLength(challengedBefore);
    expect(refused).toHaveLength(refs.length - challengedBefore + 1);
    expect(refused.at(-1)!.message).toMatch(/no field ghost/);
    for (const r of refused.slice(0, -1)) expect(process.stages[0]!.fields.find((f) => f.id === r.fieldId)).toEqual(doc.stages[0]!.fields.find((f) => f.id === r.fieldId));
  });

  it('counts overdue reviews, ignoring retired fields, and sets dates in bulk', () => {
    const doc = createSampleProcess(AT);
    const refs = doc.stages[2]!.fields.map((f) => ({ stageId: doc.stages[2]!.id, fieldId: f.id }));
    const dated = setReviewDates(doc, refs, '2026-01-01');
    const base = countOverdue(doc, '2026-11-27');
    const expected = doc.stages[2]!.fields.filter((f) => f.status !== 'retired' && !isReviewOverdue(f, '2026-11-27')).length;
    expect(countOverdue(dated, '2026-11-27')).toBe(base + expected);
    expect(isReviewOverdue({ status: 'retired', reviewBy: '2000-01-01' }, '2026-11-27')).toBe(false);
    expect(isReviewOverdue({ status: 'justified', reviewBy: '2026-11-27' }, '2026-11-27T23:00:00Z')).toBe(false);
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31T12:00:00Z', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-27T00:00:00Z', 12)).toBe('2027-11-27');
  });
});

describe('proposal state machine', () => {
  const statuses = ProposalStatusSchema.options;
  const allowed: Array<[ProposalStatus, ProposalStatus]> = [
    ['draft', 'in-review'],
    ['draft', 'withdrawn'],
    ['in-review', 'accepted'],
    ['in-review', 'rejected'],
    ['in-review', 'withdrawn'],
    ['in-review', 'draft'],
  ];
  it('allows draft → in review → accepted | rejected | withdrawn (and back to draft)', () => {
    for (const [from, to] of allowed) expect(checkProposalMove(from, to)).toEqual({ ok: true });
    expect(statuses.flatMap((f) => PROPOSAL_TRANSITIONS[f]).length).toBe(allowed.length);
  });

  it.each(statuses.flatMap((from) => statuses.map((to) => [from, to] as const)).filter(
    ([from, to]) => !allowed.some(([f, t]) => f === from && t === to),
  ))('refuses %s → %s', (from, to) => {
    const result = checkProposalMove(from, to);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(from === 'draft' || from === 'in-review' ? /cannot move/ : /can no longer change/);
  });
});
