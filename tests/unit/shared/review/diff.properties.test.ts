import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffProcesses, isEmptyDiff } from '../../../../src/shared/review/diff';
import { threeWayMerge } from '../../../../src/shared/review/merge';
import { applyEdits, baseArb, content, editArb } from './arbitraries';

const edits = fc.array(editArb, { maxLength: 8 });

describe('diff properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(baseArb, edits, (base, es) => {
        const a = applyEdits(base, es, 'a');
        expect(isEmptyDiff(diffProcesses(a, a))).toBe(true);
        expect(isEmptyDiff(diffProcesses(a, structuredClone(a)))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('applying diff(a, b) to a gives b', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(baseArb, edits, edits, (base, ea, eb) => {
        const a = applyEdits(base, ea, 'a');
        const b = applyEdits(base, eb, 'b');
        const diff = diffProcesses(a, b);
        if (!isEmptyDiff(diff)) nonEmpty++;
        const applied = applyDiff(a, diff);
        expect(content(applied)).toEqual(content(b));
        expect(applied.revision).toBe(a.revision);
      }),
      { numRuns: 250 },
    );
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('a diff survives a JSON round trip (it crosses the API)', () => {
    fc.assert(
      fc.property(baseArb, edits, (base, es) => {
        const b = applyEdits(base, es, 'b');
        const diff = JSON.parse(JSON.stringify(diffProcesses(base, b)));
        expect(content(applyDiff(base, diff))).toEqual(content(b));
      }),
      { numRuns: 100 },
    );
  });
});

describe('three-way merge properties', () => {
  it('with an untouched side returns the other side', () => {
    fc.assert(
      fc.property(baseArb, edits, (base, es) => {
        const changed = applyEdits(base, es, 'b');
        const left = threeWayMerge(base, base, changed);
        const right = threeWayMerge(base, changed, base);
        expect(left.conflicts).toEqual([]);
        expect(right.conflicts).toEqual([]);
        expect(content(left.merged)).toEqual(content(changed));
        expect(content(right.merged)).toEqual(content(changed));
      }),
      { numRuns: 300 },
    );
  });

  it('merges without conflicts do not depend on which side is which', () => {
    let clean = 0;
    fc.assert(
      fc.property(baseArb, edits, edits, (base, ea, eb) => {
        const a = applyEdits(base, ea, 'a');
        const b = applyEdits(base, eb, 'b');
        const ab = threeWayMerge(base, a, b);
        const ba = threeWayMerge(base, b, a);
        expect(ab.conflicts.length === 0).toBe(ba.conflicts.length === 0);
        if (ab.conflicts.length > 0) return;
        clean++;
        expect(content(ab.merged)).toEqual(content(ba.merged));
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if most generated pairs merge cleanly.
    expect(clean).toBeGreaterThan(100);
  });

  it('keeps both sides’ non-overlapping changes', () => {
    fc.assert(
      fc.property(baseArb, edits, edits, (base, ea, eb) => {
        const a = applyEdits(base, ea, 'a');
        const b = applyEdits(base, eb, 'b');
        const { merged, conflicts } = threeWayMerge(base, a, b);
        if (conflicts.length > 0) return;
        // Every item one side added is in the result.
        for (const side of [a, b]) {
          const added = diffProcesses(base, side);
          const after = diffProcesses(base, merged);
          for (const c of ['stages', 'fields', 'departments', 'kpis', 'transitions'] as const) {
            for (const change of added[c]) {
              if (change.kind !== 'added') continue;
              expect(after[c].some((x) => x.kind === 'added' && x.id === change.id)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
