import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { ProcessSchema } from '../../../../src/shared/model/schema';
import { acceptsUnchanged } from '../../../../src/shared/model/schemaFastPath';

const NOW = '2026-11-27T10:15:00.000Z';
const sampleText = JSON.stringify(createSampleProcess(NOW));
// The sample cut to a few items per list (schema-valid; references need not resolve for the
// schema): every kind of object is still there, and each parse is quick.
const smallText = (() => {
  const doc = JSON.parse(sampleText) as { stages: { fields: unknown[] }[]; transitions: unknown[]; kpis: unknown[]; departments: unknown[] };
  doc.stages = doc.stages.slice(0, 3).map((stage) => ({ ...stage, fields: stage.fields.slice(0, 2) }));
  doc.transitions = doc.transitions.slice(0, 2);
  doc.kpis = doc.kpis.slice(0, 2);
  doc.departments = doc.departments.slice(0, 2);
  return JSON.stringify(doc);
})();

/** JSON with every object's keys sorted: equal exactly when two values hold the same data. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

// Values chosen to sit on the schema's edges: lengths counted in code points (a lone or paired
// surrogate), padding a `.trim()` removes, bounds, non-integers, non-finite numbers, wrong types.
const EDGE_VALUES: unknown[] = [
  '', ' ', ' x', 'x ', '\u00a0x', 'x'.repeat(64), 'x'.repeat(65), 'é'.repeat(200), '😀'.repeat(100), '😀'.repeat(101),
  '\uD800', 'a\uD800'.repeat(100), 'a-b_C9', 'a b', 'sales', 'ghost', '#3366cc', '#3366CG', 'EUR', 'eur',
  '2026-02-29', '2028-02-29', '2026-12-31', '2026-11-27T10:15:00Z', '2026-11-27T10:15:00+02:00', '2026-11-27T10:15:00',
  0, -0, 1, -1, 0.5, 1.5, 3650, 3651, 86400, 86401, 1e21, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity,
  true, false, null, undefined, [], ['sales'], ['sales', 'sales'], {}, { x: 1 },
  'text', 'long-text', 'required', 'optional', 'once-per-deal', 'retired', 'start', 'won', 'win-rate',
];

// For optional keys: absent-like, bounds, non-finite, wrong types, a padded and a valid-looking string.
const OPTIONAL_EDGE_VALUES: unknown[] = [undefined, null, 0, -1, 0.5, 1, 1.5, 3, 86401, NaN, Infinity, '', ' x', 'x', '2026-02-29', '2028-02-29', 'sales', [], [{}], true];

type Step = string | number;

/** Every path in a value, to containers and to leaves: where mutations land. */
function allPaths(value: unknown, prefix: Step[] = [], out: Step[][] = []): Step[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => allPaths(item, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) allPaths(item, [...prefix, key], out);
  return out;
}
const PATHS = allPaths(JSON.parse(smallText)).filter((path) => path.length > 0);
// One path per place in the schema (list positions folded): `stages[#].fields[#].label` once.
const PLACES = [...new Map(PATHS.map((path, index) => [path.map((step) => (typeof step === 'number' ? '#' : step)).join('.'), index])).values()];
// Optional keys the sample does not use, so they get set too.
const OPTIONAL_KEYS = ['secondsMin', 'secondsMax', 'fillRate', 'reviewBy', 'apiName', 'justificationImported', 'reviewLog', 'adminBudgetMinutes', 'setBy', 'reviewEveryMonths', 'addressedTo'];

interface Mutation {
  path: number;
  kind: 'set' | 'set-optional' | 'delete' | 'extra-key' | 'null-prototype' | 'hole';
  optionalKey: string;
  value: unknown;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: fc.nat(PATHS.length - 1),
  kind: fc.constantFrom('set', 'set', 'set', 'set-optional', 'delete', 'extra-key', 'null-prototype', 'hole'),
  optionalKey: fc.constantFrom(...OPTIONAL_KEYS),
  value: fc.oneof(fc.constantFrom(...EDGE_VALUES), fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 8 })),
});

/** Applies a mutation at one of the sample's paths, as far as the (already mutated) document leads. */
function mutate(doc: unknown, m: Mutation): void {
  const path = PATHS[m.path]!;
  let node: unknown = doc;
  for (const step of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<Step, unknown>)[step];
  }
  if (typeof node !== 'object' || node === null) return;
  const target = node as Record<Step, unknown>;
  const last = path.at(-1)!;
  const child = target[last];
  if (m.kind === 'set') target[last] = m.value;
  else if (m.kind === 'set-optional' && typeof child === 'object' && child !== null && !Array.isArray(child)) (child as Record<string, unknown>)[m.optionalKey] = m.value;
  else if (m.kind === 'delete') delete target[last];
  else if (m.kind === 'extra-key') Object.defineProperty(target, `${String(last)}Extra`, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (m.kind === 'null-prototype' && typeof child === 'object' && child !== null && !Array.isArray(child)) Object.setPrototypeOf(child, null);
  else if (m.kind === 'hole' && Array.isArray(child) && child.length > 0) delete child[0];
}

describe('schema fast path', () => {
  it('accepts valid documents as they are (every schema node kind handled): the sample, generated processes', () => {
    expect(acceptsUnchanged(ProcessSchema, JSON.parse(sampleText))).toBe(true);
    for (const stages of [3, 40, 300]) {
      const doc = JSON.parse(JSON.stringify(createGeneratedProcess({ stages, fields: stages * 10, seed: stages })));
      expect(acceptsUnchanged(ProcessSchema, doc)).toBe(true);
    }
  });

  it('refuses what zod would refuse or change: a padded label, an unknown key, a wrong type', () => {
    const padded = JSON.parse(sampleText);
    padded.stages[1].fields[0].label = ' Padded ';
    expect(ProcessSchema.safeParse(padded).success).toBe(true);
    expect(acceptsUnchanged(ProcessSchema, padded)).toBe(false);
    const extra = JSON.parse(sampleText);
    extra.stages[0].colour = 'red';
    expect(acceptsUnchanged(ProcessSchema, extra)).toBe(false);
    const wrong = JSON.parse(sampleText);
    wrong.transitions[0].probability = '0.5';
    expect(acceptsUnchanged(ProcessSchema, wrong)).toBe(false);
  });

  /** The fast path's promise on one document: true only where zod accepts it unchanged. */
  function agreesWithZod(doc: unknown): void {
    const result = ProcessSchema.safeParse(doc);
    if (acceptsUnchanged(ProcessSchema, doc)) {
      expect(result.success).toBe(true);
      expect(canonical(result.data)).toBe(canonical(doc));
    }
    if (result.success) expect(acceptsUnchanged(ProcessSchema, result.data)).toBe(true);
  }

  it('agrees with zod on every edge value put in every place of the sample, and on every kind of damage', () => {
    const base = JSON.parse(smallText) as unknown;
    let checked = 0;
    for (const path of PLACES) {
      for (const value of EDGE_VALUES) {
        const doc = structuredClone(base);
        mutate(doc, { path, kind: 'set', optionalKey: '', value });
        agreesWithZod(doc);
        checked++;
      }
      for (const kind of ['delete', 'extra-key', 'null-prototype', 'hole'] as const) {
        const doc = structuredClone(base);
        mutate(doc, { path, kind, optionalKey: '', value: 1 });
        agreesWithZod(doc);
      }
      const node = PATHS[path]!.reduce<unknown>((at, step) => (at as Record<Step, unknown>)[step], base);
      if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
      for (const optionalKey of OPTIONAL_KEYS) {
        for (const value of OPTIONAL_EDGE_VALUES) {
          const doc = structuredClone(base);
          mutate(doc, { path, kind: 'set-optional', optionalKey, value });
          agreesWithZod(doc);
        }
      }
    }
    expect(checked).toBeGreaterThan(3_000);
    // Thousands of zod parses: give a loaded machine time.
  }, 120_000);

  it('accepts only documents zod accepts unchanged, and every document zod outputs', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const doc = JSON.parse(smallText) as unknown;
        for (const m of mutations) mutate(doc, m);
        agreesWithZod(doc);
      }),
      { numRuns: 1000 },
    );
  });
});
