import type { Proposal } from '../../../../shared/review/schema';
import { call } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { requireIdentity } from '../../store/identityStore';
import { useReview } from '../../store/reviewStore';
import { editProposal, endSession } from '../../store/viewSession';

/** The acting person as an API author, asking first if needed; throws when the user cancels. */
export async function actingAuthor(why: string): Promise<{ name: string; departmentId: string }> {
  const editor = await requireIdentity(why);
  if (!editor) throw new Error('Say who is acting first.');
  return { name: editor.name.trim(), departmentId: editor.departmentId };
}

/** Opens a proposal's document in the editor under its banner; autosave then writes to it. */
export async function startEditingProposal(proposal: Proposal): Promise<void> {
  await actingAuthor('Edits to a proposal are recorded with who made them.');
  await editProposal(proposal, (saved) => {
    useReview.getState().setProposal(saved);
  });
  useReview.getState().setRevision(null);
  useReview.getState().setProposal(proposal);
}

/** Leaves the proposal (its last edits saved) and goes back to the process. */
export async function stopEditingProposal(): Promise<void> {
  await endSession();
  useReview.getState().setProposal(null);
  await useReview.getState().refreshProposals();
}

/** After an accepted proposal became a revision: the editor shows that revision. */
export async function showAcceptedProcess(process: Parameters<ReturnType<typeof useEditor.getState>['load']>[0]): Promise<void> {
  await endSession();
  useReview.getState().setProposal(null);
  useReview.getState().setRevision(null);
  useEditor.getState().load(process);
  await Promise.all([useReview.getState().refreshHistory(), useReview.getState().refreshProposals()]);
}

/** Proposal channels need the process id and the acting author; this supplies both. */
export async function proposalCall<T>(
  why: string,
  action: (ids: { processId: string }, author: { name: string; departmentId: string }) => Promise<T>,
): Promise<T> {
  const processId = useReview.getState().processId;
  if (!processId) throw new Error('No process is open.');
  const author = await actingAuthor(why);
  return action({ processId }, author);
}

/** The proposal status flow's words. */
export const PROPOSAL_STATUS_LABEL: Record<Proposal['status'], string> = {
  draft: 'Draft',
  'in-review': 'In review',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export { call };
