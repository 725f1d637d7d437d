import type { z } from 'zod';

/**
 * A fast "zod would accept this as it is" test, derived from the zod schema itself — the schema
 * stays the one definition of a valid document.
 *
 * `safeParse` builds a fresh copy of the whole document, with a payload object per property; on a
 * 30,000-field process that was the largest part of `stagecraft simulate` and of opening the file.
 * This walks the schema's definition once (objects, arrays, strings, numbers, booleans, enums,
 * literals, optionals, and every check attached to them — lengths, patterns, bounds, integer
 * formats, refinements, overwrites such as `.trim()`) into a predicate that answers true only
 * when `safeParse` would succeed **and** return a value equal to the input: no unknown keys to
 * strip, nothing a `.trim()` would change. (Only the order of keys may differ: zod writes schema
 * order, the input keeps its own; nothing reads documents by key order.) Anything else
 * — a failure, a value zod would alter, a schema kind this does not know — answers false, and the
 * caller parses with zod as before (same result, same messages).
 *
 * It relies on zod 4's core definitions (`_zod.def`, `_zod.check`, `_zod.optin`); a schema kind it
 * does not recognise makes the whole predicate unavailable rather than wrong, and a unit test
 * asserts valid processes take the fast path, so an upgrade that changes them is noticed.
 */

type Payload = { value: unknown; issues: unknown[] };

/** The zod 4 core internals read here (see `zod/v4/core`). */
interface CoreCheck {
  _zod: {
    def: { check?: string; when?: (payload: Payload) => boolean };
    check: (payload: Payload) => unknown;
  };
}
interface CoreSchema extends CoreCheck {
  _zod: CoreCheck['_zod'] & {
    def: {
      type: string;
      checks?: CoreCheck[];
      shape?: Record<string, CoreSchema>;
      catchall?: unknown;
      element?: CoreSchema;
      innerType?: CoreSchema;
      coerce?: boolean;
    };
    traits: Set<string>;
    values?: ReadonlySet<unknown>;
    optin?: string;
    optout?: string;
  };
}

type Test = (value: unknown) => boolean;

/** The schema's checks in the order zod runs them (a format schema is its own first check). */
function checksOf(schema: CoreSchema): CoreCheck[] {
  const list = [...(schema._zod.def.checks ?? [])];
  if (schema._zod.traits.has('$ZodCheck')) list.unshift(schema);
  return list;
}

// Checks run one after another and never re-enter this module, so one payload serves them all.
const payload: Payload = { value: undefined, issues: [] };

/** Runs checks as zod does; true when none reports an issue and none rewrites the value. */
function runChecks(checks: readonly CoreCheck[], value: unknown): boolean {
  payload.value = value;
  payload.issues.length = 0;
  for (const check of checks) {
    const when = check._zod.def.when;
    if (when && !when(payload)) continue;
    const result = check._zod.check(payload);
    if (result instanceof Promise || payload.issues.length > 0) return false;
  }
  return payload.value === value;
}

/**
 * A check as a plain comparison where its definition says exactly what zod tests (bounds, safe
 * integers, a regular expression); for lengths, a comparison that implies zod's answer (zod
 * counts a string's code points, which lie between half its length and its length), else zod's
 * own check. Undefined when only zod's own check will do.
 */
function quickCheck(check: CoreCheck): Test | undefined {
  const def = check._zod.def as Record<string, unknown>;
  switch (def.check) {
    case 'greater_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return undefined;
      return def.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
    }
    case 'less_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return undefined;
      return def.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
    }
    case 'number_format':
      return def.format === 'safeint' ? (value) => Number.isSafeInteger(value) : undefined;
    case 'string_format': {
      const pattern = def.pattern;
      if (def.format !== 'regex' || !(pattern instanceof RegExp)) return undefined;
      return (value) => {
        pattern.lastIndex = 0;
        return pattern.test(value as string);
      };
    }
    case 'max_length': {
      const maximum = def.maximum as number;
      return (value) => (value as { length: number }).length <= maximum || runChecks([check], value);
    }
    case 'min_length': {
      const minimum = def.minimum as number;
      return (value) =>
        typeof value === 'string' ? value.length >= 2 * minimum || runChecks([check], value) : (value as unknown[]).length >= minimum;
    }
    default:
      return undefined;
  }
}

function withChecks(schema: CoreSchema, typeTest: Test): Test {
  const checks = checksOf(schema);
  if (checks.length === 0) return typeTest;
  const quick: Test[] = [];
  const rest: CoreCheck[] = [];
  for (const check of checks) {
    const test = quickCheck(check);
    if (test) quick.push(test);
    else rest.push(check);
  }
  // Order does not change the answer: every check must pass and only zod's own may rewrite.
  return (value) => {
    if (!typeTest(value)) return false;
    for (let i = 0; i < quick.length; i++) if (!quick[i]!(value)) return false;
    return rest.length === 0 || runChecks(rest, value);
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The predicate for one schema node, or undefined when the node is of a kind not handled. */
function compile(schema: CoreSchema): Test | undefined {
  const def = schema._zod.def;
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return withChecks(schema, (value) => typeof value === 'string');
    case 'number':
      return withChecks(schema, (value) => typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return withChecks(schema, (value) => typeof value === 'boolean');
    case 'enum':
    case 'literal': {
      // The very set zod's own parse looks values up in.
      const allowed = schema._zod.values;
      if (!allowed) return undefined;
      return withChecks(schema, (value) => allowed.has(value));
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      // A defaulted inner schema substitutes a value for absence: the output would differ.
      if (!inner || def.innerType!._zod.optin === 'defaulted') return undefined;
      return withChecks(schema, (value) => value === undefined || inner(value));
    }
    case 'array': {
      const element = def.element && compile(def.element);
      if (!element) return undefined;
      return withChecks(schema, (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !element(value[i])) return false;
        }
        return true;
      });
    }
    case 'object':
      return compileObject(schema);
    default:
      return undefined;
  }
}

function compileObject(schema: CoreSchema): Test | undefined {
  const def = schema._zod.def;
  // A catch-all keeps unknown keys in its own way; not handled.
  if (def.catchall !== undefined || !def.shape) return undefined;
  const keys = Object.keys(def.shape);
  const tests: Test[] = [];
  const optional: boolean[] = [];
  for (const key of keys) {
    const property = def.shape[key]!;
    const test = compile(property);
    if (!test) return undefined;
    tests.push(test);
    optional.push(property._zod.optin === 'optional' && property._zod.optout === 'optional');
  }
  return withChecks(schema, (value) => {
    if (!isPlainObject(value)) return false;
    let present = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const item = value[key];
      if (item === undefined && !(key in value)) {
        if (optional[k]) continue;
        return false;
      }
      present++;
      if (!tests[k]!(item)) return false;
    }
    // Every own key is a known one (zod strips the others): the known keys found are all of them.
    return Object.keys(value).length === present;
  });
}

const compiled = new WeakMap<object, Test | null>();

/**
 * True when `schema.safeParse(value)` would succeed and give back a value equal to `value` (same
 * keys, same primitives; key order aside), so `value` can be used as the parsed result. False
 * when it would fail or change anything, or when the schema holds a kind of node this module
 * does not handle — then parse with zod.
 */
export function acceptsUnchanged(schema: z.ZodType, value: unknown): boolean {
  let test = compiled.get(schema);
  if (test === undefined) {
    test = compile(schema as unknown as CoreSchema) ?? null;
    compiled.set(schema, test);
  }
  return test !== null && test(value);
}
