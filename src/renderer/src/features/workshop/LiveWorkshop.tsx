import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Process } from '../../../../shared/model/schema';
import { ApiError, call, isUnreachable } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useIdentity } from '../../store/identityStore';
import { useReview } from '../../store/reviewStore';
import { EMPTY_ROOM, GUEST_EDIT_MESSAGE, selectIsGuest, useWorkshop } from '../../store/workshopStore';
import type { StageNode, TransitionEdge } from '../canvas/adapters';
import { startPresenting, stopPresenting } from '../canvas/presenting';
import { zoomToSelection } from '../canvas/zoomToSelection';
import { connectLive, liveServerUrl, type LiveConnection } from './liveConnection';
import { feedLine, newFeedItems } from './participants';
import { leadOf, localPresence } from './presence';
import { readAllVotes, readRoom } from './roomReader';
import { flushQueue, loadMyState, openQueue, refreshWorkshopStatus } from './workshopActions';

/** How often queued actions are retried while the host does not answer, ms. */
const RETRY_MS = 3000;

/**
 * Runs the live side of an open process (inside the editor's ReactFlowProvider, renders nothing):
 * connects to the workshop's Y documents, keeps the workshop store up to date, shares presence,
 * follows the facilitator, locks editing for the room, and sends queued actions.
 */
export function LiveWorkshop({ processId }: { processId: string }): null {
  const guest = useWorkshop(selectIsGuest);
  const whoami = useWorkshop((state) => state.whoami);
  const info = useWorkshop((state) => state.info);
  const flow = useReactFlow<StageNode, TransitionEdge>();
  const connection = useRef<LiveConnection | null>(null);

  // The facilitator's editor asks whether a workshop is open on this process.
  useEffect(() => {
    if (!guest) void refreshWorkshopStatus(processId);
  }, [guest, processId]);

  const docs = guest ? (whoami?.workshop?.docs ?? null) : info && info.processId === processId ? info.docs : null;
  const room = docs?.room ?? null;
  const facilitatorDoc = docs?.facilitator ?? null;
  const loopback = info?.addresses[0];

  // The connection: one per workshop document set.
  useEffect(() => {
    if (!room) return;
    const workshop = useWorkshop.getState();
    let firstRoom = true;
    let queueOpened = false;
    const live = connectLive(
      liveServerUrl(window.location, loopback),
      { room, ...(facilitatorDoc ? { facilitator: facilitatorDoc } : {}) },
      {
        onRoom(doc) {
          const read = readRoom(doc);
          const previous = useWorkshop.getState().room;
          useWorkshop.getState().setRoom(read.room);
          if (read.room.commentsVersion !== previous.commentsVersion) void useReview.getState().refreshComments();
          if (selectIsGuest(useWorkshop.getState())) {
            if (read.process) receiveProcess(read.process);
            if (read.room.endedAt) useWorkshop.getState().setExit('ended');
          } else if (!firstRoom) {
            notifyFeed(previous.feed, read.room);
          }
          firstRoom = false;
        },
        onFacilitator(doc) {
          useWorkshop.getState().setAllVotes(readAllVotes(doc));
        },
        onPeers(peers) {
          useWorkshop.getState().setPeers(peers);
        },
        onConnection(state) {
          useWorkshop.getState().setConnection(state);
          if (state !== 'live') return;
          const current = useWorkshop.getState();
          if (current.role === 'participant' && current.whoami?.participant && current.whoami.workshop) {
            if (!queueOpened) {
              queueOpened = true;
              openQueue(current.whoami.workshop.workshopId, current.whoami.participant.id);
              void loadMyState().catch(() => undefined);
            }
            void flushQueue();
          }
        },
        onClosed() {
          void probe();
        },
      },
    );
    connection.current = live;
    publishPresence(live);
    return () => {
      live.close();
      connection.current = null;
      workshop.setConnection('off');
      workshop.setRoom(EMPTY_ROOM);
      workshop.setAllVotes(null);
      workshop.setPeers([]);
    };
  }, [room, facilitatorDoc, loopback]);

  // Presence follows the selection, presentation mode and "follow me".
  useEffect(() => {
    const publish = (): void => {
      if (connection.current) publishPresence(connection.current);
    };
    const stopEditor = useEditor.subscribe((state, previous) => {
      if (state.selection.stageIds[0] !== previous.selection.stageIds[0] || state.presenting !== previous.presenting) publish();
    });
    const stopWorkshop = useWorkshop.subscribe((state, previous) => {
      if (state.leading !== previous.leading || state.whoami !== previous.whoami) publish();
    });
    return () => {
      stopEditor();
      stopWorkshop();
    };
  }, []);

  // A participant who follows sees the stage the facilitator leads to, presenting when they present.
  useEffect(() => {
    let applied: string | null = null;
    const follow = (): void => {
      const state = useWorkshop.getState();
      if (state.role !== 'participant' && state.role !== 'observer') return;
      if (!state.following) {
        applied = null;
        return;
      }
      const lead = leadOf(state.peers);
      const key = lead ? `${lead.stageId ?? ''}|${lead.presenting}` : null;
      if (key === applied) return;
      applied = key;
      if (!lead) return;
      const editor = useEditor.getState();
      if (lead.presenting && !editor.presenting) startPresenting();
      if (!lead.presenting && editor.presenting) stopPresenting();
      if (lead.stageId && editor.doc?.stages.some((stage) => stage.id === lead.stageId)) {
        editor.selectStage(lead.stageId);
        // Presentation mode zooms to the selected stage itself.
        if (!lead.presenting) zoomToSelection(flow, 1.1);
      }
    };
    follow();
    return useWorkshop.subscribe((state, previous) => {
      if (state.peers !== previous.peers || state.following !== previous.following) follow();
    });
  }, [flow]);

  // The room may not edit the process; a participant edits their own proposal.
  useEffect(() => {
    const lock = (): void => {
      const role = useWorkshop.getState().role;
      const guestNow = role === 'participant' || role === 'observer';
      const proposal = useReview.getState().proposal !== null;
      useEditor.getState().setEditLock(guestNow && !(role === 'participant' && proposal) ? GUEST_EDIT_MESSAGE : null);
      // Back from a proposal: show the newest process the room document held meanwhile.
      if (guestNow && !proposal && pendingProcess && !useEditor.getState().readOnly) {
        const next = pendingProcess;
        pendingProcess = null;
        useEditor.getState().receiveRemote(next);
      }
    };
    lock();
    const stopReview = useReview.subscribe((state, previous) => {
      if (state.proposal !== previous.proposal) lock();
    });
    const stopWorkshop = useWorkshop.subscribe((state, previous) => {
      if (state.role !== previous.role) lock();
    });
    return () => {
      stopReview();
      stopWorkshop();
      useEditor.getState().setEditLock(null);
    };
  }, []);

  // Queued actions: retried while the host does not answer, and when the browser is back online.
  useEffect(() => {
    if (!guest) return;
    const timer = setInterval(() => {
      if (useWorkshop.getState().queue.length > 0) void flushQueue();
    }, RETRY_MS);
    const onOnline = (): void => void flushQueue();
    window.addEventListener('online', onOnline);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [guest]);

  return null;
}

/** The newest process from the room document, held while the participant edits a proposal. */
let pendingProcess: Process | null = null;

function receiveProcess(process: Process): void {
  const editor = useEditor.getState();
  if (useReview.getState().proposal || editor.readOnly) {
    pendingProcess = process;
    return;
  }
  // The first load (process:open) may still be on its way, or older than the room's copy.
  if (editor.doc && editor.doc.id === process.id && editor.doc.revision > process.revision) return;
  pendingProcess = null;
  if (editor.doc) editor.receiveRemote(process);
  else editor.load(process);
}

function publishPresence(live: LiveConnection): void {
  const workshop = useWorkshop.getState();
  const editor = useEditor.getState();
  const stageId = editor.selection.stageIds.length === 1 ? (editor.selection.stageIds[0] ?? null) : null;
  const participant = workshop.whoami?.participant ?? null;
  const identity = useIdentity.getState().editor;
  const role = workshop.role ?? 'facilitator';
  const user =
    role === 'facilitator'
      ? { participantId: null, name: identity.name.trim() || 'Facilitator', departmentId: identity.departmentId || null, role }
      : { participantId: participant?.id ?? null, name: participant?.name ?? 'Guest', departmentId: participant?.departmentId ?? null, role };
  const lead = role === 'facilitator' && workshop.leading ? { stageId, presenting: editor.presenting } : null;
  live.setPresence(localPresence(user, stageId, lead));
}

/** Facilitator: a toast for each challenge and comment arriving from the room. */
function notifyFeed(previous: Parameters<typeof newFeedItems>[0], room: ReturnType<typeof readRoom>['room']): void {
  const departments = useEditor.getState().doc?.departments ?? [];
  const arrived = newFeedItems(previous, room.feed).filter((item) => item.kind !== 'joined');
  for (const item of arrived) {
    const line = feedLine(item, room.participants, departments);
    useEditor.getState().notify(`${line.who} ${line.what}`);
  }
  if (arrived.length > 0) useWorkshop.getState().addUnseen(arrived.length);
}

/** After the room connection closed: was this browser removed, did the workshop end, or is the host just away? */
async function probe(): Promise<void> {
  const state = useWorkshop.getState();
  if (state.role === 'facilitator') {
    const processId = state.info?.processId;
    if (processId) await refreshWorkshopStatus(processId);
    return;
  }
  if (state.role !== 'participant' && state.role !== 'observer') return;
  try {
    const whoami = await call('workshop:whoami', {});
    if (!whoami.workshop) useWorkshop.getState().setExit('ended');
    else if (whoami.participant?.revokedAt) useWorkshop.getState().setExit('removed');
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') useWorkshop.getState().setExit('session-ended');
    else if (isUnreachable(error) && useWorkshop.getState().room.endedAt) useWorkshop.getState().setExit('ended');
  }
}
