import fc from 'fast-check';
import { DEFAULT_DEPARTMENTS, DEFAULT_SCENARIO } from '../../../../src/shared/model/defaults';
import type { Field, Kpi, Process, Scenario, Stage, StageKind } from '../../../../src/shared/model/schema';

/** A field with sensible defaults: required, justified, read by sales, 60 s every visit. */
export function field(id: string, patch: Partial<Field> = {}): Field {
  return {
    id,
    label: `Field ${id}`,
    type: 'text',
    requirement: 'required',
    requestedBy: 'sales',
    consumers: ['sales'],
    justification: 'Needed for the forecast',
    decisionSupported: 'Forecast',
    valueToSales: 'medium',
    secondsToComplete: 60,
    entries: 'every-stage-visit',
    status: 'justified',
    ...patch,
  };
}

export interface StageSpec {
  id: string;
  kind?: StageKind;
  days?: number;
  fields?: Field[];
  adminBudgetMinutes?: number;
}

/** Builds a schema-shaped process from stages and `[from, to, probability]` transitions. */
export function makeProcess(
  stages: StageSpec[],
  transitions: Array<[string, string, number]>,
  extra: { scenario?: Partial<Scenario>; kpis?: Kpi[] } = {},
): Process {
  return {
    schemaVersion: 3,
    id: 'fixture',
    name: 'Fixture',
    description: '',
    revision: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    departments: DEFAULT_DEPARTMENTS.map((d) => ({ ...d })),
    stages: stages.map(
      (s, i): Stage => ({
        id: s.id,
        name: s.id,
        kind: s.kind ?? 'stage',
        position: { x: i * 200, y: 0 },
        description: '',
        expectedDays: s.days ?? (s.kind === 'won' || s.kind === 'lost' ? 0 : 7),
        fields: s.fields ?? [],
        ...(s.adminBudgetMinutes !== undefined ? { adminBudgetMinutes: s.adminBudgetMinutes } : {}),
      }),
    ),
    transitions: transitions.map(([from, to, probability], i) => ({ id: `t${i}`, from, to, probability, label: '' })),
    scenario: { ...DEFAULT_SCENARIO, ...extra.scenario },
    kpis: extra.kpis ?? [],
  };
}

/** start → a → b → won, every step certain. */
export function linearChain(fields: { start?: Field[]; a?: Field[]; b?: Field[] } = {}): Process {
  return makeProcess(
    [
      { id: 'start', kind: 'start', days: 2, fields: fields.start ?? [] },
      { id: 'a', days: 5, fields: fields.a ?? [] },
      { id: 'b', days: 10, fields: fields.b ?? [] },
      { id: 'won', kind: 'won' },
      { id: 'lost', kind: 'lost' },
    ],
    [
      ['start', 'a', 1],
      ['a', 'b', 1],
      ['b', 'won', 1],
      ['start', 'lost', 0],
    ],
  );
}

/** start → loop; loop returns to itself with probability `p`, else won. */
export function selfLoop(p: number, fields: Field[] = [], days = 7): Process {
  return makeProcess(
    [
      { id: 'start', kind: 'start', days: 0 },
      { id: 'loop', days, fields },
      { id: 'won', kind: 'won' },
      { id: 'lost', kind: 'lost' },
    ],
    [
      ['start', 'loop', 1],
      ['loop', 'loop', p],
      ['loop', 'won', 1 - p],
      ['start', 'lost', 0],
    ],
  );
}

/**
 * start → a (0.6) | b (0.4); a → won 0.5 | lost 0.5; b → won 0.25 | lost 0.75.
 * P(won) = 0.6·0.5 + 0.4·0.25 = 0.4.
 */
export function branching(fields: { a?: Field[]; b?: Field[] } = {}): Process {
  return makeProcess(
    [
      { id: 'start', kind: 'start', days: 1 },
      { id: 'a', days: 10, fields: fields.a ?? [] },
      { id: 'b', days: 20, fields: fields.b ?? [] },
      { id: 'won', kind: 'won' },
      { id: 'lost', kind: 'lost' },
    ],
    [
      ['start', 'a', 0.6],
      ['start', 'b', 0.4],
      ['a', 'won', 0.5],
      ['a', 'lost', 0.5],
      ['b', 'won', 0.25],
      ['b', 'lost', 0.75],
    ],
  );
}

/**
 * A small pipeline with a loop (proposal ⇄ negotiation) and fields with spreads, every entries
 * rule and optional fields: stands in for the shared sample in Monte Carlo tests.
 */
export function loopyPipeline(): Process {
  return makeProcess(
    [
      {
        id: 'lead',
        kind: 'start',
        days: 3,
        fields: [
          field('source', { entries: 'once-per-deal', secondsToComplete: 20, secondsMin: 10, secondsMax: 60 }),
          field('notes', { requirement: 'optional', fillRate: 0.3, secondsToComplete: 90 }),
        ],
      },
      {
        id: 'proposal',
        days: 10,
        fields: [
          field('amount', { secondsToComplete: 30, secondsMin: 20, secondsMax: 40 }),
          field('forecast', { entries: 'weekly-while-in-stage', secondsToComplete: 120, secondsMin: 60, secondsMax: 300 }),
        ],
      },
      {
        id: 'negotiation',
        days: 14,
        fields: [
          field('discount', { entries: 'once-per-deal', secondsToComplete: 45, justification: '', consumers: [] }),
          field('competitor', { requirement: 'optional', secondsToComplete: 60, secondsMin: 30, secondsMax: 150 }),
        ],
      },
      { id: 'won', kind: 'won', fields: [field('po', { entries: 'once-per-deal', secondsToComplete: 100 })] },
      { id: 'lost', kind: 'lost', fields: [field('reason', { secondsToComplete: 40 })] },
    ],
    [
      ['lead', 'proposal', 0.7],
      ['lead', 'lost', 0.3],
      ['proposal', 'negotiation', 0.8],
      ['proposal', 'lost', 0.2],
      ['negotiation', 'proposal', 0.3],
      ['negotiation', 'won', 0.45],
      ['negotiation', 'lost', 0.25],
    ],
  );
}

const ENTRIES = ['once-per-deal', 'every-stage-visit', 'weekly-while-in-stage'] as const;
const REQUIREMENTS = ['optional', 'required', 'blocks-stage', 'blocks-commission'] as const;

const fieldArb = (id: string): fc.Arbitrary<Field> =>
  fc
    .record({
      entries: fc.constantFrom(...ENTRIES),
      requirement: fc.constantFrom(...REQUIREMENTS),
      seconds: fc.integer({ min: 0, max: 600 }),
      fillRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      retired: fc.boolean(),
    })
    .map((r) =>
      field(id, {
        entries: r.entries,
        requirement: r.requirement,
        secondsToComplete: r.seconds,
        status: r.retired ? 'retired' : 'justified',
        ...(r.fillRate !== undefined ? { fillRate: r.fillRate } : {}),
      }),
    );

/**
 * Random valid processes: a backbone start → s1 → … → won guarantees every stage is reachable
 * and can finish; each working stage adds up to three random extra exits (back-edges, self-loops,
 * jumps, lost) with random weights, normalized so exits sum to 1. The backbone keeps a weight of
 * at least 0.1, so no loop is inescapable.
 */
export const validProcessArb: fc.Arbitrary<Process> = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      extras: fc.array(
        fc.array(fc.record({ to: fc.integer({ min: 0, max: n + 1 }), w: fc.double({ min: 0.01, max: 1, noNaN: true }) }), {
          maxLength: 3,
        }),
        { minLength: n, maxLength: n },
      ),
      backbone: fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      days: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: n, maxLength: n }),
      fieldCounts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n + 2, maxLength: n + 2 }),
      fieldSeed: fc.array(fieldArb('x'), { minLength: 3 * (n + 2), maxLength: 3 * (n + 2) }),
    }),
  )
  .map(({ n, extras, backbone, days, fieldCounts, fieldSeed }) => {
    // Stage indices: 0..n-1 working (0 is start), n = won, n+1 = lost.
    const id = (i: number): string => (i === n ? 'won' : i === n + 1 ? 'lost' : `s${i}`);
    let fieldNo = 0;
    const stages: StageSpec[] = [];
    for (let i = 0; i < n + 2; i++) {
      const fields: Field[] = [];
      for (let k = 0; k < fieldCounts[i]!; k++) {
        fields.push({ ...fieldSeed[i * 3 + k]!, id: `f${fieldNo}`, label: `Field number ${fieldNo}` });
        fieldNo++;
      }
      stages.push({
        id: id(i),
        kind: i === 0 ? 'start' : i === n ? 'won' : i === n + 1 ? 'lost' : 'stage',
        days: i < n ? days[i]! : 0,
        fields,
      });
    }
    const transitions: Array<[string, string, number]> = [];
    for (let i = 0; i < n; i++) {
      const weights = new Map<number, number>([[i + 1, backbone[i]!]]);
      for (const e of extras[i]!) weights.set(e.to, (weights.get(e.to) ?? 0) + e.w);
      if (i + 1 === n && !weights.has(n + 1)) weights.set(n + 1, 0);
      const sum = [...weights.values()].reduce((a, b) => a + b, 0);
      const entries = [...weights.entries()];
      let rest = 1;
      entries.forEach(([to, w], k) => {
        const p = k === entries.length - 1 ? rest : w / sum;
        rest -= p;
        transitions.push([id(i), id(to), Math.max(0, p)]);
      });
    }
    return makeProcess(stages, transitions);
  });
