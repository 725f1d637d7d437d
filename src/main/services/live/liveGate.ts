import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { docs as sharedDocs, getYDoc, setPersistence, setupWSConnection, type WSSharedDoc } from '@y/websocket-server/utils';
import { PresenceSchema, type Presence } from '../../../shared/live/schema';

/**
 * The read-only gate in front of `@y/websocket-server`'s `setupWSConnection`: browsers (and relay
 * readers) receive every update of a document, but nothing they send may change it.
 *
 * Each WebSocket is wrapped in a connection object that `setupWSConnection` uses as if it were the
 * socket. Incoming messages pass through `filter` first:
 * - sync step 1 (a state vector: "what do you have?") passes;
 * - sync step 2 and updates pass only when applying them would change nothing — every struct they
 *   carry is one the document already has and every deletion is one it already made (what a
 *   read-only client sends, including one reconnecting with a copy of the document). Anything else
 *   is refused, reported, and never reaches the document;
 * - awareness (presence) updates are parsed with `PresenceSchema`; `user` is replaced by the
 *   connection's identity, `lead` is kept only for a connection allowed to lead, and one
 *   connection speaks for one awareness client id (its first). Invalid states are refused;
 * - any other message is dropped.
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Close codes the gate uses (4000–4999 are the application's). */
export const CLOSE = {
  /** The caller may not see this document. */
  forbidden: 4403,
  /** No such document in the open workshop. */
  notFound: 4404,
  /** The participant was revoked. */
  revoked: 4401,
  /** The workshop ended. */
  ended: 4410,
} as const;

/** What the gate knows about the connection's owner. */
export interface GateIdentity {
  /** The presence `user` this connection shows, whatever it claims. */
  user: () => Presence['user'];
  /** Whether this connection may set `lead` ("follow me"). */
  mayLead: boolean;
  /** Reports a refused message. */
  refuse: (reason: string) => void;
  /** Called with every accepted presence state (null: the client left). */
  presence?: (state: Presence | null) => void;
}

/** True when applying `update` to `doc` would change nothing. */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false;
  }
  if (ds.clients.size === 0) return true;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of ds.clients) {
    const have = known.clients.get(client) ?? [];
    for (const item of items) {
      if (item.len === 0) continue;
      if (!have.some((h) => h.clock <= item.clock && item.clock + item.len <= h.clock + h.len)) return false;
    }
  }
  return true;
}

/** Makes one message safe to hand to the document, or null to drop it. */
function filter(doc: Y.Doc, message: Uint8Array, identity: GateIdentity, state: { clientId?: number }): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP_1) return message;
      if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return null;
      const update = decoding.readVarUint8Array(decoder);
      if (changesNothing(doc, update)) return message;
      identity.refuse(`a change to the live document (${update.length} bytes) was refused: only the host writes it`);
      return null;
    }
    if (type === MESSAGE_AWARENESS) {
      const clean = cleanAwareness(decoding.readVarUint8Array(decoder), identity, state);
      if (!clean) return null;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, clean);
      return encoding.toUint8Array(encoder);
    }
    return null;
  } catch (error) {
    identity.refuse(`an unreadable message was refused (${(error as Error).message})`);
    return null;
  }
}

/** The awareness update with every state checked and stamped, or null when nothing is left. */
function cleanAwareness(update: Uint8Array, identity: GateIdentity, state: { clientId?: number }): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: Array<{ clientId: number; clock: number; json: string }> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    state.clientId ??= clientId;
    if (clientId !== state.clientId) {
      identity.refuse(`presence for another client (${clientId}) was refused`);
      continue;
    }
    const raw: unknown = JSON.parse(json);
    if (raw === null) {
      kept.push({ clientId, clock, json: 'null' });
      identity.presence?.(null);
      continue;
    }
    // A client that has not said anything yet shares `{}` (y-protocols' initial state): it is here, looking at nothing.
    const isEmpty = typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw as object).length === 0;
    const parsed = PresenceSchema.safeParse(isEmpty ? { user: identity.user(), stageId: null } : raw);
    if (!parsed.success) {
      identity.refuse(`an invalid presence state was refused (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    const presence: Presence = {
      user: identity.user(),
      stageId: parsed.data.stageId,
      lead: identity.mayLead ? (parsed.data.lead ?? null) : null,
    };
    identity.presence?.(presence);
    kept.push({ clientId, clock, json: JSON.stringify(presence) });
  }
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * The object `setupWSConnection` talks to instead of the socket: it sends and closes through the
 * socket, but only hears the messages `filter` lets through.
 */
class GatedConnection extends EventEmitter {
  constructor(
    private readonly socket: WebSocket,
    accept: (message: Uint8Array) => Uint8Array | null,
  ) {
    super();
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data: ArrayBuffer | Buffer | Buffer[]) => {
      const bytes = Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data as ArrayBuffer);
      const passed = accept(bytes);
      if (passed) this.emit('message', passed);
    });
    socket.on('close', () => this.emit('close'));
    socket.on('pong', () => this.emit('pong'));
    socket.on('error', () => undefined);
  }
  get readyState(): number {
    return this.socket.readyState;
  }
  set binaryType(_type: string) {
    // The socket already delivers ArrayBuffers to the gate.
  }
  send(data: Uint8Array, options: object, callback?: (error?: Error) => void): void {
    this.socket.send(data, options, callback);
  }
  ping(): void {
    this.socket.ping();
  }
  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }
}

/**
 * The Y documents of one owner (a workshop, the relay) inside `@y/websocket-server`'s module-wide
 * document map: names get the owner's prefix, so two services in one process never share a
 * document, and `destroy` takes them out of the map.
 */
export interface DocSpace<Tag> {
  /** The shared document served under `name` (created on first use). */
  doc(name: string): WSSharedDoc;
  /** Serves `name` to `socket` through the gate; `tag` says whose connection it is. */
  serve(socket: WebSocket, request: IncomingMessage, name: string, identity: GateIdentity, tag: Tag): void;
  /**
   * Serves `name` to `socket` without the gate: everything it sends applies. Only for the relay's
   * publisher (the host that owns the documents), never for a browser.
   */
  publish(socket: WebSocket, request: IncomingMessage, name: string, tag: Tag): void;
  /** Whether `name` was created (by `doc`, `serve` or `publish`). */
  has(name: string): boolean;
  /** Closes the connections whose tag `which` selects. */
  close(which: (tag: Tag, name: string) => boolean, code: number, reason: string): void;
  /** The tags of the open connections. */
  tags(): Tag[];
  /** Closes everything and forgets the documents. */
  destroy(code: number, reason: string): void;
}

/** Closes with `code`, and cuts the socket a second later if the peer never answers the close. */
function hangUp(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), 1000).unref?.();
}

export function createDocSpace<Tag>(prefix: string): DocSpace<Tag> {
  // This service keeps its own record; the leveldb persistence `YPERSISTENCE` would switch on is not wanted.
  setPersistence(null);
  const names = new Set<string>();
  const sockets = new Map<WebSocket, { name: string; tag: Tag }>();
  const key = (name: string) => `${prefix}/${name}`;

  function doc(name: string): WSSharedDoc {
    names.add(name);
    return getYDoc(key(name));
  }

  return {
    doc,
    serve(socket, request, name, identity, tag) {
      const shared = doc(name);
      const state: { clientId?: number } = {};
      const conn = new GatedConnection(socket, (message) => filter(shared, message, identity, state));
      sockets.set(socket, { name, tag });
      socket.on('close', () => sockets.delete(socket));
      setupWSConnection(conn as unknown as WebSocket, request, { docName: key(name) });
    },
    publish(socket, request, name, tag) {
      doc(name);
      sockets.set(socket, { name, tag });
      socket.on('close', () => sockets.delete(socket));
      setupWSConnection(socket, request, { docName: key(name) });
    },
    has: (name) => names.has(name),
    close(which, code, reason) {
      for (const [socket, { name, tag }] of [...sockets]) if (which(tag, name)) hangUp(socket, code, reason);
    },
    tags: () => [...sockets.values()].map((s) => s.tag),
    destroy(code, reason) {
      for (const socket of [...sockets.keys()]) hangUp(socket, code, reason);
      sockets.clear();
      for (const name of names) {
        const shared = sharedDocs.get(key(name));
        sharedDocs.delete(key(name));
        shared?.destroy();
      }
      names.clear();
    },
  };
}
