import { describe, expect, it } from 'vitest';
import { reviewCounts, sameReviewCounts } from '../../../src/renderer/src/features/review/useReviewCounts';
import { createSampleProcess } from '../../../src/shared/model/sample';
import type { Comment } from '../../../src/shared/review/schema';

const sample = createSampleProcess('2026-01-01T00:00:00.000Z');
const stage = sample.stages[1]!;
const field = stage.fields[0]!;
const comment = (id: string, target: Comment['target'], extra: Partial<Comment> = {}): Comment => ({
  id,
  target,
  author: { name: 'Ana', departmentId: 'sales' },
  createdAt: '2026-01-02T00:00:00.000Z',
  body: 'Who reads this?',
  ...extra,
});

describe('review counts on cards and register rows', () => {
  it('counts open challenges from the document and open comment threads per stage and field', () => {
    const counts = reviewCounts(sample, [
      comment('c1', { kind: 'field', stageId: stage.id, fieldId: field.id }),
      comment('c2', { kind: 'stage', stageId: stage.id }),
      comment('c3', { kind: 'stage', stageId: stage.id }, { resolved: { by: { name: 'Bo', departmentId: 'finance' }, at: '2026-01-03T00:00:00.000Z' } }),
    ]);
    const challenged = sample.stages.flatMap((s) => s.fields).filter((f) => f.status === 'challenged').map((f) => f.id);
    expect([...counts.challenges].sort()).toEqual(challenged.sort());
    expect(counts.commentsByStage.get(stage.id)).toBe(2);
    expect(counts.byField.get(field.id)).toMatchObject({ comments: 1 });
  });

  it('treats a reloaded list with the same open threads as the same counts, and a new thread as a change', () => {
    const none = reviewCounts(sample, []);
    expect(sameReviewCounts(none, reviewCounts(sample, []))).toBe(true);
    const one = reviewCounts(sample, [comment('c1', { kind: 'stage', stageId: stage.id })]);
    expect(sameReviewCounts(none, one)).toBe(false);
    expect(sameReviewCounts(one, reviewCounts(sample, [comment('c9', { kind: 'stage', stageId: stage.id })]))).toBe(true);
    expect(sameReviewCounts(one, reviewCounts(sample, [comment('c1', { kind: 'field', stageId: stage.id, fieldId: field.id })]))).toBe(false);
  });
});
