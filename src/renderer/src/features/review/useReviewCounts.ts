import { useMemo } from 'react';
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

/** Derived from the open document (challenges live in it) and the comment list. */
export function useReviewCounts(): ReviewCounts {
  const doc = useEditor((state) => state.doc);
  const comments = useReview((state) => state.comments);
  return useMemo(() => {
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
  }, [doc, comments]);
}
