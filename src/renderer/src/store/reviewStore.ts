import { create } from 'zustand';
import type { AuditEntry, Comment, HistoryRow, Proposal, ProposalSummary } from '../../../shared/review/schema';
import { call, errorMessage } from '../api/client';
import { useEditor } from './editorStore';

/**
 * The review data of the open process — comments, history, proposals — kept beside the editor's
 * document (comments and proposals never bump the process revision), and what the editor is
 * showing instead of the process: an old revision, or a proposal being edited.
 */
export interface ReviewState {
  processId: string | null;
  comments: Comment[];
  history: HistoryRow[];
  historySetAside: number;
  proposals: ProposalSummary[];
  /** The proposal edited in the editor, when one is. */
  proposal: Proposal | null;
  /** The revision shown read-only in the editor, when one is. */
  revision: AuditEntry | null;
  reset(processId: string | null): void;
  refreshComments(): Promise<void>;
  refreshHistory(): Promise<void>;
  refreshProposals(): Promise<void>;
  setProposal(proposal: Proposal | null): void;
  setRevision(entry: AuditEntry | null): void;
}

function reportFailure(what: string, error: unknown): void {
  useEditor.getState().notify(`Could not load ${what}: ${errorMessage(error)}`, 'error');
}

export const useReview = create<ReviewState>()((set, get) => ({
  processId: null,
  comments: [],
  history: [],
  historySetAside: 0,
  proposals: [],
  proposal: null,
  revision: null,

  reset(processId) {
    set({ processId, comments: [], history: [], historySetAside: 0, proposals: [], proposal: null, revision: null });
  },

  async refreshComments() {
    const processId = get().processId;
    if (!processId) return;
    try {
      const comments = await call('comment:list', { processId });
      if (get().processId === processId) set({ comments });
    } catch (error) {
      reportFailure('the comments', error);
    }
  },

  async refreshHistory() {
    const processId = get().processId;
    if (!processId) return;
    try {
      const result = await call('history:list', { processId });
      if (get().processId === processId) set({ history: result.rows, historySetAside: result.setAside.length });
    } catch (error) {
      reportFailure('the history', error);
    }
  },

  async refreshProposals() {
    const processId = get().processId;
    if (!processId) return;
    try {
      const proposals = await call('proposal:list', { processId });
      if (get().processId === processId) set({ proposals });
    } catch (error) {
      reportFailure('the proposals', error);
    }
  },

  setProposal(proposal) {
    set({ proposal });
  },

  setRevision(entry) {
    set({ revision: entry });
  },
}));
