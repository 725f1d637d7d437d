import { useMemo, useRef } from 'react';
import type { Process } from '../../../../shared/model/schema';
import type { Comment } from '../../../../shared/review/schema';
import { commentCounts } from '../../../../shared/review/comments';
import { openChallenges } from '../../../../shared/review/fieldReview';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';

/** Open review work per item, for the badges on stage cards and register rows. */
export interface ReviewCounts {
  /** Field ids with an open challenge. */
  challenges: ReadonlySet<string>;
  /** Open comment threads per stage id (the stage's own and its fields'). */
  commentsByStage: ReadonlyMap<string, number>;
  /** Open challenges and comment threads per field id. */
  byField: ReadonlyMap<string, { challenges: number; comments: number }>;
}

/**
 * The counts from the document (challenges live in it) and the comment list. Pure: the hook
 * below adds only the "same counts, same object" rule.
 */
export function reviewCounts(doc: Process | null, comments: readonly Comment[]): ReviewCounts {
  const challenges = new Set<string>();
  const byField = new Map<string, { challenges: number; comments: number }>();
  const commentsByStage = new Map<string, number>();
  if (!doc) return { challenges, commentsByStage, byField };
  for (const challenge of openChallenges(doc)) {
    challenges.add(challenge.fieldId);
    byField.set(challenge.fieldId, { challenges: 1, comments: 0 });
  }
  // Answers to a challenge are part of the challenge, not separate threads.
  for (const [key, count] of commentCounts(comments.filter((comment) => comment.challengeId === undefined))) {
    if (count.open === 0) continue;
    const [kind, rest = ''] = key.split(':');
    if (kind === 'stage') commentsByStage.set(rest, (commentsByStage.get(rest) ?? 0) + count.open);
    if (kind === 'field') {
      const [stageId = '', fieldId = ''] = rest.split('/');
      commentsByStage.set(stageId, (commentsByStage.get(stageId) ?? 0) + count.open);
      const current = byField.get(fieldId) ?? { challenges: 0, comments: 0 };
      byField.set(fieldId, { ...current, comments: current.comments + count.open });
    }
  }
  return { challenges, commentsByStage, byField };
}

/** Whether two sets of counts say the same thing (same challenged fields, same numbers). */
export function sameReviewCounts(a: ReviewCounts, b: ReviewCounts): boolean {
  if (a.challenges.size !== b.challenges.size || a.commentsByStage.size !== b.commentsByStage.size || a.byField.size !== b.byField.size) return false;
  for (const id of a.challenges) if (!b.challenges.has(id)) return false;
  for (const [id, count] of a.commentsByStage) if (b.commentsByStage.get(id) !== count) return false;
  for (const [id, count] of a.byField) {
    const other = b.byField.get(id);
    if (!other || other.challenges !== count.challenges || other.comments !== count.comments) return false;
  }
  return true;
}

/**
 * The open process's review counts. Counts equal to the last ones come back as the same object:
 * the canvas redraws its cards when they change, and reloading the comments (on opening a
 * process, nearly always none) or an edit that touches no challenge must not redraw 300 cards.
 */
export function useReviewCounts(): ReviewCounts {
  const doc = useEditor((state) => state.doc);
  const comments = useReview((state) => state.comments);
  const last = useRef<ReviewCounts | null>(null);
  return useMemo(() => {
    const next = reviewCounts(doc, comments);
    if (last.current && sameReviewCounts(last.current, next)) return last.current;
    last.current = next;
    return next;
  }, [doc, comments]);
}
