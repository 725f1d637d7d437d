import * as Y from 'yjs';
import { z } from 'zod';
import { IdSchema, ProcessSchema, TimestampSchema, type Process } from '../model/schema';
import {
  FieldMarkSchema,
  LiveChallengeSchema,
  ParticipantSchema,
  VoteSchema,
  type FieldMark,
  type LiveChallenge,
  type Participant,
  type Vote,
  type WorkshopRecord,
} from './schema';

/**
 * The one module that reads and writes the content of the workshop's Y documents (layout in
 * README.md). The host writes with it; browsers read with it. Every read validates: what comes
 * out is a zod-checked value or nothing, whatever a document holds.
 *
 * Writes change only what differs, in one transaction per call, so an update carries the change
 * and not the document.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Deep equality of JSON values (key order ignored; `undefined` members count as absent). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameJson(x[k], y[k]));
}

/** A value as plain JSON (drops `undefined` members, which Yjs cannot store). */
const plain = <T>(value: T): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Sets `key` to `value` unless it already holds an equal value. */
function put(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (!sameJson(map.get(key), value)) map.set(key, plain(value));
}

/** Makes `map` hold exactly `entries`, touching only keys that differ. */
function putAll(map: Y.Map<unknown>, entries: Map<string, unknown>): void {
  for (const key of [...map.keys()]) if (!entries.has(key)) map.delete(key);
  for (const [key, value] of entries) put(map, key, value);
}

/** A nested Y.Map under `key`, created when missing (or when something else sits there). */
function childMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  parent.set(key, created);
  return created;
}

/** Runs `fn` in one transaction of `doc` (nested calls join the outer one). */
function change(doc: Y.Doc, fn: () => void, origin?: unknown): void {
  doc.transact(fn, origin ?? null);
}

// ── Process ─────────────────────────────────────────────────────────────────────────────────

/** The collections of a process that are kept item by item (id → item). */
const COLLECTIONS = ['departments', 'stages', 'transitions', 'kpis'] as const;
type Collection = (typeof COLLECTIONS)[number];

/** Top-level names in the `room` document. */
export const ROOM_KEYS = {
  process: 'process',
  participants: 'participants',
  marks: 'marks',
  challenges: 'challenges',
  votes: 'votes',
  session: 'session',
} as const;

/** The key of a mark or a vote: one per field and participant. */
export const entryKey = (fieldId: string, participantId: string): string => `${fieldId}/${participantId}`;

/**
 * Writes `process` into the `room` document's `process` map, changing only what differs from what
 * the document holds (one transaction): `meta` (the process without its collections), one entry
 * per department, stage, transition and KPI, and `order`.
 */
export function writeProcess(doc: Y.Doc, process: Process, origin?: unknown): void {
  change(
    doc,
    () => {
      const root = doc.getMap<unknown>(ROOM_KEYS.process);
      const { departments: _d, stages: _s, transitions: _t, kpis: _k, ...meta } = process;
      put(root, 'meta', meta);
      const order = {} as Record<Collection, string[]>;
      for (const name of COLLECTIONS) {
        const items = process[name] as ReadonlyArray<{ id: string }>;
        order[name] = items.map((item) => item.id);
        putAll(childMap(root, name), new Map(items.map((item) => [item.id, item])));
      }
      put(root, 'order', order);
    },
    origin,
  );
}

/**
 * The process a `room` document holds, validated (`ProcessSchema`), or null when it holds none or
 * what it holds is not a valid process.
 */
export function readProcess(doc: Y.Doc): Process | null {
  const root = doc.getMap<unknown>(ROOM_KEYS.process);
  const meta = root.get('meta');
  const order = root.get('order') as Partial<Record<Collection, unknown>> | undefined;
  if (typeof meta !== 'object' || meta === null || typeof order !== 'object' || order === null) return null;
  const candidate: Record<string, unknown> = { ...(meta as Record<string, unknown>) };
  for (const name of COLLECTIONS) {
    const ids = order[name];
    const items = root.get(name);
    if (!Array.isArray(ids) || !(items instanceof Y.Map)) return null;
    candidate[name] = ids.map((id) => (typeof id === 'string' ? items.get(id) : undefined)).filter((item) => item !== undefined);
  }
  const parsed = ProcessSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

// ── The workshop's state ─────────────────────────────────────────────────────────────────────

/** One line of the facilitator's notifications. */
export const FeedItemSchema = z.object({
  at: TimestampSchema,
  participantId: IdSchema,
  kind: z.enum(['challenge', 'comment', 'joined']),
  text: z.string().max(500),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

/** How many feed items the room keeps. */
export const FEED_LIMIT = 50;

/** What the `room` document tells every browser. */
export interface RoomView {
  participants: Participant[];
  marks: FieldMark[];
  challenges: LiveChallenge[];
  /** Empty unless the facilitator revealed the results. */
  votes: Vote[];
  resultsRevealed: boolean;
  endedAt: string | null;
  /** Bumped after every comment change: refetch `comment:list` when it moves. */
  commentsVersion: number;
  feed: FeedItem[];
}

/** The workshop's two documents, as the host holds them. */
export interface WorkshopDocs {
  room: Y.Doc;
  facilitator: Y.Doc;
}

const session = (doc: Y.Doc) => doc.getMap<unknown>(ROOM_KEYS.session);

/** Adds or replaces one participant. */
export function putParticipant(doc: Y.Doc, participant: Participant, origin?: unknown): void {
  change(doc, () => put(doc.getMap(ROOM_KEYS.participants), participant.id, participant), origin);
}

/** Adds or replaces one mark. */
export function putMark(doc: Y.Doc, mark: FieldMark, origin?: unknown): void {
  change(doc, () => put(doc.getMap(ROOM_KEYS.marks), entryKey(mark.fieldId, mark.participantId), mark), origin);
}

/** Adds or replaces one challenge. */
export function putChallenge(doc: Y.Doc, challenge: LiveChallenge, origin?: unknown): void {
  change(doc, () => put(doc.getMap(ROOM_KEYS.challenges), challenge.id, challenge), origin);
}

/**
 * Sets (or, with `vote` null, removes) the vote of `participantId` on `fieldId`: always in the
 * facilitator's document, in the room only while the results are revealed.
 */
export function putVote(docs: WorkshopDocs, key: { fieldId: string; participantId: string }, vote: Vote | null, revealed: boolean, origin?: unknown): void {
  const id = entryKey(key.fieldId, key.participantId);
  const apply = (map: Y.Map<unknown>) => (vote ? put(map, id, vote) : map.delete(id));
  change(docs.facilitator, () => apply(docs.facilitator.getMap(ROOM_KEYS.votes)), origin);
  if (revealed) change(docs.room, () => apply(docs.room.getMap(ROOM_KEYS.votes)), origin);
}

/** Adds a line to the room's feed, keeping the newest `FEED_LIMIT`. */
export function pushFeed(doc: Y.Doc, item: FeedItem, origin?: unknown): void {
  change(
    doc,
    () => {
      const feed = feedArray(doc);
      feed.push([plain(item)]);
      if (feed.length > FEED_LIMIT) feed.delete(0, feed.length - FEED_LIMIT);
    },
    origin,
  );
}

/** Tells browsers the comments changed (they refetch `comment:list`). */
export function bumpComments(doc: Y.Doc, origin?: unknown): void {
  change(
    doc,
    () => {
      const s = session(doc);
      const n = s.get('commentsVersion');
      s.set('commentsVersion', (typeof n === 'number' ? n : 0) + 1);
    },
    origin,
  );
}

function feedArray(doc: Y.Doc): Y.Array<unknown> {
  const s = session(doc);
  const existing = s.get('feed');
  if (existing instanceof Y.Array) return existing as Y.Array<unknown>;
  const created = new Y.Array<unknown>();
  s.set('feed', created);
  return created;
}

/**
 * Makes both documents show `record` (changing only what differs): participants, marks,
 * challenges and session flags in the room; every vote in the facilitator's document; the votes in
 * the room only while revealed (cleared when hidden).
 */
export function writeRecord(docs: WorkshopDocs, record: WorkshopRecord, origin?: unknown): void {
  const votes = new Map(record.votes.map((v) => [entryKey(v.fieldId, v.participantId), v]));
  change(
    docs.room,
    () => {
      const { room } = docs;
      putAll(room.getMap(ROOM_KEYS.participants), new Map(record.participants.map((p) => [p.id, p])));
      putAll(room.getMap(ROOM_KEYS.marks), new Map(record.marks.map((m) => [entryKey(m.fieldId, m.participantId), m])));
      putAll(room.getMap(ROOM_KEYS.challenges), new Map(record.challenges.map((c) => [c.id, c])));
      putAll(room.getMap(ROOM_KEYS.votes), record.resultsRevealed ? votes : new Map());
      const s = session(room);
      put(s, 'resultsRevealed', record.resultsRevealed);
      put(s, 'endedAt', record.endedAt ?? null);
      if (typeof s.get('commentsVersion') !== 'number') s.set('commentsVersion', 0);
      feedArray(room);
    },
    origin,
  );
  change(docs.facilitator, () => putAll(docs.facilitator.getMap(ROOM_KEYS.votes), votes), origin);
}

/** The valid values of a Y.Map (anything that fails `schema` is left out). */
function valuesOf<T>(map: Y.Map<unknown>, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  for (const value of map.values()) {
    const parsed = schema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** What the room document holds, validated entry by entry; oldest first where time matters. */
export function readRoom(doc: Y.Doc): RoomView {
  const s = session(doc);
  const feed = s.get('feed');
  const byTime = <T extends { at: string }>(list: T[]) => list.sort((a, b) => a.at.localeCompare(b.at));
  const commentsVersion = s.get('commentsVersion');
  const endedAt = s.get('endedAt');
  return {
    participants: valuesOf(doc.getMap(ROOM_KEYS.participants), ParticipantSchema).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt)),
    marks: byTime(valuesOf(doc.getMap(ROOM_KEYS.marks), FieldMarkSchema)),
    challenges: byTime(valuesOf(doc.getMap(ROOM_KEYS.challenges), LiveChallengeSchema)),
    votes: byTime(valuesOf(doc.getMap(ROOM_KEYS.votes), VoteSchema)),
    resultsRevealed: s.get('resultsRevealed') === true,
    endedAt: typeof endedAt === 'string' && TimestampSchema.safeParse(endedAt).success ? endedAt : null,
    commentsVersion: typeof commentsVersion === 'number' && Number.isFinite(commentsVersion) ? commentsVersion : 0,
    feed: feed instanceof Y.Array ? feed.toArray().flatMap((item) => {
      const parsed = FeedItemSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }) : [],
  };
}

/** Every vote, from the facilitator's document. */
export function readFacilitatorVotes(doc: Y.Doc): Vote[] {
  return valuesOf(doc.getMap(ROOM_KEYS.votes), VoteSchema).sort((a, b) => a.at.localeCompare(b.at));
}
