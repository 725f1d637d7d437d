import { PresenceSchema, type Presence, type WorkshopRole } from '../../../../shared/live/schema';

/**
 * Presence (Yjs awareness) as the renderer reads and writes it. The host overwrites `user` with
 * the identity behind each connection and drops what does not parse, so what arrives can be
 * trusted as far as the host vouches for it; it is still parsed here, never assumed.
 */

/** Someone else's presence, with the awareness client id it came from. */
export interface PeerPresence extends Presence {
  clientId: number;
}

/** Every peer's presence that parses, leaving out this browser's own. */
export function readPeers(states: ReadonlyMap<number, unknown>, selfClientId: number): PeerPresence[] {
  const peers: PeerPresence[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const parsed = PresenceSchema.safeParse(state);
    if (parsed.success) peers.push({ ...parsed.data, clientId });
  }
  return peers;
}

/** Where the facilitator is leading ("follow me"), or null when nobody leads. */
export function leadOf(peers: readonly PeerPresence[]): { stageId: string | null; presenting: boolean } | null {
  for (const peer of peers) {
    if (peer.user.role === 'facilitator' && peer.lead) return peer.lead;
  }
  return null;
}

/** Participant id → the stage they look at (null: none), for everyone connected now. */
export function onlineParticipants(peers: readonly PeerPresence[]): Map<string, string | null> {
  const online = new Map<string, string | null>();
  for (const peer of peers) {
    const id = peer.user.participantId;
    if (!id) continue;
    // Two tabs of one person: a tab looking at a stage says more than one looking at nothing.
    if (!online.has(id) || online.get(id) === null) online.set(id, peer.stageId);
  }
  return online;
}

/** Who is looking at each stage (names), for the markers on the facilitator's canvas. */
export function viewersByStage(peers: readonly PeerPresence[]): Map<string, string[]> {
  const byStage = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const peer of peers) {
    if (!peer.stageId || peer.user.role === 'facilitator') continue;
    const key = `${peer.user.participantId ?? peer.clientId}/${peer.stageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byStage.get(peer.stageId) ?? [];
    list.push(peer.user.name);
    byStage.set(peer.stageId, list);
  }
  return byStage;
}

/** This browser's presence: who it is (the host overwrites it anyway), its stage, and the lead. */
export function localPresence(
  user: { participantId: string | null; name: string; departmentId: string | null; role: WorkshopRole },
  stageId: string | null,
  lead: { stageId: string | null; presenting: boolean } | null,
): Presence {
  return {
    user: { ...user, name: user.name.slice(0, 80) },
    stageId,
    ...(user.role === 'facilitator' ? { lead } : {}),
  };
}
