import { ConflictError, InvalidRequestError, NotFoundError } from './errors';
import { randomUUID } from 'node:crypto';
import { groupCommit } from './groupCommit';
import { createReviewStore, type ReviewStore, type StoredProposal } from './reviewStore';
import type { Workspace } from './workspace';
import type { AtomicIo } from './atomicAdapter';
import type { Author, Process } from '../../shared/model/schema';
import { countChanges, diffProcesses, type ProcessDiff } from '../../shared/review/diff';
import { burdenDelta, type BurdenDelta } from '../../shared/review/delta';
import { summarizeDiff } from '../../shared/review/summary';
import { threeWayMerge, type MergeConflict, type Resolutions } from '../../shared/review/merge';
import { groupRevisions } from '../../shared/review/grouping';
import { CommentRuleError, editComment, sameAuthor, setResolved } from '../../shared/review/comments';
import {
  acceptBlocker,
  approversOf,
  checkProposalMove,
  FINAL_PROPOSAL_STATUSES,
  reviewersFor,
} from '../../shared/review/proposal';
import type {
  AuditEntry,
  Comment,
  CommentTarget,
  HistoryRow,
  HistorySetAside,
  Proposal,
  ProposalStatus,
  ProposalSummary,
  Verdict,
} from '../../shared/review/schema';

/** A diff between two documents with its one-line summary and burden delta. */
export interface DiffReport {
  diff: ProcessDiff;
  summary: string;
  delta: BurdenDelta;
}

/** Diff, summary and burden delta of two documents. */
export function diffReport(before: Process, after: Process): DiffReport {
  const diff = diffProcesses(before, after);
  return { diff, summary: summarizeDiff(diff, before, after), delta: burdenDelta(before, after, diff) };
}

/** A proposal measured against the process now. */
export interface ProposalComparison {
  /** Base revision → proposal: what the proposal changes. */
  report: DiffReport;
  /** The process at `baseRevision` (what the proposal started from). */
  base: Process;
  baseRevision: number;
  currentRevision: number;
  /** Conflicts a merge into the current process would raise (empty when the process has not moved). */
  conflicts: MergeConflict[];
}

class ProposalConflictError extends ConflictError {
  constructor(id: string, baseVersion: number, version: number) {
    super(id, baseVersion, version);
    this.message = `Proposal ${id} was changed elsewhere: your edit is based on version ${baseVersion}, the stored version is ${version}. Nothing was written.`;
  }
}

export interface ReviewService {
  historyList(processId: string): Promise<{ rows: HistoryRow[]; setAside: HistorySetAside[]; currentRevision: number }>;
  historyOpen(processId: string, revision: number): Promise<{ entry: AuditEntry; process: Process }>;
  historyCompare(processId: string, from: number, to: number): Promise<DiffReport>;
  historyRestore(input: { processId: string; revision: number; author: Author; reason?: string | undefined; baseRevision?: number | undefined }): Promise<Process>;

  listComments(processId: string): Promise<Comment[]>;
  addComment(input: { processId: string; target: CommentTarget; body: string; author: Author; replyTo?: string | undefined; challengeId?: string | undefined }): Promise<Comment>;
  editComment(input: { processId: string; commentId: string; body: string; author: Author }): Promise<Comment>;
  setCommentResolved(input: { processId: string; commentId: string; author: Author }, resolved: boolean): Promise<Comment>;

  listProposals(processId: string): Promise<ProposalSummary[]>;
  createProposal(input: { processId: string; title: string; description?: string | undefined; author: Author; document?: Process | undefined }): Promise<Proposal>;
  openProposal(processId: string, proposalId: string): Promise<Proposal>;
  saveProposal(input: {
    processId: string;
    proposalId: string;
    author: Author;
    baseVersion: number;
    document?: Process | undefined;
    title?: string | undefined;
    description?: string | undefined;
  }): Promise<Proposal>;
  setProposalStatus(input: { processId: string; proposalId: string; author: Author; status: ProposalStatus; reason?: string | undefined }): Promise<Proposal>;
  setReviewers(input: { processId: string; proposalId: string; author: Author; departmentIds: string[] }): Promise<Proposal>;
  reviewProposal(input: { processId: string; proposalId: string; author: Author; verdict: Verdict; comment: string }): Promise<Proposal>;
  compareProposal(processId: string, proposalId: string): Promise<ProposalComparison>;
  acceptProposal(input: {
    processId: string;
    proposalId: string;
    author: Author;
    reason: string;
    resolutions?: Resolutions | undefined;
  }): Promise<{ process: Process; proposal: Proposal }>;
}

export interface ReviewServiceOptions {
  io?: AtomicIo;
  now?: () => Date;
  newId?: () => string;
}

/** An author as people read them in the audit line: the department's name, its id only when the process has no such department. */
const who = (a: Author, departments: ReadonlyArray<{ id: string; name: string }>) =>
  `${a.name} (${departments.find((department) => department.id === a.departmentId)?.name ?? a.departmentId})`;

export function createReviewService(workspace: Workspace, options: ReviewServiceOptions = {}): ReviewService {
  const now = options.now ?? (() => new Date());
  const makeId = options.newId ?? (() => randomUUID());
  const store: ReviewStore = createReviewStore({ dir: workspace.dir, ...(options.io ? { io: options.io } : {}), now });
  const nowIso = () => now().toISOString();

  /** Turns a comment rule refusal into the API's invalid-input. */
  function ruled<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof CommentRuleError) throw new InvalidRequestError(error.message);
      throw error;
    }
  }

  type AddInput = Omit<Parameters<ReviewService['addComment']>[0], 'processId'>;

  /** The comment made from one `addComment` call, or why it is refused (the list as it stands). */
  function newComment(list: readonly Comment[], input: AddInput): Comment {
    let target = input.target;
    if (input.replyTo !== undefined) {
      const root = list.find((c) => c.id === input.replyTo);
      if (!root) throw new NotFoundError(`There is no comment ${input.replyTo} to reply to.`);
      if (root.replyTo !== undefined) throw new InvalidRequestError('Reply to the thread (its first comment), not to a reply.');
      target = root.target;
    }
    return {
      id: `c-${makeId()}`.slice(0, 64),
      target,
      author: { ...input.author },
      createdAt: nowIso(),
      body: input.body.trim(),
      ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
      ...(input.challengeId !== undefined ? { challengeId: input.challengeId } : {}),
    };
  }

  /**
   * New comments are written in groups: calls that arrive while a write is under way wait for the
   * next one, which reads the list once, appends all of them and writes (and syncs) once. A room of
   * 50 commenting once a second otherwise queued one locked read-validate-write-fsync per comment
   * (65 ms each on disk) and fell behind at about 15 comments a second. Each caller still gets its
   * own answer only after its comment is on disk, and a refused reply refuses only itself.
   */
  const addComments = groupCommit<AddInput, Comment>(async (processId, inputs) => {
    await workspace.assertExists(processId);
    return workspace.exclusive(async () => {
      const list = await store.readComments(processId);
      const results = inputs.map((input): { ok: true; value: Comment } | { ok: false; error: unknown } => {
        try {
          const comment = newComment(list, input);
          list.push(comment);
          return { ok: true, value: comment };
        } catch (error) {
          return { ok: false, error };
        }
      });
      if (results.some((r) => r.ok)) await store.writeComments(processId, list);
      return results;
    });
  });

  /** Read-modify-write of the comments, under the workspace lock; returns the comment `id`. */
  async function mutateComments(processId: string, id: string, fn: (list: Comment[]) => Comment[]): Promise<Comment> {
    await workspace.assertExists(processId);
    return workspace.exclusive(async () => {
      const list = await store.readComments(processId);
      if (!list.some((c) => c.id === id)) throw new NotFoundError(`There is no comment ${id} on this process.`);
      const next = ruled(() => fn(list));
      await store.writeComments(processId, next);
      return next.find((c) => c.id === id)!;
    });
  }

  async function requireRevision(processId: string, revision: number): Promise<{ entry: AuditEntry; process: Process }> {
    const current = await workspace.ensureHistory(processId);
    if (revision > current.revision) throw new NotFoundError(`Process ${processId} has no revision ${revision} yet (the latest is ${current.revision}).`);
    const found = await workspace.history.read(processId, revision);
    if (!found) throw new NotFoundError(`Revision ${revision} of process ${processId} is not in the history (or was damaged and set aside).`);
    return { entry: found.entry, process: { ...found.process, id: processId } };
  }

  function summaryOf(stored: StoredProposal): ProposalSummary {
    const { document, events: _events, ...rest } = stored.proposal;
    return { ...rest, changeCount: countChanges(diffProcesses(stored.base, document)) };
  }

  function event(kind: Proposal['events'][number]['kind'], by: Author, text: string): Proposal['events'][number] {
    return { at: nowIso(), by: { ...by }, kind, text };
  }

  function assertOpen(proposal: Proposal): void {
    if (FINAL_PROPOSAL_STATUSES.has(proposal.status)) {
      throw new InvalidRequestError(`The proposal is ${proposal.status}; it can no longer change.`);
    }
  }

  /** Read-modify-write of one proposal under the workspace lock. */
  async function update(processId: string, proposalId: string, fn: (s: StoredProposal) => Proposal | Promise<Proposal>) {
    await workspace.assertExists(processId);
    return workspace.exclusive(async () => {
      const stored = await store.readProposal(processId, proposalId);
      const proposal = await fn(stored);
      await store.writeProposal({ proposal, base: stored.base });
      return proposal;
    });
  }

  return {
    async historyList(processId) {
      const current = await workspace.ensureHistory(processId);
      const { entries, setAside } = await workspace.history.list(processId);
      // A revision written by a save that crashed before its document landed was never
      // acknowledged; it is not part of the history until a save reaches that number again.
      const visible = entries.filter((e) => e.revision <= current.revision);
      return { rows: groupRevisions(visible), setAside, currentRevision: current.revision };
    },

    historyOpen: requireRevision,

    async historyCompare(processId, from, to) {
      const a = await requireRevision(processId, from);
      const b = await requireRevision(processId, to);
      return diffReport(a.process, b.process);
    },

    async historyRestore({ processId, revision, author, reason, baseRevision }) {
      const old = await requireRevision(processId, revision);
      return workspace.commit(processId, async (current) => {
        if (baseRevision !== undefined && current.revision !== baseRevision) {
          throw new ConflictError(processId, baseRevision, current.revision);
        }
        return {
          process: old.process,
          audit: {
            kind: 'restore',
            author,
            restoredFrom: revision,
            ...(reason !== undefined ? { reason } : {}),
            summary: `restored revision ${revision}: ${summarizeDiff(diffProcesses(current, old.process), current, old.process)}`,
          },
        };
      });
    },

    async listComments(processId) {
      await workspace.assertExists(processId);
      return workspace.exclusive(() => store.readComments(processId));
    },

    addComment: ({ processId, ...input }) => addComments.add(processId, input),

    editComment: ({ processId, commentId, body, author }) =>
      mutateComments(processId, commentId, (list) => editComment(list, commentId, body, author, nowIso())),

    setCommentResolved: ({ processId, commentId, author }, resolved) =>
      mutateComments(processId, commentId, (list) => setResolved(list, commentId, resolved, author, nowIso())),

    async listProposals(processId) {
      await workspace.assertExists(processId);
      return (await workspace.exclusive(() => store.listProposals(processId))).map(summaryOf);
    },

    async createProposal({ processId, title, description, author, document }) {
      const current = await workspace.ensureHistory(processId);
      const variant: Process = { ...(document ?? current), id: processId };
      const diff = diffProcesses(current, variant);
      const at = nowIso();
      const proposal: Proposal = {
        id: `p-${makeId()}`.slice(0, 64),
        processId,
        title: title.trim(),
        description: description ?? '',
        author: { ...author },
        createdAt: at,
        updatedAt: at,
        status: 'draft',
        baseRevision: current.revision,
        version: 1,
        document: variant,
        reviewers: reviewersFor(diff, current, [], false),
        events: [event('created', author, `created from revision ${current.revision}`)],
      };
      await workspace.exclusive(() => store.writeProposal({ proposal, base: current }));
      return proposal;
    },

    async openProposal(processId, proposalId) {
      await workspace.assertExists(processId);
      return (await workspace.exclusive(() => store.readProposal(processId, proposalId))).proposal;
    },

    saveProposal({ processId, proposalId, author, baseVersion, document, title, description }) {
      return update(processId, proposalId, ({ proposal, base }) => {
        assertOpen(proposal);
        if (baseVersion !== proposal.version) throw new ProposalConflictError(proposalId, baseVersion, proposal.version);
        const nextDoc = document ? { ...document, id: processId } : proposal.document;
        const docChanged = document !== undefined && countChanges(diffProcesses(proposal.document, nextDoc)) > 0;
        const diff = diffProcesses(base, nextDoc);
        const what = [
          docChanged ? summarizeDiff(diffProcesses(proposal.document, nextDoc), proposal.document, nextDoc) : '',
          title !== undefined && title.trim() !== proposal.title ? `renamed to "${title.trim()}"` : '',
          description !== undefined && description !== proposal.description ? 'changed the description' : '',
        ].filter(Boolean);
        return {
          ...proposal,
          ...(title !== undefined ? { title: title.trim() } : {}),
          ...(description !== undefined ? { description } : {}),
          document: nextDoc,
          version: proposal.version + 1,
          updatedAt: nowIso(),
          // Like a pull request with stale reviews dismissed: a changed document needs new approvals.
          reviewers: reviewersFor(diff, base, proposal.reviewers, !docChanged),
          events: what.length > 0 ? [...proposal.events, event('edited', author, what.join('; '))] : proposal.events,
        };
      });
    },

    setProposalStatus({ processId, proposalId, author, status, reason }) {
      return update(processId, proposalId, ({ proposal }) => {
        if (status === 'accepted') throw new InvalidRequestError('Use proposal:accept to accept a proposal (it needs a reason and applies it).');
        const move = checkProposalMove(proposal.status, status);
        if (!move.ok) throw new InvalidRequestError(move.message);
        if (status === 'withdrawn' && !sameAuthor(proposal.author, author)) {
          throw new InvalidRequestError(`Only ${proposal.author.name}, who made the proposal, can withdraw it.`);
        }
        return {
          ...proposal,
          status,
          version: proposal.version + 1,
          updatedAt: nowIso(),
          ...(reason?.trim() && (status === 'rejected' || status === 'withdrawn') ? { closedReason: reason.trim() } : {}),
          events: [...proposal.events, event('status', author, `${proposal.status} → ${status}${reason?.trim() ? `: ${reason.trim()}` : ''}`)],
        };
      });
    },

    setReviewers({ processId, proposalId, author, departmentIds }) {
      return update(processId, proposalId, ({ proposal }) => {
        assertOpen(proposal);
        const wanted = [...new Set(departmentIds)];
        const reviewers = wanted.map(
          (id) => proposal.reviewers.find((r) => r.departmentId === id) ?? { departmentId: id, affected: false },
        );
        return {
          ...proposal,
          reviewers,
          version: proposal.version + 1,
          updatedAt: nowIso(),
          events: [...proposal.events, event('reviewers', author, `reviewers: ${wanted.join(', ') || 'none'}`)],
        };
      });
    },

    reviewProposal({ processId, proposalId, author, verdict, comment }) {
      return update(processId, proposalId, ({ proposal }) => {
        if (proposal.status !== 'in-review') {
          throw new InvalidRequestError(`Reviews are given while a proposal is in review; this one is ${proposal.status}.`);
        }
        const reviewer = proposal.reviewers.find((r) => r.departmentId === author.departmentId);
        if (!reviewer) {
          const asked = proposal.reviewers.map((r) => r.departmentId).join(', ') || 'nobody yet';
          throw new InvalidRequestError(
            `${author.departmentId} is not asked to review this proposal (reviewers: ${asked}); add the department as a reviewer first.`,
          );
        }
        if (verdict === 'approve' && sameAuthor(author, proposal.author)) {
          throw new InvalidRequestError('You cannot approve your own proposal; ask someone else from your department.');
        }
        if (verdict === 'request-changes' && comment.trim() === '') {
          throw new InvalidRequestError('Requesting changes needs a comment saying what to change.');
        }
        const at = nowIso();
        return {
          ...proposal,
          reviewers: proposal.reviewers.map((r) =>
            r === reviewer ? { ...r, decision: { verdict, by: { ...author }, at, comment: comment.trim() } } : r,
          ),
          version: proposal.version + 1,
          updatedAt: at,
          events: [
            ...proposal.events,
            event('review', author, `${verdict === 'approve' ? 'approved' : 'requested changes'}${comment.trim() ? `: ${comment.trim()}` : ''}`),
          ],
        };
      });
    },

    async compareProposal(processId, proposalId) {
      const current = await workspace.ensureHistory(processId);
      const { proposal, base } = await workspace.exclusive(() => store.readProposal(processId, proposalId));
      const report = diffReport(base, proposal.document);
      const conflicts =
        current.revision === proposal.baseRevision ? [] : threeWayMerge(base, current, proposal.document).conflicts;
      return { report, base: { ...base, id: processId }, baseRevision: proposal.baseRevision, currentRevision: current.revision, conflicts };
    },

    acceptProposal: (input) => accept(input),
  };

  async function accept({
    processId,
    proposalId,
    author,
    reason,
    resolutions,
  }: Parameters<ReviewService['acceptProposal']>[0]): Promise<{ process: Process; proposal: Proposal }> {
      if (reason.trim() === '') throw new InvalidRequestError('Accepting a proposal needs a reason.');
      let accepted: Proposal | undefined;
      const process = await workspace.commit(
        processId,
        async (current) => {
          const stored = await store.readProposal(processId, proposalId);
          const names = new Map(current.departments.map((d) => [d.id, d.name]));
          const blocker = acceptBlocker(stored.proposal, (id) => names.get(id) ?? id);
          if (blocker) throw new InvalidRequestError(blocker);
          const merge = threeWayMerge(stored.base, current, stored.proposal.document, resolutions ?? {});
          if (merge.unresolved.length > 0) {
            throw new InvalidRequestError(
              `The process changed since the proposal was made and ${merge.unresolved.length} change(s) overlap; pick a side for each.`,
              merge.unresolved.map((c) => ({ path: c.id, message: `${c.label}: changed by both the process and the proposal` })),
            );
          }
          return {
            process: merge.merged,
            audit: {
              kind: 'proposal',
              author,
              reason,
              proposal: {
                id: stored.proposal.id,
                title: stored.proposal.title,
                author: stored.proposal.author,
                approvers: approversOf(stored.proposal),
              },
              summary: `accepted proposal "${stored.proposal.title}" by ${who(stored.proposal.author, merge.merged.departments)}: ${summarizeDiff(
                diffProcesses(current, merge.merged),
                current,
                merge.merged,
              )}`,
            },
          };
        },
        // Marked accepted under the same lock hold, so a second accept sees it and is refused.
        async (saved) => {
          const stored = await store.readProposal(processId, proposalId);
          const p = stored.proposal;
          accepted = {
            ...p,
            status: 'accepted',
            version: p.version + 1,
            updatedAt: nowIso(),
            acceptedAs: { revision: saved.revision, reason: reason.trim() },
            events: [...p.events, event('accepted', author, `accepted as revision ${saved.revision}: ${reason.trim()}`)],
          };
          await store.writeProposal({ proposal: accepted, base: stored.base });
        },
      );
      if (!accepted) throw new NotFoundError(`There is no proposal ${proposalId}.`);
      const proposal = accepted;
      return { process, proposal };
}
}
