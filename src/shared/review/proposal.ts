import type { Author, Process } from '../model/schema';
import type { ProcessDiff } from './diff';
import type { Proposal, ProposalStatus, Reviewer } from './schema';

/**
 * The proposal state machine:
 *
 *   draft → in-review | withdrawn
 *   in-review → accepted | rejected | withdrawn | draft (back for more work)
 *
 * Accepted, rejected and withdrawn are final. Anything else is refused with a readable message.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  draft: ['in-review', 'withdrawn'],
  'in-review': ['accepted', 'rejected', 'withdrawn', 'draft'],
  accepted: [],
  rejected: [],
  withdrawn: [],
};

/** Statuses after which a proposal no longer changes. */
export const FINAL_PROPOSAL_STATUSES: ReadonlySet<ProposalStatus> = new Set<ProposalStatus>(['accepted', 'rejected', 'withdrawn']);

/** Checks a status move: `{ ok: true }` or a sentence saying what is possible instead. */
export function checkProposalMove(from: ProposalStatus, to: ProposalStatus): { ok: true } | { ok: false; message: string } {
  if (PROPOSAL_TRANSITIONS[from].includes(to)) return { ok: true };
  const allowed = PROPOSAL_TRANSITIONS[from];
  return {
    ok: false,
    message:
      allowed.length === 0
        ? `The proposal is ${from}; it can no longer change.`
        : `A proposal in ${from} cannot move to ${to}; it can move to ${allowed.join(' or ')}.`,
  };
}

/**
 * Departments affected by a proposal's diff: the requesters of every removed or changed field
 * (review-log-only changes aside) — they are asked to review by default.
 */
export function affectedDepartments(diff: ProcessDiff): string[] {
  const out = new Set<string>();
  for (const change of diff.fields) {
    if (change.kind === 'removed') out.add(change.before.requestedBy);
    else if (change.kind === 'changed') {
      const meaningful = change.changes.some((c) => c.key !== 'reviewLog');
      if (!meaningful) continue;
      const requester = change.changes.find((c) => c.key === 'requestedBy');
      if (requester) {
        if (typeof requester.before === 'string') out.add(requester.before);
        if (typeof requester.after === 'string') out.add(requester.after);
      }
    }
  }
  return [...out];
}

/**
 * The reviewer list after a diff change: affected departments are added (pending), departments
 * someone added by hand stay, and departments no longer affected and never added by hand go.
 * Decisions already given are kept only when `keepDecisions` (the document did not change).
 */
export function reviewersFor(
  diff: ProcessDiff,
  before: Process,
  current: readonly Reviewer[],
  keepDecisions: boolean,
): Reviewer[] {
  const affected = new Set(affectedDepartments(diff));
  // Fields removed from the base name their requester only in the base document.
  for (const change of diff.fields) if (change.kind === 'changed' && !change.changes.some((c) => c.key === 'requestedBy')) {
    if (!change.changes.some((c) => c.key !== 'reviewLog')) continue;
    for (const stage of before.stages) for (const f of stage.fields) if (f.id === change.id) affected.add(f.requestedBy);
  }
  const out: Reviewer[] = [];
  const seen = new Set<string>();
  for (const r of current) {
    if (r.affected && !affected.has(r.departmentId)) continue;
    seen.add(r.departmentId);
    const next: Reviewer = { departmentId: r.departmentId, affected: affected.has(r.departmentId) };
    if (keepDecisions && r.decision) next.decision = r.decision;
    out.push(next);
  }
  for (const id of affected) if (!seen.has(id)) out.push({ departmentId: id, affected: true });
  return out;
}

/** Why a proposal cannot be accepted yet, or `undefined` when it can. */
export function acceptBlocker(proposal: Proposal, departmentName: (id: string) => string = (id) => id): string | undefined {
  const move = checkProposalMove(proposal.status, 'accepted');
  if (!move.ok) return move.message;
  const pending = proposal.reviewers.filter((r) => r.decision?.verdict !== 'approve');
  if (pending.length === 0) return undefined;
  const what = pending
    .map((r) => `${departmentName(r.departmentId)} (${r.decision ? 'changes requested' : 'pending'})`)
    .join(', ');
  return `Accepting needs an approval from every reviewer; still waiting for: ${what}.`;
}

/** The authors who approved a proposal, in reviewer order. */
export function approversOf(proposal: Proposal): Author[] {
  return proposal.reviewers.flatMap((r) => (r.decision?.verdict === 'approve' ? [r.decision.by] : []));
}
