import { z } from 'zod';
import { AuthorSchema, IdSchema, ProcessSchema, TimestampSchema } from '../model/schema';

/** What a comment thread is about: the whole process, a stage, a transition or a field. */
export const CommentTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('process') }),
  z.object({ kind: z.literal('stage'), stageId: IdSchema }),
  z.object({ kind: z.literal('transition'), transitionId: IdSchema }),
  z.object({ kind: z.literal('field'), stageId: IdSchema, fieldId: IdSchema }),
]);
export type CommentTarget = z.infer<typeof CommentTargetSchema>;

/** A comment's text: 1–10,000 characters after trimming. */
export const CommentBodySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(10000, 'must be at most 10000 characters');

/** Who did something when, e.g. who resolved a thread. */
export const StampSchema = z.object({ by: AuthorSchema, at: TimestampSchema });
export type Stamp = z.infer<typeof StampSchema>;

/**
 * One comment. A thread is a root comment (no `replyTo`) and the comments whose `replyTo` is the
 * root's id. Only roots are resolved and reopened; only the author edits a comment's body.
 * Comments live outside the process document, so adding one never bumps the process revision.
 */
export const CommentSchema = z.object({
  id: IdSchema,
  target: CommentTargetSchema,
  author: AuthorSchema,
  createdAt: TimestampSchema,
  body: CommentBodySchema,
  /** Root comment id for a reply. */
  replyTo: IdSchema.optional(),
  /**
   * For a thread answering a field challenge: the review event id (`reviewLog[].id`) of the
   * challenge, so the inspector can show question and answers as one thread.
   */
  challengeId: IdSchema.optional(),
  /** Set when the author last edited the body. */
  editedAt: TimestampSchema.optional(),
  /** Set while the thread (root only) is resolved. */
  resolved: StampSchema.optional(),
});
export type Comment = z.infer<typeof CommentSchema>;

/** Proposal lifecycle: draft → in-review → accepted | rejected | withdrawn (draft may be withdrawn). */
export const ProposalStatusSchema = z.enum(['draft', 'in-review', 'accepted', 'rejected', 'withdrawn']);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

/** A reviewer's verdict on a proposal. */
export const VerdictSchema = z.enum(['approve', 'request-changes']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** One department asked to review a proposal, and its latest decision. */
export const ReviewerSchema = z.object({
  departmentId: IdSchema,
  /** True when the department was added because the proposal removes or changes its fields. */
  affected: z.boolean(),
  /** The current decision; cleared when the proposal's document changes after it. */
  decision: z
    .object({ verdict: VerdictSchema, by: AuthorSchema, at: TimestampSchema, comment: z.string().max(10000) })
    .optional(),
});
export type Reviewer = z.infer<typeof ReviewerSchema>;

/** Something that happened to a proposal, for its timeline. */
export const ProposalEventSchema = z.object({
  at: TimestampSchema,
  by: AuthorSchema,
  kind: z.enum(['created', 'edited', 'status', 'review', 'reviewers', 'accepted']),
  /** Human-readable line, e.g. `approved: "fine by marketing"` or `draft → in-review`. */
  text: z.string().max(12000),
});
export type ProposalEvent = z.infer<typeof ProposalEventSchema>;

/**
 * A named, described variant of a process, based on one of its revisions, that is reviewed by the
 * affected departments and, once accepted, applied to the process as a new revision.
 */
export const ProposalSchema = z.object({
  id: IdSchema,
  processId: IdSchema,
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(10000, 'must be at most 10000 characters'),
  author: AuthorSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  status: ProposalStatusSchema,
  /** The process revision the proposal was made from (the merge base when accepting). */
  baseRevision: z.number().int().min(0),
  /** Incremented on every change of the proposal; edits name the version they started from. */
  version: z.number().int().min(1),
  /** The variant itself, a whole process document (its `id` is the process's). */
  document: ProcessSchema,
  reviewers: z.array(ReviewerSchema),
  events: z.array(ProposalEventSchema),
  /** Set once accepted: the process revision the proposal became, and why it was accepted. */
  acceptedAs: z.object({ revision: z.number().int(), reason: z.string() }).optional(),
  /** Why it was rejected or withdrawn. */
  closedReason: z.string().max(4000).optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** Library facts about a proposal, without its document. */
export const ProposalSummarySchema = ProposalSchema.omit({ document: true, events: true }).extend({
  /** Items added, removed, changed or moved compared with its base revision. */
  changeCount: z.number().int(),
});
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>;

/** How a revision came to be. */
export const RevisionKindSchema = z.enum(['save', 'autosave', 'restore', 'proposal', 'review', 'import', 'baseline']);
export type RevisionKind = z.infer<typeof RevisionKindSchema>;

/**
 * The audit entry of one stored revision: who, when, what changed (one line, computed from the
 * diff with the previous revision) and why.
 */
export const AuditEntrySchema = z.object({
  revision: z.number().int().min(0),
  at: TimestampSchema,
  /** Absent for revisions saved before anyone said who was editing. */
  author: AuthorSchema.optional(),
  kind: RevisionKindSchema,
  /** E.g. `removed 5 fields from Discovery; changed Negotiation → Proposal to 20%`. */
  summary: z.string(),
  /** The note typed with the save, the acceptance reason, or the retire reason. */
  reason: z.string().optional(),
  /** For `restore`: the revision brought back. */
  restoredFrom: z.number().int().optional(),
  /** For `proposal`: which proposal was accepted, by whom it was made, and who approved it. */
  proposal: z
    .object({ id: IdSchema, title: z.string(), author: AuthorSchema, approvers: z.array(AuthorSchema) })
    .optional(),
  /** Bytes of the stored document (for the history list; not the file size). */
  bytes: z.number().int().min(0),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** A history list row: an audit entry and the autosave group it belongs to. */
export const HistoryRowSchema = AuditEntrySchema.extend({
  /**
   * Revisions sharing a `group` are consecutive saves without a note (autosaves, Ctrl+S) by the
   * same author within a few minutes (`groupRevisions`);
   * the list may fold them, but each stays restorable. Equal to the newest revision of the group.
   */
  group: z.number().int(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

/** A history entry that could not be read and was moved aside (never blocks opening). */
export const HistorySetAsideSchema = z.object({
  fileName: z.string(),
  setAsideAs: z.string(),
  reason: z.string(),
});
export type HistorySetAside = z.infer<typeof HistorySetAsideSchema>;
