/**
 * Hashing for the checks that look for repeats among tens of thousands of strings (field ids,
 * label keys) on a first validation, when no per-stage result is remembered yet.
 *
 * A `Set<string>` of 30,000 field ids freshly parsed from a file cost most of the identity rules:
 * V8 hashes each new string on its first insertion, and the set grows and rehashes as it fills.
 * Hashing in a plain loop into a typed array, then sorting it, finds the same repeats in a fraction
 * of the time; callers confirm an equal hash with the strings themselves, since different strings
 * may share one.
 */

/** FNV-1a's offset basis: the state a hash starts from. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a's prime: each code unit updates the state to `Math.imul(state ^ code, FNV_PRIME)`. */
export const FNV_PRIME = 0x01000193;
/**
 * Kept bits of a final state: hashes stay below 2³⁰ so V8 keeps them as small integers (no boxed
 * number per value) in plain arrays and sets.
 */
export const HASH_MASK = 0x3fffffff;

/** FNV-1a of a string's UTF-16 code units, 0 … 2³⁰ − 1. */
export function stringHash(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h & HASH_MASK;
}

/**
 * The values that occur more than once in `values` (sorted in place), or undefined when all
 * differ — the common case, found without building a set.
 */
export function repeatedValues(values: Int32Array): Set<number> | undefined {
  values.sort();
  let repeated: Set<number> | undefined;
  for (let i = 1; i < values.length; i++) if (values[i] === values[i - 1]) (repeated ??= new Set()).add(values[i]!);
  return repeated;
}
