import { z } from 'zod';
import { AuthorSchema, IdSchema, ProcessSchema, ProcessSummarySchema } from '../model/schema';
import {
  AuditEntrySchema,
  CommentBodySchema,
  CommentSchema,
  CommentTargetSchema,
  HistoryRowSchema,
  HistorySetAsideSchema,
  ProposalSchema,
  ProposalSummarySchema,
  VerdictSchema,
} from '../review/schema';
import type { ProcessDiff } from '../review/diff';
import type { BurdenDelta } from '../review/delta';
import type { MergeConflict } from '../review/merge';
import {
  FieldMarkSchema,
  LiveChallengeSchema,
  OpIdSchema,
  ParticipantSchema,
  VoteChoiceSchema,
  VoteSchema,
  WorkshopRecordSchema,
  WorkshopRoleSchema,
} from '../live/schema';

/**
 * The one API between the renderer and the main side. Each channel has a zod input and output
 * schema; the main side parses every input with it before a service sees it, whether the call came
 * over Electron IPC or the HTTP host. Channel names are `domain:verb-noun`.
 */

/**
 * What a client owns of a process and sends to `process:save`: everything but `revision`,
 * `createdAt` and `updatedAt`, which the server stamps. Unknown keys (a client still sending the
 * stamps) are dropped, never trusted.
 */
export const ProcessContentSchema = ProcessSchema.omit({ revision: true, createdAt: true, updatedAt: true });
export type ProcessContent = z.infer<typeof ProcessContentSchema>;

const ProcessName = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');

/** A workspace file that could not be read as a process and was moved aside untouched. */
export const SetAsideNoticeSchema = z.object({
  /** File name the document had, e.g. `lead-to-cash.json`. */
  fileName: z.string(),
  /** Name it was moved to, e.g. `lead-to-cash.json.corrupt-20261127T101500Z`. */
  setAsideAs: z.string(),
  /** Why it could not be read, readable. */
  reason: z.string(),
  /** Process id the file belonged to (its file name stem). */
  processId: z.string(),
  /** True when the previous good version (`.bak`) exists and validates. */
  backupAvailable: z.boolean(),
  at: z.string(),
});
export type SetAsideNotice = z.infer<typeof SetAsideNoticeSchema>;

/** Who is editing, shown to others and stamped on proposals. */
export const EditorSchema = z.object({
  name: z.string().trim().max(80, 'must be at most 80 characters'),
  departmentId: z.string().max(64),
});
export type Editor = z.infer<typeof EditorSchema>;

/** Workspace-wide settings, kept outside process documents. */
export const SettingsSchema = z.object({
  editor: EditorSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `ProcessDiff` (see `shared/review/diff.ts`); checked for shape, typed precisely. */
export const ProcessDiffSchema = z.custom<ProcessDiff>(
  (v) =>
    isObject(v) &&
    ['process', 'scenario', 'departments', 'stages', 'transitions', 'fields', 'kpis'].every((k) => Array.isArray(v[k])) &&
    isObject(v.order),
  'must be a process diff',
);

/** A `BurdenDelta` (see `shared/review/delta.ts`). */
export const BurdenDeltaSchema = z.custom<BurdenDelta>(
  (v) => isObject(v) && isObject(v.figures) && Array.isArray(v.whoLosesData),
  'must be a burden delta',
);

/** Diff, one-line summary and burden delta between two documents. */
export const DiffReportSchema = z.object({
  diff: ProcessDiffSchema,
  /** The audit-style line, e.g. `removed 5 fields from Discovery; changed Negotiation → Proposal to 20%`. */
  summary: z.string(),
  delta: BurdenDeltaSchema,
});

/** A `MergeConflict` (see `shared/review/merge.ts`). */
export const MergeConflictSchema = z.custom<MergeConflict>(
  (v) => isObject(v) && typeof v.id === 'string' && typeof v.area === 'string' && typeof v.label === 'string',
  'must be a merge conflict',
);

/** One participant as the facilitator's list shows it. */
export const ParticipantStatusSchema = ParticipantSchema.extend({
  /** True while at least one of their connections is open. */
  online: z.boolean(),
  /** The stage they are looking at (presence), if any. */
  stageId: IdSchema.nullable(),
});
export type ParticipantStatus = z.infer<typeof ParticipantStatusSchema>;

/** An open workshop as the facilitator sees it. */
export const WorkshopInfoSchema = z.object({
  workshopId: IdSchema,
  processId: IdSchema,
  processName: z.string(),
  startedAt: z.string(),
  /** `http(s)://ADDRESS:PORT/join?token=…` for participants, and its QR code as SVG markup. */
  joinUrl: z.string(),
  joinQrSvg: z.string(),
  /** The same for observers (read-only). */
  observerUrl: z.string(),
  observerQrSvg: z.string(),
  /** Every base URL the app is served on while the workshop is open (loopback first). */
  addresses: z.array(z.string()),
  tls: z.boolean(),
  docs: z.object({ room: z.string(), facilitator: z.string() }),
  resultsRevealed: z.boolean(),
  participants: z.array(ParticipantStatusSchema),
});
export type WorkshopInfo = z.infer<typeof WorkshopInfoSchema>;

/** Per merge-conflict id, the side that wins. */
const ResolutionsSchema = z.record(z.string(), z.enum(['process', 'proposal']));

const ProcessRef = { processId: IdSchema };
const ProposalRef = { processId: IdSchema, proposalId: IdSchema };
const Reason = z.string().max(4000, 'must be at most 4000 characters');

export const contract = {
  /** Processes in the workspace, newest first, and files that had to be set aside. */
  'process:list': {
    input: z.object({}),
    output: z.object({
      processes: z.array(ProcessSummarySchema),
      setAside: z.array(SetAsideNoticeSchema),
    }),
  },
  /** The full document of one process. */
  'process:open': {
    input: z.object({ id: IdSchema }),
    output: ProcessSchema,
  },
  /** Creates an empty process, or a copy of the built-in sample. */
  'process:create': {
    input: z.object({
      name: ProcessName,
      description: z.string().max(4000).optional(),
      template: z.enum(['empty', 'sample']).default('empty'),
    }),
    output: ProcessSchema,
  },
  /**
   * Saves a document's content. `baseRevision` is the revision the edit started from; when the
   * stored revision differs — in this process or any other on the workspace — the save is refused
   * with a `conflict` error and nothing is written. The server stamps `revision`
   * (`baseRevision + 1`), `createdAt` (kept) and `updatedAt`, and returns the stored document.
   * Documents with errors that block opening (see `BLOCKING_CODES`) are refused as `invalid-input`.
   */
  'process:save': {
    input: z.object({
      process: ProcessContentSchema,
      baseRevision: z.number().int().min(0),
      /** Who saves; default the workspace's "who is editing" (when a name is set). */
      author: AuthorSchema.optional(),
      /** "Save with note…": recorded as the revision's reason in the audit log. */
      reason: Reason.optional(),
      /** `autosave` for saves nobody asked for (grouped in the history list); default `save`. */
      kind: z.enum(['save', 'autosave', 'review']).optional(),
    }),
    output: ProcessSchema,
  },
  /** Renames a process (a save of its name, revision +1). */
  'process:rename': {
    input: z.object({ id: IdSchema, name: ProcessName }),
    output: ProcessSummarySchema,
  },
  /** Copies a process under a new id; the copy's name defaults to "<name> (copy)". */
  'process:duplicate': {
    input: z.object({ id: IdSchema, name: ProcessName.optional() }),
    output: ProcessSummarySchema,
  },
  /** Deletes a process document (its backup is kept as `<id>.json.deleted-<time>`). */
  'process:delete': {
    input: z.object({ id: IdSchema }),
    output: z.object({ id: IdSchema }),
  },
  /**
   * Stores a given document as a new process (new id, revision 0, name optionally replaced).
   * Used for "save mine as a copy" after a conflict, and for importing a file.
   */
  'process:import': {
    input: z.object({ process: ProcessSchema, name: ProcessName.optional() }),
    output: ProcessSchema,
  },
  /** Restores the last good version of a process whose file was set aside as corrupt. */
  'process:restore-backup': {
    input: z.object({ id: IdSchema }),
    output: ProcessSchema,
  },
  /** Where the workspace lives on disk. */
  'workspace:get-info': {
    input: z.object({}),
    output: z.object({ path: z.string(), transport: z.enum(['ipc', 'http']) }),
  },
  /**
   * The revision history of a process, newest first: author, time, summary, reason, autosave
   * group; plus history entries that were damaged and set aside. Never fails because of a damaged
   * entry. `currentRevision` is the stored document's revision.
   */
  'history:list': {
    input: z.object(ProcessRef),
    output: z.object({
      rows: z.array(HistoryRowSchema),
      setAside: z.array(HistorySetAsideSchema),
      currentRevision: z.number().int(),
    }),
  },
  /** One stored revision, read-only: its audit entry and the document as it was. */
  'history:open': {
    input: z.object({ ...ProcessRef, revision: z.number().int().min(0) }),
    output: z.object({ entry: AuditEntrySchema, process: ProcessSchema }),
  },
  /** Compares two revisions: diff (from → to), summary line and burden delta. */
  'history:compare': {
    input: z.object({ ...ProcessRef, from: z.number().int().min(0), to: z.number().int().min(0) }),
    output: DiffReportSchema,
  },
  /**
   * Stores an old revision's content as a new revision (nothing is deleted). With `baseRevision`
   * the restore is refused as a `conflict` when the process moved on. Returns the new document.
   */
  'history:restore': {
    input: z.object({
      ...ProcessRef,
      revision: z.number().int().min(0),
      author: AuthorSchema,
      reason: Reason.optional(),
      baseRevision: z.number().int().min(0).optional(),
    }),
    output: ProcessSchema,
  },
  /** Diff, summary and burden delta between any two documents (e.g. the editor's unsaved state). */
  'diff:compute': {
    input: z.object({ before: ProcessSchema, after: ProcessSchema }),
    output: DiffReportSchema,
  },
  /** Every comment on a process (all threads, resolved included), oldest first. */
  'comment:list': {
    input: z.object(ProcessRef),
    output: z.array(CommentSchema),
  },
  /**
   * Adds a comment: a new thread on `target`, or a reply when `replyTo` names a thread's first
   * comment (the reply takes the thread's target). `challengeId` ties a thread to a field
   * challenge (`reviewLog[].id`). Never touches the process document or its revision.
   */
  'comment:add': {
    input: z.object({
      ...ProcessRef,
      target: CommentTargetSchema,
      body: CommentBodySchema,
      author: AuthorSchema,
      replyTo: IdSchema.optional(),
      challengeId: IdSchema.optional(),
    }),
    output: CommentSchema,
  },
  /** Changes a comment's text; only its author may (`invalid-input` otherwise). */
  'comment:edit': {
    input: z.object({ ...ProcessRef, commentId: IdSchema, body: CommentBodySchema, author: AuthorSchema }),
    output: CommentSchema,
  },
  /** Resolves a thread (by its first comment's id). */
  'comment:resolve': {
    input: z.object({ ...ProcessRef, commentId: IdSchema, author: AuthorSchema }),
    output: CommentSchema,
  },
  /** Reopens a resolved thread. */
  'comment:reopen': {
    input: z.object({ ...ProcessRef, commentId: IdSchema, author: AuthorSchema }),
    output: CommentSchema,
  },
  /** Proposals of a process, most recently changed first, without their documents. */
  'proposal:list': {
    input: z.object(ProcessRef),
    output: z.array(ProposalSummarySchema),
  },
  /**
   * Creates a draft proposal from the current revision (its base). `document` starts the variant
   * from given content instead of a copy of the current revision. Reviewers default to the
   * requesting departments of removed or changed fields.
   */
  'proposal:create': {
    input: z.object({
      ...ProcessRef,
      title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      description: z.string().max(10000).optional(),
      author: AuthorSchema,
      document: ProcessSchema.optional(),
    }),
    output: ProposalSchema,
  },
  /** One proposal with its document, reviewers and timeline. */
  'proposal:open': {
    input: z.object(ProposalRef),
    output: ProposalSchema,
  },
  /**
   * Saves an edit of a proposal (its document, title or description). `baseVersion` is the
   * version the edit started from (`conflict` when stale). A changed document recomputes the
   * affected reviewers and clears their decisions.
   */
  'proposal:save': {
    input: z.object({
      ...ProposalRef,
      author: AuthorSchema,
      baseVersion: z.number().int().min(1),
      document: ProcessSchema.optional(),
      title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
      description: z.string().max(10000).optional(),
    }),
    output: ProposalSchema,
  },
  /**
   * Moves a proposal: draft → in-review | withdrawn; in-review → draft | rejected | withdrawn.
   * Illegal moves are refused (`invalid-input`) with what is possible. Accepting is
   * `proposal:accept`. Only the proposal's author withdraws it.
   */
  'proposal:set-status': {
    input: z.object({
      ...ProposalRef,
      author: AuthorSchema,
      status: z.enum(['draft', 'in-review', 'rejected', 'withdrawn']),
      reason: Reason.optional(),
    }),
    output: ProposalSchema,
  },
  /** Replaces the reviewing departments (affected ones may be removed by hand, others added). */
  'proposal:set-reviewers': {
    input: z.object({ ...ProposalRef, author: AuthorSchema, departmentIds: z.array(IdSchema).max(100) }),
    output: ProposalSchema,
  },
  /**
   * A reviewer's verdict for their department (the author's department must be a reviewer):
   * approve, or request changes (comment required). Only while in review; not on one's own proposal.
   */
  'proposal:review': {
    input: z.object({ ...ProposalRef, author: AuthorSchema, verdict: VerdictSchema, comment: z.string().max(10000) }),
    output: ProposalSchema,
  },
  /**
   * What the proposal changes against its base revision (diff, summary, burden delta, who loses
   * data), and the conflicts accepting it would raise if the process moved on since.
   */
  'proposal:compare': {
    input: z.object(ProposalRef),
    output: z.object({
      report: DiffReportSchema,
      /**
       * The process at `baseRevision`, which the proposal changes: the diff's "before". Sent here
       * so whoever may see the proposal sees it whole — in a workshop the room cannot open the
       * history (`history:open` is the facilitator's).
       */
      base: ProcessSchema,
      baseRevision: z.number().int(),
      currentRevision: z.number().int(),
      conflicts: z.array(MergeConflictSchema),
    }),
  },
  /**
   * Accepts a proposal in review whose reviewers all approved: applies it to the process as a new
   * revision (a three-way merge when the process moved on; `resolutions` picks a side per
   * conflict id, and unresolved conflicts refuse the accept with their ids in `details`). The
   * audit entry names the proposal, its author, the approvers and the reason.
   */
  'proposal:accept': {
    input: z.object({
      ...ProposalRef,
      author: AuthorSchema,
      reason: Reason.trim().min(1, 'must not be empty'),
      resolutions: ResolutionsSchema.optional(),
    }),
    output: z.object({ process: ProcessSchema, proposal: ProposalSchema }),
  },
  'settings:get': {
    input: z.object({}),
    output: SettingsSchema,
  },
  'settings:set': {
    input: SettingsSchema,
    output: SettingsSchema,
  },
  /**
   * Saves a printable document (the workshop report, the rep handout) as PDF: the desktop shell
   * renders `html` in a hidden, sandboxed window with JavaScript off, prints it to PDF (`paper`,
   * else A4 or Letter from the system locale) and asks where to save, offering `suggestedName`.
   * `path` is null when the user cancels (nothing is written). The HTTP host answers
   * `unsupported`: there the browser's own print dialog ("Save as PDF") does the job.
   */
  'report:save-pdf': {
    input: z.object({
      html: z.string().min(1, 'must not be empty').max(20 * 1024 * 1024, 'must be at most 20 MiB'),
      suggestedName: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      paper: z.enum(['A4', 'Letter']).optional(),
    }),
    output: z.object({ path: z.string().nullable() }),
  },
  // ── Live workshop (issue 9; see shared/live/README.md) ───────────────────────────────────
  // The host passes the caller with every call: IPC and the loopback listener are the
  // facilitator; a browser on the workshop (LAN) listener is the participant or observer behind
  // its session cookie, and `shared/live/permissions.ts` says which channels each role may call.
  /**
   * Opens the workshop on `processId` (facilitator): serves the app on `bind` (default: the
   * machine's first private LAN address) as well as 127.0.0.1, and returns the join URLs with
   * their QR codes. Starting while a workshop is open on the same process returns it unchanged;
   * on another process it is a `conflict`.
   */
  'workshop:start': {
    input: z.object({
      processId: IdSchema,
      bind: z.union([z.ipv4(), z.ipv6()]).optional(),
      port: z.number().int().min(0).max(65535).optional(),
    }),
    output: z.lazy(() => WorkshopInfoSchema),
  },
  /** The open workshop with its participants (online or not), or null. */
  'workshop:status': {
    input: z.object({}),
    output: z.object({ workshop: z.lazy(() => WorkshopInfoSchema).nullable() }),
  },
  /** Ends the workshop: saves its record, closes every participant's connection and the LAN listener. */
  'workshop:end': {
    input: z.object({}),
    output: z.object({ record: WorkshopRecordSchema }),
  },
  /** Revokes a participant: their cookie is refused from now on and their connections close. */
  'workshop:revoke': {
    input: z.object({ participantId: IdSchema }),
    output: ParticipantSchema,
  },
  /** Shows or hides the vote results in the room (the facilitator always sees them). */
  'workshop:reveal': {
    input: z.object({ revealed: z.boolean() }),
    output: z.object({ resultsRevealed: z.boolean() }),
  },
  /**
   * Who this browser is in the workshop. `needsProfile` is true for a participant or observer
   * who has not yet given a name and department (`workshop:profile`).
   */
  'workshop:whoami': {
    input: z.object({}),
    output: z.object({
      role: WorkshopRoleSchema,
      participant: ParticipantSchema.nullable(),
      needsProfile: z.boolean(),
      workshop: z
        .object({
          workshopId: IdSchema,
          processId: IdSchema,
          processName: z.string(),
          /** Y document names; `facilitator` only for the facilitator. */
          docs: z.object({ room: z.string(), facilitator: z.string().optional() }),
          resultsRevealed: z.boolean(),
        })
        .nullable(),
    }),
  },
  /** A joined browser gives its name and department (one of the process's departments). */
  'workshop:profile': {
    input: z.object({ name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'), departmentId: IdSchema }),
    output: ParticipantSchema,
  },
  /** "I fill this" / "I read this" on a field; an absent flag keeps its current value. */
  'workshop:mark': {
    input: z.object({ stageId: IdSchema, fieldId: IdSchema, fills: z.boolean().optional(), reads: z.boolean().optional(), opId: OpIdSchema }),
    output: FieldMarkSchema,
  },
  /** Dot-vote on a field; `choice: null` takes the vote back. */
  'workshop:vote': {
    input: z.object({ stageId: IdSchema, fieldId: IdSchema, choice: VoteChoiceSchema.nullable(), opId: OpIdSchema }),
    output: z.object({ vote: VoteSchema.nullable() }),
  },
  /** Challenges a field live: recorded in the workshop and posted as a comment on the field. */
  'workshop:challenge': {
    input: z.object({ stageId: IdSchema, fieldId: IdSchema, question: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'), opId: OpIdSchema }),
    output: LiveChallengeSchema,
  },
  /** A comment from the room (author = the caller), applied once per `opId`. */
  'workshop:comment': {
    input: z.object({ target: CommentTargetSchema, body: CommentBodySchema, replyTo: IdSchema.optional(), opId: OpIdSchema }),
    output: CommentSchema,
  },
  /** The caller's own marks and votes (votes of others stay hidden until revealed). */
  'workshop:my-state': {
    input: z.object({}),
    output: z.object({ marks: z.array(FieldMarkSchema), votes: z.array(VoteSchema) }),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

/** Every channel name, for the preload's allow-list and the handler-coverage test. */
export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/**
 * Error kinds the API returns:
 * - `invalid-input` — the input failed the contract (details lists located problems);
 * - `not-found` — no such process;
 * - `conflict` — a stale save (the stored revision moved on);
 * - `corrupt` — the stored file could not be read and was set aside;
 * - `unauthorized` — a workshop (LAN) call without a valid, unrevoked session cookie;
 * - `forbidden` — the caller is not trusted (or its workshop role may not call this channel): an IPC call from a frame that is not the app's page,
 *   or an HTTP call from a foreign origin or without `Content-Type: application/json`;
 * - `too-large` — the request body is over the host's limit, or the host is at its limit of
 *   request bytes in flight (try again);
 * - `rate-limited` — a workshop participant sent more than their share; try again shortly;
 * - `unsupported` — this host cannot do it (e.g. `report:save-pdf` over HTTP); the caller falls
 *   back (the browser's print) rather than showing a failure;
 * - `internal` — anything else (message is still readable).
 */
export const ApiErrorSchema = z.object({
  code: z.enum([
    'invalid-input',
    'not-found',
    'conflict',
    'corrupt',
    'unauthorized',
    'forbidden',
    'too-large',
    'rate-limited',
    'unsupported',
    'internal',
  ]),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `conflict`: the revision currently stored. */
  currentRevision: z.number().int().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

/** What a transport carries back: a value or a readable error. */
export type ApiResult<C extends Channel> =
  | { ok: true; value: Output<C> }
  | { ok: false; error: ApiErrorBody };

/** HTTP status for each error kind, used by the browser host. */
export const HTTP_STATUS: Record<ApiErrorBody['code'], number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  corrupt: 422,
  unauthorized: 401,
  forbidden: 403,
  'too-large': 413,
  'rate-limited': 429,
  unsupported: 501,
  internal: 500,
};
