import type { Participant } from '../../../../shared/live/schema';
import type { Process } from '../../../../shared/model/schema';
import type { FeedItem } from '../../store/workshopStore';

/** A participant as the lists show them: department name and colour, online, the stage they look at. */
export interface ParticipantRow {
  id: string;
  name: string;
  role: Participant['role'];
  department: { name: string; color: string };
  online: boolean;
  stageName: string | null;
  revoked: boolean;
}

/**
 * Joins who joined (the room document) with who is connected now (presence) and the process's
 * names. Revoked participants are left out; online people first, then by name.
 */
export function participantRows(
  participants: readonly Participant[],
  online: ReadonlyMap<string, string | null>,
  doc: Pick<Process, 'departments' | 'stages'> | null,
): ParticipantRow[] {
  const departments = new Map((doc?.departments ?? []).map((department) => [department.id, department]));
  const stages = new Map((doc?.stages ?? []).map((stage) => [stage.id, stage.name]));
  return participants
    .filter((participant) => participant.revokedAt === undefined)
    .map((participant) => {
      const department = departments.get(participant.departmentId);
      const stageId = online.get(participant.id) ?? null;
      return {
        id: participant.id,
        name: participant.name,
        role: participant.role,
        department: { name: department?.name ?? participant.departmentId, color: department?.color ?? '#888888' },
        online: online.has(participant.id),
        stageName: stageId ? (stages.get(stageId) ?? null) : null,
        revoked: false,
      };
    })
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
}

/** One feed line in words: "Sam (Sales) challenged …". */
export function feedLine(item: FeedItem, participants: readonly Participant[], departments: Process['departments']): { who: string; what: string } {
  const participant = participants.find((candidate) => candidate.id === item.participantId);
  const department = departments.find((candidate) => candidate.id === participant?.departmentId)?.name;
  const who = participant ? `${participant.name}${department ? ` (${department})` : ''}` : 'Someone';
  // The host words each item as a sentence that starts with the person's name: keep the rest.
  const named = participant && item.text.startsWith(participant.name) ? item.text.slice(participant.name.length).replace(/^[\s:]+/, '') : null;
  if (item.kind === 'joined') return { who, what: 'joined' };
  if (item.kind === 'challenge') return { who, what: named ?? `challenged: ${item.text}` };
  return { who, what: `commented: ${named ?? item.text}` };
}

/** A stable key for a feed item (the feed has no ids). */
export function feedKey(item: FeedItem): string {
  return `${item.at}|${item.participantId}|${item.kind}|${item.text}`;
}

/** Items of `next` that were not in `previous` (the notifications to show). */
export function newFeedItems(previous: readonly FeedItem[], next: readonly FeedItem[]): FeedItem[] {
  const seen = new Set(previous.map(feedKey));
  return next.filter((item) => !seen.has(feedKey(item)));
}
