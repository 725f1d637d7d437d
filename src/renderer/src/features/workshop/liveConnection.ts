import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { LIVE_PATH, type Presence } from '../../../../shared/live/schema';
import type { ConnectionState } from '../../store/workshopStore';
import { readPeers, type PeerPresence } from './presence';

/**
 * The browser's end of the live workshop: one `y-websocket` provider per Y document the host
 * serves at `/live/<docName>` (the room for everyone, plus the facilitator's own), presence over
 * the room's awareness, and the connection state. The documents are only read here (through the
 * readers the caller passes, which use `shared/live/bridge.ts`); the host is their only writer.
 */

/** Where the live documents are served: this page's own host, as ws: or wss:. */
export function liveServerUrl(location: Pick<Location, 'protocol' | 'host'>, loopbackBase?: string): string {
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${LIVE_PATH}`;
  }
  // The desktop window (app://) is not served over HTTP: it reaches the host's loopback listener.
  if (!loopbackBase) throw new Error('No address to reach the live workshop from this window.');
  const url = new URL(loopbackBase);
  return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${LIVE_PATH}`;
}

/** Close codes after which the host will not take this browser back (revoked or ended; a doc it may not see). */
const FINAL_CLOSE_CODES = new Set([4401, 4403]);

export interface LiveHandlers {
  /** The room document changed (batched: at most once per frame). */
  onRoom(doc: Y.Doc): void;
  /** The facilitator's document changed. */
  onFacilitator?(doc: Y.Doc): void;
  onPeers(peers: PeerPresence[]): void;
  onConnection(state: ConnectionState): void;
  /**
   * The room connection closed (the host went away, ended the workshop, or revoked this browser);
   * `permanent` when the host said not to come back (close codes 4400–4499).
   */
  onClosed(permanent: boolean): void;
}

export interface LiveConnection {
  /** Shares this browser's presence (stage, lead) with the room. */
  setPresence(presence: Presence): void;
  /** Disconnects and forgets both documents. */
  close(): void;
}

/** Connects to the workshop's documents; `docs.facilitator` only for the facilitator. */
export function connectLive(serverUrl: string, docs: { room: string; facilitator?: string }, handlers: LiveHandlers): LiveConnection {
  const room = new Y.Doc();
  // Cross-tab BroadcastChannel sync is off: every tab takes its state from the host alone. The
  // host's "session over" (4401) and "not yours" (4403) are final; anything else, including
  // "too many messages" (4429), is worth reconnecting after.
  const options = { disableBc: true, maxBackoffTime: 2000, shouldReconnect: (event: CloseEvent) => !FINAL_CLOSE_CODES.has(event.code) };
  const roomProvider = new WebsocketProvider(serverUrl, docs.room, room, options);
  const facilitatorDoc = docs.facilitator ? new Y.Doc() : null;
  const facilitatorProvider = facilitatorDoc && docs.facilitator ? new WebsocketProvider(serverUrl, docs.facilitator, facilitatorDoc, options) : null;

  let everLive = false;
  let closed = false;
  const report = (): void => {
    if (closed) return;
    if (roomProvider.wsconnected && roomProvider.synced) {
      everLive = true;
      handlers.onConnection('live');
    } else handlers.onConnection(everLive ? 'reconnecting' : 'connecting');
  };
  roomProvider.on('status', report);
  roomProvider.on('sync', report);
  roomProvider.on('connection-close', (event) => {
    // `null`: closed by this side (disconnect, the silence watchdog); not news.
    if (event && !closed) handlers.onClosed(FINAL_CLOSE_CODES.has(event.code));
  });
  roomProvider.on('connection-error', () => {
    // A refused upgrade (401 after a revoke, the listener gone) never opens: ask why once.
    if (!closed && everLive) handlers.onClosed(false);
  });

  // Many small updates arrive together (a burst of votes): read once per frame.
  const batch = (read: () => void): (() => void) => {
    let pending = false;
    return () => {
      if (pending || closed) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        if (!closed) read();
      }, 16);
    };
  };
  const readRoom = batch(() => handlers.onRoom(room));
  room.on('update', readRoom);
  // A document that is still empty once synced sends no update: read it then too.
  roomProvider.on('sync', (synced: boolean) => synced && readRoom());
  const onFacilitator = handlers.onFacilitator;
  if (facilitatorDoc && facilitatorProvider && onFacilitator) {
    const readFacilitator = batch(() => onFacilitator(facilitatorDoc));
    facilitatorDoc.on('update', readFacilitator);
    facilitatorProvider.on('sync', (synced: boolean) => synced && readFacilitator());
  }

  const awareness = roomProvider.awareness;
  const readAwareness = (): void => {
    if (!closed) handlers.onPeers(readPeers(awareness.getStates(), room.clientID));
  };
  awareness.on('change', readAwareness);
  report();

  return {
    setPresence(presence) {
      if (!closed) awareness.setLocalState(presence);
    },
    close() {
      if (closed) return;
      closed = true;
      awareness.setLocalState(null);
      roomProvider.destroy();
      facilitatorProvider?.destroy();
      room.destroy();
      facilitatorDoc?.destroy();
    },
  };
}
