import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../model/schema';

/**
 * The live workshop (issue 9): who is in the room, what they said about fields, and the shape of
 * the presence state each browser shares. Pure: the host stores these, the renderer shows them,
 * and `bridge.ts` is the one module that moves them (and the process) in and out of a Y document.
 */

/**
 * - `facilitator`: everything the desktop app does (the person at 127.0.0.1, or the desktop app);
 * - `participant`: sees the live graph, register and burden panel; marks fields, votes, comments,
 *   challenges and proposes; cannot edit the process directly;
 * - `observer`: read-only (a projector, a remote manager).
 */
export const WorkshopRoleSchema = z.enum(['facilitator', 'participant', 'observer']);
export type WorkshopRole = z.infer<typeof WorkshopRoleSchema>;

const PersonName = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

/** Someone who joined the workshop (the facilitator is not listed). */
export const ParticipantSchema = z.object({
  /** Server-made, random; never taken from the client. */
  id: IdSchema,
  name: PersonName,
  /** One of the process's departments. */
  departmentId: IdSchema,
  role: z.enum(['participant', 'observer']),
  joinedAt: TimestampSchema,
  /** Set when the facilitator revoked the participant: their cookie and connections are refused. */
  revokedAt: TimestampSchema.optional(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

/** A participant's answer to "do you fill this field? do you read it?". */
export const FieldMarkSchema = z.object({
  stageId: IdSchema,
  fieldId: IdSchema,
  participantId: IdSchema,
  fills: z.boolean(),
  reads: z.boolean(),
  at: TimestampSchema,
});
export type FieldMark = z.infer<typeof FieldMarkSchema>;

/** Dot-voting on a field. */
export const VoteChoiceSchema = z.enum(['keep', 'drop', 'unsure']);
export type VoteChoice = z.infer<typeof VoteChoiceSchema>;

export const VoteSchema = z.object({
  stageId: IdSchema,
  fieldId: IdSchema,
  participantId: IdSchema,
  /** The voter's department when they voted (tallies are per department). */
  departmentId: IdSchema,
  choice: VoteChoiceSchema,
  at: TimestampSchema,
});
export type Vote = z.infer<typeof VoteSchema>;

/** A participant's challenge of a field, raised live; also posted as a comment on the field. */
export const LiveChallengeSchema = z.object({
  id: IdSchema,
  stageId: IdSchema,
  fieldId: IdSchema,
  participantId: IdSchema,
  question: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  at: TimestampSchema,
  /** The review-loop comment that carries it (`comment:list`). */
  commentId: IdSchema,
});
export type LiveChallenge = z.infer<typeof LiveChallengeSchema>;

/**
 * A client-made id for one queued action (mark, vote, challenge, comment). The host remembers the
 * ids it has applied, so an action replayed after a reconnect is applied once.
 */
export const OpIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');

/** A message the host refused (a participant trying to change the document, a bad presence state). */
export const RefusalSchema = z.object({
  at: TimestampSchema,
  participantId: IdSchema.optional(),
  reason: z.string().max(500),
});
export type Refusal = z.infer<typeof RefusalSchema>;

/**
 * What a workshop leaves in the workspace (`review/<processId>/workshops/<workshopId>.json`,
 * written crash-safely every few seconds while it runs and when it ends).
 */
export const WorkshopRecordSchema = z.object({
  version: z.literal(1),
  workshopId: IdSchema,
  processId: IdSchema,
  startedAt: TimestampSchema,
  endedAt: TimestampSchema.optional(),
  participants: z.array(ParticipantSchema),
  marks: z.array(FieldMarkSchema),
  votes: z.array(VoteSchema),
  challenges: z.array(LiveChallengeSchema),
  resultsRevealed: z.boolean(),
  /** Op ids already applied (bounded, newest last). */
  appliedOps: z.array(OpIdSchema),
  /** Refused messages, newest last, at most 200. */
  refused: z.array(RefusalSchema),
});
export type WorkshopRecord = z.infer<typeof WorkshopRecordSchema>;

/**
 * The presence (Yjs awareness) state a browser shares. The host overwrites `user` with the
 * identity behind the connection's cookie, so nobody can appear as someone else.
 */
export const PresenceSchema = z.object({
  user: z.object({
    participantId: IdSchema.nullable(),
    name: z.string().max(80),
    departmentId: IdSchema.nullable(),
    role: WorkshopRoleSchema,
  }),
  /** The stage this person has selected or is looking at. */
  stageId: IdSchema.nullable(),
  /**
   * Facilitator only ("follow me"): when set, participants who follow show this stage, in
   * presentation mode when `presenting`. Null or absent: nobody is being led.
   */
  lead: z.object({ stageId: IdSchema.nullable(), presenting: z.boolean() }).nullable().optional(),
});
export type Presence = z.infer<typeof PresenceSchema>;

/**
 * Names of the Y documents of one workshop, served at `/live/<name>`:
 * - `room`: everyone — the process, participants, marks, challenges, session flags, and the votes
 *   only while the facilitator has revealed them;
 * - `facilitator`: the facilitator only — every vote as it arrives.
 */
export function liveDocNames(workshopId: string): { room: string; facilitator: string } {
  return { room: `${workshopId}.room`, facilitator: `${workshopId}.facilitator` };
}

/** The path the Yjs WebSocket provider connects to (`<origin>/live/<docName>`). */
export const LIVE_PATH = '/live';

/** The join path; `?token=` carries the workshop token once, exchanged for a cookie. */
export const JOIN_PATH = '/join';

/** The HttpOnly, SameSite=Strict cookie that identifies a joined browser. */
export const SESSION_COOKIE = 'stagecraft_session';
