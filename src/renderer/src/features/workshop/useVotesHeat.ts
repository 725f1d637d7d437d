import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { selectVisibleVotes, useWorkshop } from '../../store/workshopStore';
import { votesHeat } from './liveTallies';

/**
 * The canvas's "Votes" heat when this browser may see the votes (the facilitator always, the room
 * once revealed): per stage, the share of votes to drop its fields. Null otherwise.
 */
export function useVotesHeat(): ReadonlyMap<string, number> | null {
  const doc = useEditor((state) => state.doc);
  const votes = useWorkshop(selectVisibleVotes);
  const participants = useWorkshop((state) => state.room.participants);
  return useMemo(() => (doc && votes ? votesHeat(doc, { votes, participants }) : null), [doc, votes, participants]);
}
