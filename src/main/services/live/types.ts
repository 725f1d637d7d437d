import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { WorkshopRole } from '../../../shared/live/schema';

/**
 * The seams between the workshop service (`services/live`, which owns participants, sessions, the
 * record and the Y documents) and the HTTP host (`host/server.ts`, which owns listeners, cookies,
 * Host/Origin checks and rate limits). Neither imports `electron`.
 */

/** Who is calling the API: IPC and the loopback listener are the facilitator. */
export interface Caller {
  role: WorkshopRole;
  /** Set for participants and observers (the session's participant id). */
  participantId?: string;
  /** The session secret's id, so revoking can close this browser's connections. */
  sessionId?: string;
}

export const FACILITATOR: Caller = { role: 'facilitator' };

/** A listener the workshop asked the host to open on the LAN address. */
export interface LanListener {
  /** Base URL, e.g. `http://127.0.0.2:5173/` (https when TLS is configured). */
  url: string;
  tls: boolean;
  /** Stops accepting, closes every connection made through it (HTTP keep-alive and WebSockets). */
  close(): Promise<void>;
}

/** What the host gives the workshop service so `workshop:start` can open and `workshop:end` close the room. */
export interface LanOpener {
  open(options: { bind?: string; port?: number }): Promise<LanListener>;
}

/** What the host asks the workshop service. */
export interface WorkshopGate {
  /** `GET /join?token=`: a fresh session secret for a valid join token (participant or observer), else null. */
  exchangeJoinToken(token: string): { sessionSecret: string; role: 'participant' | 'observer' } | null;
  /** The caller behind a session cookie's value, or null (unknown, revoked, or no workshop open). */
  identify(sessionSecret: string): Caller | null;
  /**
   * A WebSocket upgraded at `/live/<docName>` by `caller` (already authenticated, Origin checked).
   * Refuses (closes with 4403) a doc the caller may not see; otherwise serves it read-only through
   * the gate described in shared/live/README.md.
   */
  connectLive(socket: WebSocket, request: IncomingMessage, docName: string, caller: Caller): void;
  /** Called by the host after a caller's connection closes (presence, online flags). */
  readonly open: boolean;
}
