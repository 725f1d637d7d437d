import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/**
 * Publishes the host's live documents to a `stagecraft live-relay` (or any y-websocket server
 * that takes the publisher token as `?token=`), so people outside the room can follow from there.
 *
 * The host stays the only writer of its documents: each one is mirrored into a replica (every
 * update of the host document is applied to it), and only the replica is connected to the relay
 * with y-websocket's `WebsocketProvider` over `ws`. Whatever comes back from the relay lands in the
 * replica and never in the host's document. The provider reconnects on its own (exponential
 * backoff up to `maxBackoffMs`) and resynchronises the whole replica when it does.
 *
 * Only documents everyone may see belong here: the host publishes the `room` document, never the
 * facilitator's (which holds votes before they are revealed).
 */

export interface RemoteLiveOptions {
  /** The relay's base URL, e.g. `wss://live.example.com` (documents at `<url>/<docName>`). */
  url: string;
  /** The relay's publisher token. */
  token: string;
  /** Longest wait between reconnection attempts (ms). Default 2000. */
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

export interface RemoteLiveAdapter {
  /** True while every published document is connected and synchronised with the relay. */
  readonly synced: boolean;
  /** Stops publishing `docName`s (all when omitted) and closes their connections. */
  destroy(): void;
}

/** Starts publishing `docs` (relay document name → host document). */
export function publishToRelay(docs: Record<string, Y.Doc>, options: RemoteLiveOptions): RemoteLiveAdapter {
  const log = options.log ?? (() => undefined);
  const links = Object.entries(docs).map(([name, source]) => {
    const replica = new Y.Doc({ gc: true });
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
    const forward = (update: Uint8Array) => Y.applyUpdate(replica, update);
    source.on('update', forward);
    const provider = new WebsocketProvider(options.url, name, replica, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: options.token },
      disableBc: true,
      maxBackoffTime: options.maxBackoffMs ?? 2000,
    });
    // The publisher is not a person in the room.
    provider.awareness.setLocalState(null);
    let connected = false;
    provider.on('status', ({ status }: { status: string }) => {
      const now = status === 'connected';
      if (now !== connected) log(`live relay: ${name} ${now ? 'connected to' : 'disconnected from'} ${options.url}`);
      connected = now;
    });
    return {
      provider,
      destroy() {
        source.off('update', forward);
        provider.destroy();
        replica.destroy();
      },
    };
  });
  return {
    get synced() {
      return links.every((link) => link.provider.wsconnected && link.provider.synced);
    },
    destroy() {
      for (const link of links) link.destroy();
    },
  };
}
