import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropShareByStage, tallyField, tallyFields, voteCount } from '../../../../src/shared/live/tallies';
import type { FieldMark, Participant, Vote } from '../../../../src/shared/live/schema';
import { createSampleProcess } from '../../../../src/shared/model/sample';

const AT = '2026-11-27T10:00:00.000Z';
const person = (id: string, departmentId: string, revoked = false): Participant => ({
  id,
  name: id,
  departmentId,
  role: 'participant',
  joinedAt: AT,
  ...(revoked ? { revokedAt: AT } : {}),
});
const mark = (participantId: string, fieldId: string, fills: boolean, reads: boolean): FieldMark => ({ stageId: 's', fieldId, participantId, fills, reads, at: AT });
const vote = (participantId: string, fieldId: string, departmentId: string, choice: Vote['choice']): Vote => ({ stageId: 's', fieldId, participantId, departmentId, choice, at: AT });

describe('tallies', () => {
  it('counts fills, reads and votes per field and per department', () => {
    const people = [person('a', 'sales'), person('b', 'finance'), person('c', 'finance')];
    const marks = [mark('a', 'f1', true, false), mark('b', 'f1', false, true), mark('c', 'f1', true, true), mark('a', 'f2', false, false)];
    const votes = [vote('a', 'f1', 'sales', 'keep'), vote('b', 'f1', 'finance', 'drop'), vote('c', 'f1', 'finance', 'drop')];

    const t = tallyField(marks, votes, 'f1', people);

    expect(t).toEqual({
      fills: 2,
      reads: 2,
      keep: 1,
      drop: 2,
      unsure: 0,
      byDepartment: {
        sales: { fills: 1, reads: 0, keep: 1, drop: 0, unsure: 0 },
        finance: { fills: 1, reads: 2, keep: 0, drop: 2, unsure: 0 },
      },
    });
    expect(tallyField(marks, votes, 'f2', people)).toMatchObject({ fills: 0, reads: 0, byDepartment: {} });
  });

  it('leaves revoked participants out', () => {
    const people = [person('a', 'sales'), person('x', 'sales', true)];
    const t = tallyField([mark('x', 'f1', true, true)], [vote('a', 'f1', 'sales', 'keep'), vote('x', 'f1', 'sales', 'drop')], 'f1', people);

    expect(t).toMatchObject({ fills: 0, reads: 0, keep: 1, drop: 0 });
  });

  it('gives the heat view the share of drop votes per stage, null where nobody voted', () => {
    const process = createSampleProcess(AT);
    const [first, second] = process.stages.filter((s) => s.fields.length >= 2);
    const votes = [
      vote('a', first!.fields[0]!.id, 'sales', 'drop'),
      vote('b', first!.fields[1]!.id, 'sales', 'keep'),
      vote('c', first!.fields[1]!.id, 'sales', 'drop'),
      vote('d', 'gone', 'sales', 'drop'),
    ];

    const heat = dropShareByStage(process, votes);

    expect(heat[first!.id]).toBeCloseTo(2 / 3);
    expect(heat[second!.id]).toBeNull();
  });

  it('adds up: departments sum to the field, fields to the totals, one field to its share of the whole', () => {
    const departments = ['sales', 'finance', 'marketing'];
    const arb = fc.record({
      people: fc.array(fc.record({ dep: fc.constantFrom(...departments), revoked: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      marks: fc.array(fc.record({ who: fc.nat(), field: fc.constantFrom('f1', 'f2', 'f3'), fills: fc.boolean(), reads: fc.boolean() }), { maxLength: 20 }),
      votes: fc.array(fc.record({ who: fc.nat(), field: fc.constantFrom('f1', 'f2', 'f3'), choice: fc.constantFrom('keep' as const, 'drop' as const, 'unsure' as const) }), { maxLength: 20 }),
    });
    fc.assert(
      fc.property(arb, ({ people, marks, votes }) => {
        const ps = people.map((p, i) => person(`u${i}`, p.dep, p.revoked));
        const pick = (n: number) => ps[n % ps.length]!;
        const ms = marks.map((m) => mark(pick(m.who).id, m.field, m.fills, m.reads));
        const vs = votes.map((v) => vote(pick(v.who).id, v.field, pick(v.who).departmentId, v.choice));
        const all = tallyFields(ms, vs, ps);
        const live = new Set(ps.filter((p) => !p.revokedAt).map((p) => p.id));
        let total = 0;
        for (const [fieldId, t] of all) {
          expect(tallyField(ms, vs, fieldId, ps)).toEqual(t);
          const deps = Object.values(t.byDepartment);
          for (const key of ['fills', 'reads', 'keep', 'drop', 'unsure'] as const) expect(deps.reduce((n, d) => n + d[key], 0)).toBe(t[key]);
          total += voteCount(t);
        }
        expect(total).toBe(vs.filter((v) => live.has(v.participantId)).length);
      }),
    );
  });
});
