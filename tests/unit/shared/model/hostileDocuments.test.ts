import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTE_ORDER_MARK, parseJsonText } from '../../../../src/shared/model/jsonText';
import { migrateDocument } from '../../../../src/shared/model/migrate';
import { BLOCKING_CODES, blockingProblems, isBlocking, parseProcess, type Problem } from '../../../../src/shared/model/problems';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { validateProcess } from '../../../../src/shared/model/validate';

/**
 * Hostile documents, the way a user's disk or a colleague's editor produces them: whatever comes
 * in, reading, migrating and validating answer with located problems and never throw, and the
 * problems that make a document unsafe to open are reported as blocking.
 */

const NOW = '2026-11-27T10:15:00.000Z';
const sampleText = JSON.stringify(createSampleProcess(NOW), null, 2);
const freshSample = () => JSON.parse(sampleText) as Record<string, unknown> & {
  stages: Record<string, unknown>[];
  transitions: Record<string, unknown>[];
};

const INVISIBLE = ['\u200B', '\u00A0', '\uFEFF', '\u202E', '\u0000', '\u2028', '\u0007', '\uD800'];
const NASTY_VALUES: unknown[] = [
  'NaN', 'Infinity', '-Infinity', '-0', '1e999', '', ' ', '\u200B', '__proto__', 'constructor',
  1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1 + 0.2, null, true, [], {}, [[[]]], { __proto__: 1 },
];

/** Everything the pipeline does with untrusted text; must never throw. */
function readDocument(text: string): { problems: Problem[]; blocking: Problem[]; json: boolean } {
  const json = parseJsonText(text);
  if (!json.ok) {
    expect(json.line).toBeGreaterThanOrEqual(1);
    expect(json.column).toBeGreaterThanOrEqual(1);
    if (json.message !== 'the file is empty') expect(json.message).toContain(`line ${json.line}, column ${json.column}`);
    return { problems: [], blocking: [], json: false };
  }
  migrateDocument(json.value);
  const parsed = parseProcess(json.value);
  if (!parsed.ok) {
    expect(parsed.problems.length).toBeGreaterThan(0);
    for (const problem of parsed.problems) {
      expect(problem.severity).toBe('error');
      expect(problem.path).not.toBe('');
    }
    return { problems: parsed.problems, blocking: [], json: true };
  }
  const problems = validateProcess(parsed.process, { today: NOW });
  const blocking = blockingProblems(parsed.process);
  for (const problem of [...problems, ...blocking]) expect(problem.path).not.toBe('');
  // The blocking list is exactly the blocking subset of what validate reports.
  expect(blocking.map(key).sort()).toEqual(problems.filter(isBlocking).map(key).sort());
  return { problems, blocking, json: true };
}

const key = (p: Problem) => `${p.code} ${p.path} ${p.message}`;

type Mutation =
  | { kind: 'duplicate-stage-id'; a: number; b: number }
  | { kind: 'dangling-transition'; a: number; target: string }
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'nest'; depth: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('duplicate-stage-id' as const), a: fc.nat(40), b: fc.nat(40) }),
  fc.record({ kind: fc.constant('dangling-transition' as const), a: fc.nat(40), target: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) }),
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.array(fc.oneof(fc.constantFrom('stages', 'transitions', 'fields', 'id', 'name', 'probability', 'from', 'to', 'consumers', 'departments', 'scenario', 'schemaVersion', 'kpis', '0', '1', '2', '__proto__'), fc.nat(5).map(String)), { minLength: 1, maxLength: 5 }),
    value: fc.oneof(fc.constantFrom(...NASTY_VALUES), fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 20 })),
  }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 3000 }) }),
);

function apply(doc: ReturnType<typeof freshSample>, m: Mutation): void {
  const stages = doc.stages;
  // An earlier 'set' may have replaced the lists or their items with anything: the id mutations
  // below need real stage and transition objects to work on.
  const isObject = (item: unknown): boolean => typeof item === 'object' && item !== null;
  const intact =
    Array.isArray(stages) && stages.length > 0 && stages.every(isObject) &&
    Array.isArray(doc.transitions) && doc.transitions.length > 0 && doc.transitions.every(isObject);
  if ((m.kind === 'duplicate-stage-id' || m.kind === 'dangling-transition') && !intact) return;
  if (m.kind === 'duplicate-stage-id') {
    const a = stages[m.a % stages.length]!;
    const b = stages[m.b % stages.length]!;
    if (a !== b) b.id = a.id;
  } else if (m.kind === 'dangling-transition') {
    const ids = new Set(stages.map((s) => s.id));
    const t = doc.transitions[m.a % doc.transitions.length]!;
    t.to = ids.has(m.target) ? `${m.target}-missing` : m.target;
  } else if (m.kind === 'set') {
    let node: unknown = doc;
    for (const step of m.path.slice(0, -1)) {
      if (typeof node !== 'object' || node === null) return;
      node = (node as Record<string, unknown>)[step];
    }
    if (typeof node === 'object' && node !== null) {
      // A copy: NASTY_VALUES' objects are shared by every run, and a later 'set' writing into one
      // of them would carry junk into other runs — or make a cycle JSON cannot write.
      const value = structuredClone(m.value);
      Object.defineProperty(node, m.path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
    }
  } else {
    let deep: unknown = 'bottom';
    for (let i = 0; i < m.depth; i++) deep = [deep];
    doc.name = deep;
  }
}

type TextDamage = { bom: boolean; invisible: { ch: string; at: number } | null; cutAt: number | null };

/** Ways the text itself is damaged on the way: a BOM, an invisible character, a cut. */
const textDamageArb: fc.Arbitrary<TextDamage> = fc.record({
  bom: fc.boolean(),
  invisible: fc.option(fc.record({ ch: fc.constantFrom(...INVISIBLE), at: fc.nat() })),
  cutAt: fc.option(fc.nat()),
});

function damage(text: string, d: TextDamage): string {
  let out = text;
  if (d.invisible) {
    const at = d.invisible.at % (out.length + 1);
    out = out.slice(0, at) + d.invisible.ch + out.slice(at);
  }
  if (d.cutAt !== null) out = out.slice(0, d.cutAt % (out.length + 1));
  return d.bom ? BYTE_ORDER_MARK + out : out;
}

describe('hostile documents never crash reading, migration or validation', () => {
  it('arbitrary text and JSON-ish values: a located answer, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
          fc.anything({ maxDepth: 4 }).map((v) => { try { return JSON.stringify(v) ?? 'undefined'; } catch { return '{'; } }),
        ),
        textDamageArb,
        (text, d) => {
          readDocument(damage(text, d));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('mutations of the sample: never a throw; duplicate ids and dangling references are blocking, with a location', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), textDamageArb, (mutations, d) => {
        const doc = freshSample();
        for (const m of mutations) apply(doc, m);
        const text = JSON.stringify(doc);
        const clean = readDocument(text);
        // A byte-order mark alone changes nothing: the same answer as without it.
        const withBom = readDocument(BYTE_ORDER_MARK + text);
        expect(withBom.problems.map(key)).toEqual(clean.problems.map(key));
        readDocument(damage(text, d));

        const sample = freshSample();
        const onlyRefMutations = mutations.every((m) => m.kind === 'duplicate-stage-id' || m.kind === 'dangling-transition');
        const broke = mutations.some(
          (m) => (m.kind === 'duplicate-stage-id' && m.a % sample.stages.length !== m.b % sample.stages.length) || m.kind === 'dangling-transition',
        );
        if (onlyRefMutations && broke) {
          expect(clean.json).toBe(true);
          expect(clean.blocking.length).toBeGreaterThan(0);
          for (const problem of clean.blocking) {
            expect(problem.severity).toBe('error');
            expect(BLOCKING_CODES.has(problem.code)).toBe(true);
            expect(problem.path).toMatch(/^(stages|transitions|departments|kpis)\[\d+\]/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a huge exponent', '{"name": 1e400}'],
    ['deep nesting (unclosed)', '['.repeat(100_000)],
    ['deep nesting (closed)', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['only a byte-order mark', BYTE_ORDER_MARK],
    ['two byte-order marks', `${BYTE_ORDER_MARK}${BYTE_ORDER_MARK}{}`],
    ['a lone surrogate', '{"name": "\uD800"}'],
    ['NaN as a bare word', '{"probability": NaN}'],
  ])('%s', (_what, text) => {
    expect(() => readDocument(text)).not.toThrow();
  });
});
