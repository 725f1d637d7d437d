import { describe, expect, it } from 'vitest';
import { emptyProcess, renameStage } from '../../../../src/shared/model/commands';
import type { Process } from '../../../../src/shared/model/schema';
import { draftHoldsNothingNew } from '../../../../src/renderer/src/store/drafts';

const stored = (): Process => emptyProcess({ id: 'p', name: 'Pipeline', now: '2026-11-27T09:00:00.000Z' });

/** The same data with every object's keys in reverse order, as another writer might lay it out. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
}

describe('drafts', () => {
  it('a draft with the stored content has nothing new, whatever its key order, revision or save time', () => {
    const draft = { ...(reordered(stored()) as Process), revision: 7, updatedAt: '2026-11-28T09:00:00.000Z' };
    expect(Object.keys(draft)[0]).not.toBe(Object.keys(stored())[0]);
    expect(draftHoldsNothingNew(draft, stored())).toBe(true);
  });

  it('a draft with an edit is offered', () => {
    const doc = stored();
    const edited = renameStage(doc, doc.stages[0]!.id, 'Renamed');
    expect(draftHoldsNothingNew(edited, doc)).toBe(false);
  });
});
