import { describe, expect, it } from 'vitest';
import { feedLine, newFeedItems, participantRows } from '../../../../src/renderer/src/features/workshop/participants';
import type { Participant } from '../../../../src/shared/live/schema';

const doc = {
  departments: [
    { id: 'sales', name: 'Sales', color: '#1f5fbf' },
    { id: 'finance', name: 'Finance', color: '#2f7d4f' },
  ],
  stages: [{ id: 's-1', name: 'Discovery' }],
} as unknown as Parameters<typeof participantRows>[2];

const joinedAt = '2026-11-27T12:00:00.000Z';
const people: Participant[] = [
  { id: 'p-zoe', name: 'Zoe', departmentId: 'finance', role: 'participant', joinedAt },
  { id: 'p-amy', name: 'Amy', departmentId: 'sales', role: 'observer', joinedAt },
  { id: 'p-old', name: 'Bob', departmentId: 'sales', role: 'participant', joinedAt, revokedAt: joinedAt },
];

describe('the facilitator’s people list', () => {
  it('shows online people first with the stage they look at, and leaves revoked people out', () => {
    const rows = participantRows(people, new Map([['p-zoe', 's-1']]), doc);
    expect(rows.map((row) => [row.name, row.online, row.stageName, row.department.name])).toEqual([
      ['Zoe', true, 'Discovery', 'Finance'],
      ['Amy', false, null, 'Sales'],
    ]);
  });

  it('words a feed item with the person and their department, without saying the name twice', () => {
    const departments = doc?.departments ?? [];
    const challenge = feedLine({ at: joinedAt, participantId: 'p-zoe', kind: 'challenge', text: 'Zoe challenged PO number: Who reads it?' }, people, departments);
    expect(challenge).toEqual({ who: 'Zoe (Finance)', what: 'challenged PO number: Who reads it?' });
    const comment = feedLine({ at: joinedAt, participantId: 'p-zoe', kind: 'comment', text: 'Zoe: We never look at it' }, people, departments);
    expect(comment).toEqual({ who: 'Zoe (Finance)', what: 'commented: We never look at it' });
    const unknown = feedLine({ at: joinedAt, participantId: 'p-gone', kind: 'comment', text: 'Hello' }, people, departments);
    expect(unknown).toEqual({ who: 'Someone', what: 'commented: Hello' });
  });

  it('notifies only feed items that were not there before', () => {
    const first = { at: joinedAt, participantId: 'p-zoe', kind: 'comment' as const, text: 'a' };
    const second = { ...first, at: '2026-11-27T12:00:01.000Z' };
    expect(newFeedItems([first], [first, second])).toEqual([second]);
    expect(newFeedItems([first, second], [second])).toEqual([]);
  });
});
