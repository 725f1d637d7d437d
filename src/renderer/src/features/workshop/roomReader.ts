import type * as Y from 'yjs';
import { readFacilitatorVotes, readProcess, readRoom as readRoomView, type RoomView } from '../../../../shared/live/bridge';
import type { Vote } from '../../../../shared/live/schema';
import type { Process } from '../../../../shared/model/schema';

/**
 * The renderer's one way into the workshop's Y documents: `shared/live/bridge.ts` (which owns
 * their layout and validates what it reads). Nothing else in the renderer touches a Y document's
 * content.
 */

/** The room document: the process (null while empty or invalid) and everything else the room shows. */
export function readRoom(doc: Y.Doc): { process: Process | null; room: RoomView } {
  return { process: readProcess(doc), room: readRoomView(doc) };
}

/** The facilitator's document: every vote as it arrives. */
export function readAllVotes(doc: Y.Doc): Vote[] {
  return readFacilitatorVotes(doc);
}
