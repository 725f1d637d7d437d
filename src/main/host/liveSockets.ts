import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIVE_PATH } from '../../shared/live/schema';
import type { Caller, WorkshopGate } from '../services/live/types';
import { KeyedRateLimiter, LIVE_MESSAGE_RATE, type RateOptions } from './rateLimit';

/**
 * The WebSocket side of the host: upgrades at `/live/<docName>` (the y-websocket protocol, served
 * by the workshop service through `gate.connectLive`). The host decides who may connect (Host,
 * Origin, session cookie — see server.ts) and keeps room connections honest afterwards: a
 * participant's messages are rate-limited, and a connection whose session was revoked or whose
 * workshop ended is closed within a second even if the service did not close it.
 */

/** Close codes the host uses (4000–4999 are the application's). */
export const CLOSE = {
  /** The workshop's LAN listener closed (the workshop ended). */
  goingAway: 1001,
  /**
   * More messages than the participant's share: policy violation, outside 4400–4499, which
   * y-websocket treats as final — the browser reconnects after its back-off.
   */
  rateLimited: 1008,
  /** The session was revoked or the workshop ended. */
  unauthorized: 4401,
} as const;

/** Largest WebSocket message accepted: clients only send sync requests and presence, which are small. */
export const MAX_LIVE_MESSAGE_BYTES = 4 * 1024 * 1024;

const DOC_NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** The document a `/live/<docName>` path names, or undefined for any other path. */
export function liveDocName(pathname: string): string | undefined {
  if (!pathname.startsWith(`${LIVE_PATH}/`)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(LIVE_PATH.length + 1));
  } catch {
    return undefined;
  }
  return DOC_NAME.test(name) ? name : undefined;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket (no WebSocket is made). */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  if (socket.writable) {
    const body = `${message}\n`;
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

interface RoomConnection {
  secret: string;
  key: string;
}

export interface LiveSockets {
  /**
   * Completes an already-checked upgrade and hands the socket to the workshop service. `secret`
   * (room connections only) is the session cookie, re-checked while the socket is open;
   * `clients` collects the socket so its listener can close it.
   */
  accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    options: { docName: string; caller: Caller; secret?: string; clients: Set<WebSocket> },
  ): void;
  /** Stops the revocation sweep and closes every socket. */
  close(): void;
}

export function createLiveSockets(options: {
  gate: () => WorkshopGate | undefined;
  rate?: RateOptions;
  /** How often room connections are re-checked against their session (ms). */
  sweepMs?: number;
  log?: (line: string) => void;
}): LiveSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_LIVE_MESSAGE_BYTES, perMessageDeflate: false });
  const limiter = new KeyedRateLimiter(options.rate ?? LIVE_MESSAGE_RATE);
  const room = new Map<WebSocket, RoomConnection>();
  const all = new Set<WebSocket>();
  const log = options.log ?? (() => undefined);

  const sweep = setInterval(() => {
    const gate = options.gate();
    for (const [ws, conn] of room) {
      if (!gate?.open || gate.identify(conn.secret) === null) ws.close(CLOSE.unauthorized, 'Your workshop session ended.');
    }
  }, options.sweepMs ?? 1000);
  sweep.unref();

  return {
    accept(req, socket, head, { docName, caller, secret, clients }) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        all.add(ws);
        clients.add(ws);
        ws.once('close', () => {
          all.delete(ws);
          clients.delete(ws);
          room.delete(ws);
        });
        if (secret !== undefined) {
          const key = caller.sessionId ?? secret;
          room.set(ws, { secret, key });
          // Registered before the service's own listener, so it sees each message first.
          ws.on('message', () => {
            if (ws.readyState !== ws.OPEN) return;
            if (!limiter.take(key)) {
              log(`live: closed a ${caller.role}'s connection to ${docName}: over ${LIVE_MESSAGE_RATE.ratePerSecond} messages a second`);
              ws.close(CLOSE.rateLimited, 'Too many messages; reconnecting shortly.');
            }
          });
        }
        const gate = options.gate();
        if (!gate) {
          ws.close(CLOSE.unauthorized, 'No workshop is open.');
          return;
        }
        try {
          gate.connectLive(ws, req, docName, caller);
        } catch (error) {
          log(`live: could not serve ${docName}: ${(error as Error).message}`);
          ws.close(1011, 'The live document could not be served.');
        }
      });
    },
    close() {
      clearInterval(sweep);
      for (const ws of all) ws.terminate();
      wss.close();
    },
  };
}
