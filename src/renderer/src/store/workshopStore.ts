import { create } from 'zustand';
import type { Output, WorkshopInfo } from '../../../shared/api/contract';
import type { Vote, VoteChoice, WorkshopRecord, WorkshopRole } from '../../../shared/live/schema';
import type { FeedItem, RoomView } from '../../../shared/live/bridge';
import type { PeerPresence } from '../features/workshop/presence';
import type { QueuedOp } from '../features/workshop/opQueue';

/**
 * The live workshop as this browser sees it: who it is (facilitator, participant, observer or not
 * in a workshop at all), the connection, what the room's Y documents hold (read through
 * `shared/live/bridge.ts` by `liveConnection`), presence, and the participant's queued actions.
 * View state only: nothing here is saved by the renderer.
 */

export type { FeedItem, RoomView };

export const EMPTY_ROOM: RoomView = {
  participants: [],
  marks: [],
  challenges: [],
  votes: [],
  resultsRevealed: false,
  endedAt: null,
  commentsVersion: 0,
  feed: [],
};

/** `workshop:whoami`'s answer. */
export type WhoAmI = Output<'workshop:whoami'>;

/**
 * - `off`: no live connection (no workshop, or not started yet);
 * - `connecting`: the first connection is being made;
 * - `live`: connected and synced;
 * - `reconnecting`: the connection was lost; actions are queued.
 */
export type ConnectionState = 'off' | 'connecting' | 'live' | 'reconnecting';

/** Why a participant's workshop is over for them. */
/**
 * Why this browser is out of the workshop: `removed` when the host says the participant was
 * revoked; `session-ended` when the host no longer knows this browser's session (revoked, or the
 * host restarted — it cannot tell which); `ended` when the workshop is over.
 */
export type WorkshopExit = 'removed' | 'session-ended' | 'ended' | null;

export interface WorkshopState {
  /** This browser's role; null when no workshop is involved (the plain editor). */
  role: WorkshopRole | null;
  whoami: WhoAmI | null;
  /** The open workshop as the facilitator sees it (`workshop:start` / `workshop:status`). */
  info: WorkshopInfo | null;
  connection: ConnectionState;
  room: RoomView;
  /** Every vote as it arrives (the facilitator's document); null for everyone else. */
  allVotes: Vote[] | null;
  peers: PeerPresence[];
  /** Participant: follow the facilitator's lead (on by default). */
  following: boolean;
  /** Facilitator: "follow me" is on. */
  leading: boolean;
  /** Participant: actions waiting for the host, oldest first. */
  queue: QueuedOp[];
  /** Participant: their own marks and votes, as they last chose them (optimistic). */
  mine: { marks: Record<string, { fills: boolean; reads: boolean }>; votes: Record<string, VoteChoice> };
  exit: WorkshopExit;
  /** Facilitator: the start dialog (or the join code of an open workshop) is shown. */
  startDialogOpen: boolean;
  /** Facilitator: what the workshop just ended left in the workspace (shown once). */
  endedRecord: WorkshopRecord | null;
  /** Facilitator: challenges and comments that arrived since the Workshop panel was last shown. */
  unseen: number;
  /** Participant: bumped when they ask to propose a change (the editor opens Review › Proposals). */
  proposeRequest: number;

  setWhoami(whoami: WhoAmI): void;
  setInfo(info: WorkshopInfo | null): void;
  setConnection(connection: ConnectionState): void;
  setRoom(room: RoomView): void;
  setAllVotes(votes: Vote[] | null): void;
  setPeers(peers: PeerPresence[]): void;
  setFollowing(on: boolean): void;
  setLeading(on: boolean): void;
  setQueue(queue: QueuedOp[]): void;
  setMine(mine: WorkshopState['mine']): void;
  setExit(exit: WorkshopExit): void;
  setStartDialogOpen(open: boolean): void;
  setEndedRecord(record: WorkshopRecord | null): void;
  requestPropose(): void;
  addUnseen(count: number): void;
  clearUnseen(): void;
  /** Back to no workshop (the editor closed, or the workshop ended for the facilitator). */
  reset(): void;
}

const INITIAL = {
  role: null,
  whoami: null,
  info: null,
  connection: 'off',
  room: EMPTY_ROOM,
  allVotes: null,
  peers: [],
  following: true,
  leading: false,
  queue: [],
  mine: { marks: {}, votes: {} },
  exit: null,
  startDialogOpen: false,
  endedRecord: null,
  proposeRequest: 0,
  unseen: 0,
} satisfies Partial<WorkshopState>;

export const useWorkshop = create<WorkshopState>()((set) => ({
  ...INITIAL,
  // The facilitator's role counts once `info` says a workshop is open on the process in view.
  setWhoami: (whoami) => set((state) => ({ whoami, role: whoami.role === 'facilitator' ? state.role : whoami.role })),
  setInfo: (info) => set((state) => ({ info, role: state.role === 'participant' || state.role === 'observer' ? state.role : info ? 'facilitator' : null })),
  setConnection: (connection) => set({ connection }),
  setRoom: (room) => set({ room }),
  setAllVotes: (allVotes) => set({ allVotes }),
  setPeers: (peers) => set({ peers }),
  setFollowing: (following) => set({ following }),
  setLeading: (leading) => set({ leading }),
  setQueue: (queue) => set({ queue }),
  setMine: (mine) => set({ mine }),
  setExit: (exit) => set({ exit }),
  setStartDialogOpen: (startDialogOpen) => set({ startDialogOpen }),
  setEndedRecord: (endedRecord) => set({ endedRecord }),
  requestPropose: () => set((state) => ({ proposeRequest: state.proposeRequest + 1 })),
  addUnseen: (count) => set((state) => ({ unseen: state.unseen + count })),
  clearUnseen: () => set({ unseen: 0 }),
  reset: () => set({ ...INITIAL }),
}));

/** Someone in the room who may not edit the process (participant or observer). */
export const selectIsGuest = (state: WorkshopState): boolean => state.role === 'participant' || state.role === 'observer';
/** A participant: may mark, vote, challenge, comment and propose. */
export const selectIsParticipant = (state: WorkshopState): boolean => state.role === 'participant';
/** An observer: reads only. */
export const selectIsObserver = (state: WorkshopState): boolean => state.role === 'observer';
/** The facilitator of an open workshop. */
export const selectIsFacilitator = (state: WorkshopState): boolean => state.role === 'facilitator' && state.info !== null;

const NO_VOTES: Vote[] = [];

/**
 * The votes this browser may show: all of them for the facilitator, the room's (revealed) for
 * everyone else, none while hidden.
 */
export const selectVisibleVotes = (state: WorkshopState): Vote[] | null => {
  if (state.role === 'facilitator') return state.allVotes ?? NO_VOTES;
  if (state.role === 'participant' || state.role === 'observer') return state.room.resultsRevealed ? state.room.votes : null;
  return null;
};

/** The message shown wherever an editing control is disabled for a guest. */
export const GUEST_EDIT_MESSAGE = 'The facilitator edits the process; propose a change instead';
