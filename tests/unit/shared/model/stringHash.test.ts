import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_MASK, repeatedValues } from '../../../../src/shared/model/stringHash';

/** The values occurring more than once, counted the obvious way. */
function naiveRepeats(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([value]) => value).sort((a, b) => a - b);
}

const found = (values: readonly number[]): number[] | undefined => {
  const repeated = repeatedValues(Int32Array.from(values));
  return repeated && [...repeated].sort((a, b) => a - b);
};

describe('repeatedValues', () => {
  it('is undefined when every value differs, including none at all and the ends of the range', () => {
    expect(found([])).toBeUndefined();
    expect(found([0, HASH_MASK, 1, HASH_MASK - 1])).toBeUndefined();
  });

  it('finds repeats at the ends of the range and among values that probe the same slots', () => {
    // Multiples of 2³⁰ / 64 differ only in their high bits; they must not be taken for one another.
    const step = 2 ** 24;
    const spread = Array.from({ length: 64 }, (_, i) => i * step);
    expect(found([...spread, 0, HASH_MASK, HASH_MASK, 5 * step])).toEqual([0, 5 * step, HASH_MASK]);
  });

  it('agrees with counting, for any list of 30-bit values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: HASH_MASK })), { maxLength: 300 }), (values) => {
        const expected = naiveRepeats(values);
        expect(found(values)).toEqual(expected.length > 0 ? expected : undefined);
      }),
      { numRuns: 300 },
    );
  });
});
