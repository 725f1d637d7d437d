import { useMemo, useState } from 'react';
import { threadsOf, type Thread } from '../../../../shared/review/comments';
import type { CommentTarget } from '../../../../shared/review/schema';
import type { Process } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { useReview } from '../../store/reviewStore';
import { CommentThreads, CommentView } from './CommentThreads';
import { setThreadResolved } from './commentActions';

type Filter = 'open' | 'resolved' | 'all';

function targetLabel(target: CommentTarget, doc: Process | null): string {
  if (!doc) return '';
  switch (target.kind) {
    case 'process':
      return 'The process';
    case 'stage':
      return `Stage ${doc.stages.find((stage) => stage.id === target.stageId)?.name ?? '(deleted)'}`;
    case 'transition': {
      const transition = doc.transitions.find((item) => item.id === target.transitionId);
      const name = (id: string | undefined): string => doc.stages.find((stage) => stage.id === id)?.name ?? '?';
      return transition ? `Transition ${name(transition.from)} → ${name(transition.to)}` : 'Transition (deleted)';
    }
    case 'field': {
      const stage = doc.stages.find((item) => item.id === target.stageId);
      const field = doc.stages.flatMap((item) => item.fields).find((item) => item.id === target.fieldId);
      return `Field ${field?.label ?? '(deleted)'}${stage ? ` on ${stage.name}` : ''}`;
    }
  }
}

/** Every comment thread of the process, open or resolved, each with a link to what it is about. */
export function CommentsPanel({ onShow }: { onShow: () => void }): React.JSX.Element {
  const comments = useReview((state) => state.comments);
  const doc = useEditor((state) => state.doc);
  const [filter, setFilter] = useState<Filter>('open');
  const threads = useMemo(() => threadsOf(comments.filter((comment) => comment.challengeId === undefined)), [comments]);
  const shown = threads.filter((thread) => (filter === 'all' ? true : filter === 'open' ? thread.open : !thread.open));
  const open = threads.filter((thread) => thread.open).length;

  const show = (thread: Thread): void => {
    const target = thread.root.target;
    const state = useEditor.getState();
    if (target.kind === 'stage') state.selectStage(target.stageId);
    if (target.kind === 'field') {
      state.selectStage(target.stageId);
      state.selectField(target.fieldId);
    }
    if (target.kind === 'transition') state.setSelection({ stageIds: [], transitionIds: [target.transitionId] });
    onShow();
  };

  return (
    <div className="comments-list" data-testid="comments-list">
      <div className="history-actions" role="radiogroup" aria-label="Show comments">
        {(['open', 'resolved', 'all'] as const).map((value) => (
          <label key={value} className="inline">
            <input type="radio" name="comment-filter" checked={filter === value} onChange={() => setFilter(value)} />
            {value === 'open' ? `Open (${open})` : value === 'resolved' ? `Resolved (${threads.length - open})` : `All (${threads.length})`}
          </label>
        ))}
      </div>
      {shown.length === 0 && <p className="empty-state">{filter === 'open' ? 'No open threads.' : filter === 'resolved' ? 'Nothing resolved yet.' : 'No comments yet.'}</p>}
      <ul className="comment-summaries">
        {shown.map((thread) => (
          <li key={thread.root.id} className={`thread${thread.open ? '' : ' resolved'}`} data-testid="comment-summary">
            <div className="thread-target">
              <button type="button" className="link" onClick={() => show(thread)}>
                {targetLabel(thread.root.target, doc)}
              </button>
              <span className="muted small">
                {' '}
                · {thread.replies.length} repl{thread.replies.length === 1 ? 'y' : 'ies'}
              </span>
              <button type="button" className="small" onClick={() => void setThreadResolved(thread.root.id, thread.open)}>
                {thread.open ? 'Resolve' : 'Reopen'}
              </button>
            </div>
            <CommentView comment={thread.root} />
          </li>
        ))}
      </ul>
      <CommentThreads target={{ kind: 'process' }} title="About the whole process" />
    </div>
  );
}
