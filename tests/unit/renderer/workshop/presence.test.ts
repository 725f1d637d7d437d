import { describe, expect, it } from 'vitest';
import { leadOf, localPresence, onlineParticipants, readPeers, viewersByStage } from '../../../../src/renderer/src/features/workshop/presence';
import { PresenceSchema } from '../../../../src/shared/live/schema';

const facilitator = { user: { participantId: null, name: 'Fay', departmentId: null, role: 'facilitator' }, stageId: 's-2', lead: { stageId: 's-2', presenting: false } };
const sam = { user: { participantId: 'p-sam', name: 'Sam', departmentId: 'sales', role: 'participant' }, stageId: 's-1' };

describe('presence', () => {
  it('reads every peer that parses, leaving out this browser and anything malformed', () => {
    const states = new Map<number, unknown>([
      [1, facilitator],
      [2, sam],
      [3, { user: { name: 'no role' } }],
      [4, { ...sam, stageId: 's-9' }],
    ]);
    const peers = readPeers(states, 4);
    expect(peers.map((peer) => peer.clientId)).toEqual([1, 2]);
  });

  it('finds the facilitator’s lead, and no lead from a participant claiming one', () => {
    const impostor = { ...sam, lead: { stageId: 's-3', presenting: true } };
    expect(leadOf(readPeers(new Map([[2, impostor]]), 0))).toBeNull();
    expect(leadOf(readPeers(new Map<number, unknown>([[2, impostor], [1, facilitator]]), 0))).toEqual({ stageId: 's-2', presenting: false });
    expect(leadOf(readPeers(new Map([[1, { ...facilitator, lead: null }]]), 0))).toBeNull();
  });

  it('counts a participant online once, preferring the tab that looks at a stage', () => {
    const idle = { ...sam, stageId: null };
    const online = onlineParticipants(readPeers(new Map<number, unknown>([[5, idle], [6, sam]]), 0));
    expect([...online]).toEqual([['p-sam', 's-1']]);
  });

  it('lists who looks at each stage, without the facilitator', () => {
    const byStage = viewersByStage(readPeers(new Map<number, unknown>([[1, facilitator], [2, sam]]), 0));
    expect([...byStage]).toEqual([['s-1', ['Sam']]]);
  });

  it('shares a lead only as the facilitator, and a presence the host’s schema accepts', () => {
    const lead = { stageId: 's-1', presenting: true };
    const asParticipant = localPresence({ participantId: 'p-1', name: 'Sam', departmentId: 'sales', role: 'participant' }, 's-1', lead);
    expect(asParticipant.lead).toBeUndefined();
    const asFacilitator = localPresence({ participantId: null, name: 'Fay', departmentId: null, role: 'facilitator' }, 's-1', lead);
    expect(asFacilitator.lead).toEqual(lead);
    expect(PresenceSchema.safeParse(asFacilitator).success).toBe(true);
    expect(PresenceSchema.safeParse(localPresence({ participantId: null, name: 'x'.repeat(200), departmentId: null, role: 'facilitator' }, null, null)).success).toBe(true);
  });
});
