import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import QRCode from 'qrcode';
import type { WebSocket } from 'ws';
import type { Channel, Output, ParsedInput, WorkshopInfo } from '../../../shared/api/contract';
import type { Process } from '../../../shared/model/schema';
import type { Comment } from '../../../shared/review/schema';
import {
  bumpComments,
  pushFeed,
  putChallenge,
  putMark,
  putParticipant,
  putVote,
  writeProcess,
  writeRecord,
  type FeedItem,
  type WorkshopDocs,
} from '../../../shared/live/bridge';
import {
  liveDocNames,
  type FieldMark,
  type Presence,
  type LiveChallenge,
  type Participant,
  type Refusal,
  type Vote,
  type WorkshopRecord,
} from '../../../shared/live/schema';
import { ForbiddenError, InvalidRequestError, NotFoundError, StateConflictError, UnauthorizedError } from '../errors';
import type { AtomicIo } from '../atomicAdapter';
import { createReviewStore, type ReviewStore } from '../reviewStore';
import type { ReviewService } from '../review';
import type { Workspace } from '../workspace';
import { FACILITATOR, type Caller, type LanListener, type LanOpener, type WorkshopGate } from './types';
import { CLOSE, createDocSpace, type DocSpace } from './liveGate';
import { publishToRelay, type RemoteLiveAdapter, type RemoteLiveOptions } from './remote';

/**
 * The live workshop (issue 9): one open workshop at a time, its participants and sessions, the
 * marks, votes and challenges of the room, and the record that keeps them in the workspace.
 *
 * State lives in memory and is written as the workshop record (`review/<processId>/workshops/
 * <workshopId>.json`, atomic write under the workspace lock) at most `flushMs` after it changed,
 * and when the workshop ends. Starting a workshop on a process whose last workshop never ended (the
 * host was killed) picks that record up again, with fresh join tokens.
 *
 * Live state goes to the browsers through two Y documents per workshop (`room`, `facilitator`;
 * see shared/live/README.md), written only here, through `shared/live/bridge.ts`, after every
 * action; browsers connect through the read-only gate (`liveGate.ts`).
 *
 * No `electron` import: the desktop shell and the HTTP host hand in a `LanOpener`.
 */

/** The `workshop:*` channels this service answers. */
export type WorkshopChannel = Extract<Channel, `workshop:${string}`>;

/** The `workshop:*` handlers; each takes the parsed input and the caller. */
export type WorkshopHandlers = { [C in WorkshopChannel]: (input: ParsedInput<C>, caller: Caller) => Promise<Output<C>> };

export interface WorkshopService extends WorkshopGate {
  readonly handlers: WorkshopHandlers;
  /**
   * The process of the open workshop was stored anew (a save, a restore, an accepted proposal):
   * the room sees it. Ignored for other processes.
   */
  processChanged(process: Process): void;
  /** Comments of `processId` changed outside the workshop channels (the facilitator's review tools). */
  commentsChanged(processId: string): void;
  /** The process id of the open workshop, if any. */
  readonly processId: string | undefined;
  /** The open workshop's Y documents (tests and the relay adapter read them), or undefined. */
  readonly docs: WorkshopDocs | undefined;
  /** The open workshop's link to a live relay, when `remote` was given. */
  readonly remote: RemoteLiveAdapter | undefined;
  /** Writes the record now if anything changed since the last write. */
  flush(): Promise<void>;
  /**
   * The host is stopping: writes what is pending and closes the live connections and the LAN
   * listener. The workshop is not ended: the next start on its process picks the record up.
   */
  close(): Promise<void>;
  /** Figures for benchmarks and logs. */
  stats(): { flushes: number; lastFlushMs: number; maxFlushMs: number; refused: number };
}

export interface WorkshopServiceOptions {
  workspace: Workspace;
  review: ReviewService;
  now?: () => Date;
  newId?: () => string;
  /** Opens the LAN listener; without one, `workshop:start` serves the join URL on the loopback URL. */
  lan?: LanOpener;
  /** The loopback base URL the app is served on (e.g. `http://127.0.0.1:5173/`), when known. */
  loopbackUrl?: () => string | undefined;
  /** Also publish the room document to a live relay (section 5: beyond one room). */
  remote?: RemoteLiveOptions;
  /** Longest time (ms) a change waits before the record is written. Default 1000. */
  flushMs?: number;
  io?: AtomicIo;
  log?: (line: string) => void;
}

/** Op ids remembered in the record (newest last). */
const MAX_APPLIED_OPS = 20_000;
/** Refusals remembered in the record (newest last). */
const MAX_REFUSED = 200;

interface Session {
  /** Public id of the session (never the secret). */
  id: string;
  role: 'participant' | 'observer';
  participantId?: string;
}

/** Whose live connection it is. */
interface ConnectionTag {
  role: Caller['role'];
  sessionId?: string;
}

interface OpenWorkshop {
  record: WorkshopRecord;
  process: Process;
  tokens: { participant: string; observer: string };
  info: Pick<WorkshopInfo, 'joinUrl' | 'joinQrSvg' | 'observerUrl' | 'observerQrSvg' | 'addresses' | 'tls'>;
  lan?: LanListener;
  /** sha256(secret) → session. */
  sessions: Map<string, Session>;
  /** Op ids applied or in flight in this run, with the promise of their result (bounded). */
  ops: Map<string, Promise<unknown>>;
  /** `record.appliedOps` as a set. */
  applied: Set<string>;
  /** The stage each participant last said they look at (presence), by participant id. */
  presence: Map<string, string | null>;
  space: DocSpace<ConnectionTag>;
  docs: WorkshopDocs;
  remote?: RemoteLiveAdapter;
  /** The facilitator as presence shows them. */
  facilitatorUser: Presence['user'];
}

const token = () => randomBytes(32).toString('base64url');
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(digest(a));
  const y = Buffer.from(digest(b));
  return timingSafeEqual(x, y);
}

const markKey = (fieldId: string, participantId: string) => `${fieldId}/${participantId}`;

export function createWorkshopService(options: WorkshopServiceOptions): WorkshopService {
  const { workspace, review } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => randomBytes(12).toString('base64url'));
  const flushMs = options.flushMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const store: ReviewStore = createReviewStore({ dir: workspace.dir, ...(options.io ? { io: options.io } : {}), now });
  const nowIso = () => now().toISOString();
  /** Keeps this service's documents apart from any other's in `@y/websocket-server`'s one map. */
  const spacePrefix = `svc-${randomBytes(6).toString('base64url')}`;

  let current: OpenWorkshop | undefined;
  /** Starts and ends run one at a time (they await the disk and the LAN listener). */
  let lifecycle: Promise<unknown> = Promise.resolve();
  function serial<T>(job: () => Promise<T>): Promise<T> {
    const next = lifecycle.then(job);
    lifecycle = next.catch(() => undefined);
    return next;
  }

  // ── The record on disk ────────────────────────────────────────────────────────────────────
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function touch(): void {
    dirty = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush().catch((error: unknown) => log(`workshop: writing the record failed: ${(error as Error).message}`));
    }, flushMs);
    timer.unref?.();
  }

  /** Writes a snapshot of `record` (default: the open workshop's, if dirty); writes run one after another. */
  function flush(record?: WorkshopRecord): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    const next = writing.then(async () => {
      const target = record ?? (dirty ? current?.record : undefined);
      if (!target) return;
      if (!record) dirty = false;
      const snapshot = structuredClone(target);
      const started = performance.now();
      try {
        await workspace.exclusive(() => store.writeWorkshop(snapshot));
      } catch (error) {
        if (!record) dirty = true;
        throw error;
      }
      lastFlushMs = performance.now() - started;
      maxFlushMs = Math.max(maxFlushMs, lastFlushMs);
      flushes++;
    });
    writing = next.catch(() => undefined);
    return next;
  }
  let lastFlushMs = 0;
  let maxFlushMs = 0;
  let flushes = 0;

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────
  function open(): OpenWorkshop {
    if (!current) throw new NotFoundError('No workshop is open.');
    return current;
  }

  function participantOf(w: OpenWorkshop, id: string | undefined): Participant | undefined {
    return id === undefined ? undefined : w.record.participants.find((p) => p.id === id);
  }

  /** The caller's participant, for actions only a joined, named, unrevoked participant may take. */
  function actor(caller: Caller, what: string): { w: OpenWorkshop; participant: Participant } {
    const w = open();
    if (caller.role === 'facilitator') {
      throw new InvalidRequestError(`The facilitator does not ${what} as a participant; use the review tools.`);
    }
    const participant = participantOf(w, caller.participantId);
    if (caller.participantId !== undefined && !participant) throw new UnauthorizedError('You are not in this workshop.');
    if (participant?.revokedAt) throw new UnauthorizedError('You were removed from this workshop.');
    if (caller.role === 'observer') throw new ForbiddenError(`Observers do not ${what}.`);
    if (!participant) throw new InvalidRequestError('Give your name and department first (workshop:profile).');
    return { w, participant };
  }

  function fieldOf(w: OpenWorkshop, stageId: string, fieldId: string) {
    const stage = w.process.stages.find((s) => s.id === stageId);
    const field = stage?.fields.find((f) => f.id === fieldId);
    if (!stage || !field) throw new InvalidRequestError(`There is no field ${fieldId} on stage ${stageId}.`);
    return { stage, field };
  }

  function rememberOp(w: OpenWorkshop, opId: string): void {
    const ops = w.record.appliedOps;
    ops.push(opId);
    w.applied.add(opId);
    if (ops.length > MAX_APPLIED_OPS) for (const old of ops.splice(0, ops.length - MAX_APPLIED_OPS)) w.applied.delete(old);
    if (w.ops.size > MAX_APPLIED_OPS) w.ops.delete(w.ops.keys().next().value as string);
  }

  /**
   * Runs `apply` once per `opId`: a replay (a reconnecting browser sending its queue again) gets the
   * first call's result while this host remembers it, else `replay` answers from the current state.
   */
  function once<T>(w: OpenWorkshop, opId: string, apply: () => Promise<T>, replay: () => Promise<T>): Promise<T> {
    const known = w.ops.get(opId) as Promise<T> | undefined;
    if (known) return known;
    if (w.applied.has(opId)) return replay();
    const result = apply();
    w.ops.set(opId, result);
    result.then(
      () => {
        rememberOp(w, opId);
        touch();
      },
      () => w.ops.delete(opId),
    );
    return result;
  }

  function sessionById(w: OpenWorkshop, id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    for (const session of w.sessions.values()) if (session.id === id) return session;
    return undefined;
  }

  /** The participant behind a live connection now (a profile may have been given since it opened). */
  function participantOfTag(w: OpenWorkshop, tag: ConnectionTag): string | undefined {
    return sessionById(w, tag.sessionId)?.participantId;
  }

  function feed(w: OpenWorkshop, kind: FeedItem['kind'], participant: Participant, text: string): void {
    pushFeed(w.docs.room, { at: nowIso(), participantId: participant.id, kind, text: text.slice(0, 500) });
  }

  function statusOf(w: OpenWorkshop): WorkshopInfo {
    const online = new Set(w.space.tags().map((tag) => participantOfTag(w, tag)));
    return {
      workshopId: w.record.workshopId,
      processId: w.record.processId,
      processName: w.process.name,
      startedAt: w.record.startedAt,
      ...w.info,
      docs: liveDocNames(w.record.workshopId),
      resultsRevealed: w.record.resultsRevealed,
      participants: w.record.participants.map((p) => {
        const here = online.has(p.id);
        return { ...p, online: here, stageId: here ? (w.presence.get(p.id) ?? null) : null };
      }),
    };
  }

  function refuse(reason: string, participantId?: string): void {
    if (!current) return;
    const entry: Refusal = { at: nowIso(), reason: reason.slice(0, 500), ...(participantId ? { participantId } : {}) };
    const list = current.record.refused;
    list.push(entry);
    if (list.length > MAX_REFUSED) list.splice(0, list.length - MAX_REFUSED);
    log(`workshop: refused${participantId ? ` (${participantId})` : ''}: ${entry.reason}`);
    touch();
  }

  /** The newest unfinished workshop record of a process (the host stopped without ending it). */
  async function unfinished(processId: string): Promise<WorkshopRecord | undefined> {
    const records = await workspace.exclusive(() => store.listWorkshops(processId));
    return records.find((r) => r.endedAt === undefined);
  }

  async function doStart(input: ParsedInput<'workshop:start'>): Promise<WorkshopInfo> {
    if (current) {
      if (current.record.processId === input.processId) return statusOf(current);
      throw new StateConflictError(
        `A workshop is already open on "${current.process.name}"; end it before opening one on another process.`,
      );
    }
    const process = await workspace.open(input.processId);
    const { editor } = await workspace.getSettings();
    const record: WorkshopRecord = (await unfinished(input.processId)) ?? {
      version: 1,
      workshopId: `w-${newId()}`.slice(0, 64),
      processId: input.processId,
      startedAt: nowIso(),
      participants: [],
      marks: [],
      votes: [],
      challenges: [],
      resultsRevealed: false,
      appliedOps: [],
      refused: [],
    };
    const lan = options.lan
      ? await options.lan.open({ ...(input.bind ? { bind: input.bind } : {}), ...(input.port !== undefined ? { port: input.port } : {}) })
      : undefined;
    try {
      const loopback = options.loopbackUrl?.();
      const addresses = [loopback, lan?.url].filter((u): u is string => typeof u === 'string');
      const base = lan?.url ?? loopback ?? 'http://127.0.0.1/';
      const tokens = { participant: token(), observer: token() };
      const joinUrl = new URL(`join?token=${tokens.participant}`, base).href;
      const observerUrl = new URL(`join?token=${tokens.observer}`, base).href;
      const [joinQrSvg, observerQrSvg] = await Promise.all([
        QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
        QRCode.toString(observerUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      ]);
      const space = createDocSpace<ConnectionTag>(`${spacePrefix}/${record.workshopId}`);
      const names = liveDocNames(record.workshopId);
      const docs: WorkshopDocs = { room: space.doc(names.room), facilitator: space.doc(names.facilitator) };
      writeProcess(docs.room, process);
      writeRecord(docs, record);
      const remote = options.remote ? publishToRelay({ [names.room]: docs.room }, { log, ...options.remote }) : undefined;
      current = {
        record,
        process,
        tokens,
        info: { joinUrl, joinQrSvg, observerUrl, observerQrSvg, addresses: addresses.length > 0 ? addresses : [base], tls: lan?.tls ?? false },
        sessions: new Map(),
        ops: new Map(),
        applied: new Set(record.appliedOps),
        presence: new Map(),
        space,
        docs,
        facilitatorUser: {
          participantId: null,
          name: editor.name.trim() || 'Facilitator',
          departmentId: process.departments.some((d) => d.id === editor.departmentId) ? editor.departmentId : null,
          role: 'facilitator',
        },
        ...(lan ? { lan } : {}),
        ...(remote ? { remote } : {}),
      };
    } catch (error) {
      await lan?.close();
      throw error;
    }
    await flush(record);
    log(`workshop ${record.workshopId} open on ${current.info.addresses.join(', ')}`);
    return statusOf(current);
  }

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────
  const handlers: WorkshopHandlers = {
    'workshop:start': (input) => serial(() => doStart(input)),

    async 'workshop:status'() {
      return { workshop: current ? statusOf(current) : null };
    },

    'workshop:end': () =>
      serial(async () => {
        const w = open();
        // Nothing is applied after this point: the final write below is the whole record.
        current = undefined;
        dirty = false;
        w.record.endedAt = nowIso();
        w.sessions.clear();
        // Browsers still connected see the end before their connection closes.
        writeRecord(w.docs, w.record);
        w.space.destroy(CLOSE.ended, 'The workshop ended');
        w.remote?.destroy();
        try {
          await flush(w.record);
        } finally {
          await w.lan?.close().catch((error: unknown) => log(`workshop: closing the LAN listener failed: ${(error as Error).message}`));
        }
        log(`workshop ${w.record.workshopId} ended`);
        return { record: structuredClone(w.record) };
      }),

    async 'workshop:revoke'({ participantId }) {
      const w = open();
      const participant = participantOf(w, participantId);
      if (!participant) throw new NotFoundError(`There is no participant ${participantId} in this workshop.`);
      participant.revokedAt ??= nowIso();
      const gone = new Set<string>();
      for (const [key, session] of w.sessions) {
        if (session.participantId !== participantId) continue;
        gone.add(session.id);
        w.sessions.delete(key);
      }
      w.space.close((tag) => tag.sessionId !== undefined && gone.has(tag.sessionId), CLOSE.revoked, 'You were removed from the workshop');
      putParticipant(w.docs.room, participant);
      touch();
      return { ...participant };
    },

    async 'workshop:reveal'({ revealed }) {
      const w = open();
      w.record.resultsRevealed = revealed;
      writeRecord(w.docs, w.record);
      touch();
      return { resultsRevealed: revealed };
    },

    async 'workshop:whoami'(_input, caller) {
      const w = current;
      const participant = w ? participantOf(w, caller.participantId) : undefined;
      return {
        role: caller.role,
        participant: participant ? { ...participant } : null,
        needsProfile: caller.role !== 'facilitator' && !participant,
        workshop: w
          ? {
              workshopId: w.record.workshopId,
              processId: w.record.processId,
              processName: w.process.name,
              docs: caller.role === 'facilitator' ? liveDocNames(w.record.workshopId) : { room: liveDocNames(w.record.workshopId).room },
              resultsRevealed: w.record.resultsRevealed,
            }
          : null,
      };
    },

    async 'workshop:profile'({ name, departmentId }, caller) {
      const w = open();
      if (caller.role === 'facilitator') throw new InvalidRequestError('The facilitator has no workshop profile; set "Who is editing" instead.');
      if (!w.process.departments.some((d) => d.id === departmentId)) {
        throw new InvalidRequestError(`There is no department ${departmentId} in this process.`, [
          { path: 'departmentId', message: 'must be one of the process\'s departments' },
        ]);
      }
      let participant = participantOf(w, caller.participantId);
      if (participant?.revokedAt) throw new UnauthorizedError('You were removed from this workshop.');
      if (participant) {
        participant.name = name;
        participant.departmentId = departmentId;
      } else {
        const sessions = [...w.sessions.values()];
        const session = sessions.find((s) => s.id === caller.sessionId);
        if (!session) throw new UnauthorizedError('Join the workshop with its link first.');
        // Someone coming back after the host restarted (sessions live in memory) gets their marks
        // and votes back under the same name, unless another browser holds that participant now.
        // Names are self-declared, so this trusts nobody more than joining as that name would.
        const held = new Set(sessions.map((s) => s.participantId));
        const returning = w.record.participants.find(
          (p) => !p.revokedAt && !held.has(p.id) && p.role === session.role && p.departmentId === departmentId && p.name.toLowerCase() === name.toLowerCase(),
        );
        participant = returning ?? { id: `u-${newId()}`.slice(0, 64), name, departmentId, role: session.role, joinedAt: nowIso() };
        if (!returning) w.record.participants.push(participant);
        session.participantId = participant.id;
        feed(w, 'joined', participant, `${participant.name} joined`);
      }
      putParticipant(w.docs.room, participant);
      touch();
      return { ...participant };
    },

    async 'workshop:mark'({ stageId, fieldId, fills, reads, opId }, caller) {
      const { w, participant } = actor(caller, 'mark fields');
      fieldOf(w, stageId, fieldId);
      const key = markKey(fieldId, participant.id);
      const find = () => w.record.marks.find((m) => markKey(m.fieldId, m.participantId) === key);
      return once(
        w,
        opId,
        async () => {
          const before = find();
          const mark: FieldMark = {
            stageId,
            fieldId,
            participantId: participant.id,
            fills: fills ?? before?.fills ?? false,
            reads: reads ?? before?.reads ?? false,
            at: nowIso(),
          };
          if (before) Object.assign(before, mark);
          else w.record.marks.push(mark);
          putMark(w.docs.room, mark);
          return { ...mark };
        },
        async () => {
          const mark = find();
          if (!mark) throw new NotFoundError('That mark was taken back since.');
          return { ...mark };
        },
      );
    },

    async 'workshop:vote'({ stageId, fieldId, choice, opId }, caller) {
      const { w, participant } = actor(caller, 'vote');
      fieldOf(w, stageId, fieldId);
      const key = markKey(fieldId, participant.id);
      const index = () => w.record.votes.findIndex((v) => markKey(v.fieldId, v.participantId) === key);
      return once(
        w,
        opId,
        async () => {
          const at = index();
          const who = { fieldId, participantId: participant.id };
          if (choice === null) {
            if (at >= 0) w.record.votes.splice(at, 1);
            putVote(w.docs, who, null, w.record.resultsRevealed);
            return { vote: null };
          }
          const vote: Vote = { stageId, fieldId, participantId: participant.id, departmentId: participant.departmentId, choice, at: nowIso() };
          if (at >= 0) w.record.votes[at] = vote;
          else w.record.votes.push(vote);
          putVote(w.docs, who, vote, w.record.resultsRevealed);
          return { vote: { ...vote } };
        },
        async () => {
          const vote = w.record.votes[index()];
          return { vote: vote ? { ...vote } : null };
        },
      );
    },

    async 'workshop:challenge'({ stageId, fieldId, question, opId }, caller) {
      const { w, participant } = actor(caller, 'challenge fields');
      const { field } = fieldOf(w, stageId, fieldId);
      return once(
        w,
        opId,
        async () => {
          const comment = await review.addComment({
            processId: w.record.processId,
            target: { kind: 'field', stageId, fieldId },
            body: question,
            author: { name: participant.name, departmentId: participant.departmentId },
          });
          const challenge: LiveChallenge = {
            id: `ch-${newId()}`.slice(0, 64),
            stageId,
            fieldId,
            participantId: participant.id,
            question: question.trim(),
            at: comment.createdAt,
            commentId: comment.id,
          };
          w.record.challenges.push(challenge);
          if (current === w) {
            putChallenge(w.docs.room, challenge);
            bumpComments(w.docs.room);
            feed(w, 'challenge', participant, `${participant.name} challenged ${field.label}: ${challenge.question}`);
          }
          return { ...challenge };
        },
        async () => {
          const found = w.record.challenges.findLast(
            (c) => c.participantId === participant.id && c.fieldId === fieldId && c.question === question.trim(),
          );
          if (!found) throw new NotFoundError('That challenge is no longer in the workshop.');
          return { ...found };
        },
      );
    },

    async 'workshop:comment'({ target, body, replyTo, opId }, caller) {
      const { w, participant } = actor(caller, 'comment');
      const author = { name: participant.name, departmentId: participant.departmentId };
      return once(
        w,
        opId,
        async () => {
          const comment = await review.addComment({ processId: w.record.processId, target, body, author, ...(replyTo ? { replyTo } : {}) });
          if (current === w) {
            bumpComments(w.docs.room);
            feed(w, 'comment', participant, `${participant.name}: ${comment.body}`);
          }
          return comment;
        },
        async () => {
          const comments: Comment[] = await review.listComments(w.record.processId);
          const found = comments.findLast(
            (c) => c.author.name === author.name && c.author.departmentId === author.departmentId && c.body === body.trim(),
          );
          if (!found) throw new NotFoundError('That comment is no longer on the process.');
          return found;
        },
      );
    },

    async 'workshop:my-state'(_input, caller) {
      const w = current;
      const id = caller.participantId;
      if (!w || id === undefined) return { marks: [], votes: [] };
      return {
        marks: w.record.marks.filter((m) => m.participantId === id).map((m) => ({ ...m })),
        votes: w.record.votes.filter((v) => v.participantId === id).map((v) => ({ ...v })),
      };
    },
  };

  // ── The gate the HTTP host asks ───────────────────────────────────────────────────────────
  function exchangeJoinToken(candidate: string): { sessionSecret: string; role: 'participant' | 'observer' } | null {
    const w = current;
    if (!w || candidate.length === 0 || candidate.length > 200) return null;
    const role = sameToken(candidate, w.tokens.participant) ? 'participant' : sameToken(candidate, w.tokens.observer) ? 'observer' : null;
    if (!role) return null;
    const sessionSecret = token();
    w.sessions.set(digest(sessionSecret), { id: `s-${randomBytes(9).toString('base64url')}`, role });
    return { sessionSecret, role };
  }

  function identify(secret: string): Caller | null {
    const w = current;
    if (!w || secret.length === 0 || secret.length > 200) return null;
    const session = w.sessions.get(digest(secret));
    if (!session) return null;
    const participant = participantOf(w, session.participantId);
    if (participant?.revokedAt) return null;
    return { role: session.role, sessionId: session.id, ...(session.participantId ? { participantId: session.participantId } : {}) };
  }

  function connectLive(socket: WebSocket, request: IncomingMessage, docName: string, caller: Caller): void {
    const w = current;
    const names = w ? liveDocNames(w.record.workshopId) : undefined;
    if (!w || !names || (docName !== names.room && docName !== names.facilitator)) {
      socket.close(CLOSE.notFound, 'No such live document');
      return;
    }
    const session = sessionById(w, caller.sessionId);
    if (caller.role !== 'facilitator' && (!session || participantOf(w, session.participantId)?.revokedAt)) {
      socket.close(CLOSE.revoked, 'Not in this workshop');
      return;
    }
    if (docName === names.facilitator && caller.role !== 'facilitator') {
      refuse(`a ${caller.role} asked for the facilitator's live document`, session?.participantId);
      socket.close(CLOSE.forbidden, 'Only the facilitator sees this document');
      return;
    }
    const tag: ConnectionTag = { role: caller.role, ...(session ? { sessionId: session.id } : {}) };
    w.space.serve(
      socket,
      request,
      docName,
      {
        mayLead: caller.role === 'facilitator',
        user: () => {
          if (caller.role === 'facilitator') return w.facilitatorUser;
          const p = participantOf(w, participantOfTag(w, tag));
          return { participantId: p?.id ?? null, name: p?.name ?? '', departmentId: p?.departmentId ?? null, role: caller.role };
        },
        refuse: (reason) => refuse(reason, participantOfTag(w, tag)),
        presence: (state) => {
          const id = participantOfTag(w, tag);
          if (id !== undefined) w.presence.set(id, state?.stageId ?? null);
        },
      },
      tag,
    );
  }

  return {
    handlers,
    exchangeJoinToken,
    identify,
    connectLive,
    get open() {
      return current !== undefined;
    },
    get processId() {
      return current?.record.processId;
    },
    processChanged(process) {
      if (!current || process.id !== current.record.processId) return;
      current.process = process;
      writeProcess(current.docs.room, process);
    },
    commentsChanged(processId) {
      if (current?.record.processId === processId) bumpComments(current.docs.room);
    },
    get docs() {
      return current?.docs;
    },
    get remote() {
      return current?.remote;
    },
    flush: () => flush(),
    async close() {
      await flush();
      const w = current;
      current = undefined;
      w?.space.destroy(1001, 'The host is stopping');
      w?.remote?.destroy();
      await w?.lan?.close().catch(() => undefined);
    },
    stats: () => ({ flushes, lastFlushMs, maxFlushMs, refused: current?.record.refused.length ?? 0 }),
  };
}

export { FACILITATOR };
