import { describe, expect, it } from 'vitest';
import { groupRevisions } from '../../../../src/shared/review/grouping';
import type { AuditEntry } from '../../../../src/shared/review/schema';

const sam = { name: 'Sam', departmentId: 'sales' };
const fiona = { name: 'Fiona', departmentId: 'finance' };
const entry = (revision: number, minute: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  revision,
  at: new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString(),
  author: sam,
  kind: 'autosave',
  summary: 's',
  bytes: 1,
  ...extra,
});

describe('groupRevisions', () => {
  it('folds consecutive autosaves by one author a few minutes apart, newest first, and keeps every revision', () => {
    const rows = groupRevisions([
      entry(1, 0),
      entry(2, 2),
      entry(3, 4),
      entry(4, 20),
      entry(5, 21, { author: fiona }),
      entry(6, 22, { kind: 'save', reason: 'why' }),
      entry(7, 23),
      entry(8, 24, { kind: 'proposal' }),
    ]);
    expect(rows.map((r) => [r.revision, r.group])).toEqual([
      [8, 8],
      [7, 7],
      [6, 6],
      [5, 5],
      [4, 4],
      [3, 3],
      [2, 3],
      [1, 3],
    ]);
  });
});
