import type { Process } from '../model/schema';
import type { Comment, Proposal } from '../review/schema';
import { threadsOf } from '../review/comments';
import type { ReportReviewItem } from './reportHtml';

/**
 * What the report needs of a proposal: the stored proposal and the `proposal:list` summary both
 * carry it, so the CLI (reading the workspace) and the renderer (through the API) share this.
 */
export type ReportProposal = Pick<Proposal, 'title' | 'description' | 'author' | 'status' | 'updatedAt' | 'reviewers' | 'closedReason'> & {
  acceptedAs?: Proposal['acceptedAs'];
};

/** Human name of what a comment is about, e.g. the field's label or `Discovery → Demo`. */
function subjectOf(process: Process, comment: Comment): string {
  const target = comment.target;
  switch (target.kind) {
    case 'process':
      return process.name;
    case 'stage':
      return process.stages.find((s) => s.id === target.stageId)?.name ?? `stage ${target.stageId}`;
    case 'transition': {
      const t = process.transitions.find((x) => x.id === target.transitionId);
      const name = (id: string) => process.stages.find((s) => s.id === id)?.name ?? id;
      return t ? `${name(t.from)} → ${name(t.to)}` : `transition ${target.transitionId}`;
    }
    case 'field': {
      const stage = process.stages.find((s) => s.id === target.stageId);
      const field = stage?.fields.find((f) => f.id === target.fieldId);
      return field ? `${field.label} (${stage!.name})` : `field ${target.fieldId}`;
    }
  }
}

/**
 * Report items for review work stored beside the document: one per comment thread (open or
 * resolved, with its reply count) and one per proposal with its decision — the reviewers'
 * verdicts, the acceptance reason or why it was closed.
 */
export function reviewItemsFromStore(
  process: Process,
  comments: readonly Comment[],
  proposals: readonly ReportProposal[],
): ReportReviewItem[] {
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const items: ReportReviewItem[] = threadsOf(comments).map((thread) => {
    const replies = thread.replies.length;
    return {
      kind: 'comment',
      subject: subjectOf(process, thread.root),
      text: `${thread.root.body}${replies > 0 ? ` (${replies} ${replies === 1 ? 'reply' : 'replies'})` : ''}`,
      author: thread.root.author.name,
      status: thread.open ? 'open' : 'resolved',
      date: thread.root.createdAt,
    };
  });
  for (const p of proposals) {
    const verdicts = p.reviewers
      .filter((r) => r.decision)
      .map((r) => `${departments.get(r.departmentId) ?? r.departmentId}: ${r.decision!.verdict === 'approve' ? 'approved' : 'changes requested'}${r.decision!.comment ? ` ("${r.decision!.comment}")` : ''}`);
    const decision =
      p.status === 'accepted' && p.acceptedAs
        ? `accepted as revision ${p.acceptedAs.revision}${p.acceptedAs.reason ? `: ${p.acceptedAs.reason}` : ''}`
        : (p.status === 'rejected' || p.status === 'withdrawn') && p.closedReason
          ? `${p.status}: ${p.closedReason}`
          : '';
    const text = [p.title + (p.description ? ` — ${p.description}` : ''), verdicts.join('; '), decision].filter(Boolean).join(' · ');
    items.push({ kind: 'proposal', subject: p.title, text, author: p.author.name, status: p.status, date: p.updatedAt });
  }
  return items;
}
