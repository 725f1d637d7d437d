import { z } from 'zod';
import { contract } from '../../../../shared/api/contract';

/**
 * The participant's offline queue: every mark, vote, challenge and comment is kept here (and in
 * `localStorage`) with a client-made `opId` until the host has acknowledged it. The host applies
 * each `opId` once (`record.appliedOps`), so replaying after a lost reply is safe. Pure functions
 * plus a small storage seam, so the rules are unit-tested without a browser.
 */

/** The channels a participant may queue. */
export const QUEUED_CHANNELS = ['workshop:mark', 'workshop:vote', 'workshop:challenge', 'workshop:comment'] as const;
export type QueuedChannel = (typeof QUEUED_CHANNELS)[number];

const QueuedOpSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('workshop:mark'), input: contract['workshop:mark'].input, label: z.string(), at: z.string() }),
  z.object({ channel: z.literal('workshop:vote'), input: contract['workshop:vote'].input, label: z.string(), at: z.string() }),
  z.object({ channel: z.literal('workshop:challenge'), input: contract['workshop:challenge'].input, label: z.string(), at: z.string() }),
  z.object({ channel: z.literal('workshop:comment'), input: contract['workshop:comment'].input, label: z.string(), at: z.string() }),
]);

/** One action waiting for the host: the channel, its input (with `opId`), and a line for the user. */
export type QueuedOp = z.infer<typeof QueuedOpSchema>;

/** A fresh op id: 20 url-safe characters (120 random bits) from the browser's random source. */
export function newOpId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let text = '';
  for (const byte of random(new Uint8Array(20))) text += alphabet[byte & 63];
  return text;
}

export function opIdOf(op: QueuedOp): string {
  return op.input.opId;
}

/**
 * Adds `op` at the end. A newer mark or vote on the same field supersedes an older one that has
 * not been sent yet (the host would apply both, in order, to the same end), so a participant who
 * clicks Keep, Drop, Keep while offline replays one vote, not three.
 */
export function enqueue(queue: readonly QueuedOp[], op: QueuedOp): QueuedOp[] {
  const supersedes = (old: QueuedOp): boolean => {
    if (op.channel === 'workshop:vote' && old.channel === 'workshop:vote') return old.input.fieldId === op.input.fieldId;
    if (op.channel === 'workshop:mark' && old.channel === 'workshop:mark') {
      // A mark carries only the flags it changes: merge, so neither flag is lost.
      return old.input.fieldId === op.input.fieldId;
    }
    return false;
  };
  let merged = op;
  if (op.channel === 'workshop:mark') {
    const older = queue.find((old): old is Extract<QueuedOp, { channel: 'workshop:mark' }> => old.channel === 'workshop:mark' && supersedes(old));
    if (older) {
      merged = {
        ...op,
        input: {
          ...op.input,
          ...(op.input.fills === undefined && older.input.fills !== undefined ? { fills: older.input.fills } : {}),
          ...(op.input.reads === undefined && older.input.reads !== undefined ? { reads: older.input.reads } : {}),
        },
      };
    }
  }
  return [...queue.filter((old) => !supersedes(old)), merged];
}

/** The queue without the op the host acknowledged (or refused for good). */
export function dequeue(queue: readonly QueuedOp[], opId: string): QueuedOp[] {
  return queue.filter((op) => opIdOf(op) !== opId);
}

/** What sending one op came to. */
export type SendOutcome =
  /** The host applied it (or had already applied this op id). */
  | { kind: 'done' }
  /** The host could not be reached or asked to slow down: keep it and try again later. */
  | { kind: 'retry' }
  /** The host refused it for good (invalid, forbidden): drop it and say why. */
  | { kind: 'refused'; message: string }
  /** The session is no longer valid (revoked): stop sending. */
  | { kind: 'unauthorized' };

/**
 * Sends queued ops in order, one at a time, until the queue is empty or an op must wait. `peek`
 * reads the live queue (actions taken during a flush are sent by the same flush); `settle`
 * removes an op the host acknowledged or refused for good. `send` never throws; it classifies.
 */
export async function flush(
  peek: () => QueuedOp | undefined,
  send: (op: QueuedOp) => Promise<SendOutcome>,
  settle: (op: QueuedOp) => void,
): Promise<{ refused: Array<{ op: QueuedOp; message: string }>; stoppedBy: 'empty' | 'retry' | 'unauthorized' }> {
  const refused: Array<{ op: QueuedOp; message: string }> = [];
  for (let op = peek(); op !== undefined; op = peek()) {
    const outcome = await send(op);
    if (outcome.kind === 'retry') return { refused, stoppedBy: 'retry' };
    if (outcome.kind === 'unauthorized') return { refused, stoppedBy: 'unauthorized' };
    if (outcome.kind === 'refused') refused.push({ op, message: outcome.message });
    settle(op);
  }
  return { refused, stoppedBy: 'empty' };
}

/** Where the queue is kept between page loads; `localStorage` in the app, a map in tests. */
export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One queue per workshop and participant, so a shared browser never replays someone else's votes. */
export function queueKey(workshopId: string, participantId: string): string {
  return `stagecraft.live-queue.${workshopId}.${participantId}`;
}

/** The stored queue; anything unreadable or not matching the contract is dropped, never sent. */
export function loadQueue(storage: QueueStorage, key: string): QueuedOp[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(key) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const ops: QueuedOp[] = [];
  for (const item of raw) {
    const parsed = QueuedOpSchema.safeParse(item);
    if (parsed.success) ops.push(parsed.data);
  }
  return ops;
}

export function saveQueue(storage: QueueStorage, key: string, queue: readonly QueuedOp[]): void {
  try {
    if (queue.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(queue));
  } catch {
    // A full or disabled storage only costs the queue its survival across a reload.
  }
}
