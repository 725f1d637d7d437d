import { useMemo, useState } from 'react';
import { sameAuthor, targetKey, threadsOf, type Thread } from '../../../../shared/review/comments';
import type { Comment, CommentTarget } from '../../../../shared/review/schema';
import { useEditor } from '../../store/editorStore';
import { useIdentity } from '../../store/identityStore';
import { useReview } from '../../store/reviewStore';
import { useWorkshop } from '../../store/workshopStore';
import { addComment, editComment, setThreadResolved } from './commentActions';
import { formatWhen } from './when';

/** Everything said about one target (process, stage, transition or field), and a box to say more. */
export function CommentThreads({ target, title = 'Comments' }: { target: CommentTarget; title?: string }): React.JSX.Element {
  const comments = useReview((state) => state.comments);
  const key = targetKey(target);
  const threads = useMemo(
    () => threadsOf(comments.filter((comment) => targetKey(comment.target) === key && comment.challengeId === undefined)),
    [comments, key],
  );
  const [draft, setDraft] = useState('');
  // Observers read; participants comment and reply (resolving is the facilitator's).
  const revisionShown = useEditor((state) => state.readOnly !== null);
  const observer = useWorkshop((state) => state.role === 'observer');
  const readOnly = revisionShown || observer;
  const open = threads.filter((thread) => thread.open).length;

  return (
    <section className="comments" aria-label={title} data-testid="comment-threads">
      {/* The section is a named region; not a heading, so a form keeps one heading: its subject's name. */}
      <div className="comments-title">
        <strong>{title}</strong> {threads.length > 0 && <span className="muted">({open} open, {threads.length - open} resolved)</span>}
      </div>
      {threads.length === 0 && <p className="muted small">No comments yet.</p>}
      {threads.map((thread) => (
        <ThreadView key={thread.root.id} thread={thread} target={target} />
      ))}
      {!readOnly && (
        <form
          className="comment-new"
          onSubmit={(event) => {
            event.preventDefault();
            if (!draft.trim()) return;
            void addComment(target, draft.trim()).then((ok) => ok && setDraft(''));
          }}
        >
          <label className="sr-only" htmlFor={`new-comment-${key}`}>
            New comment
          </label>
          <textarea
            id={`new-comment-${key}`}
            rows={2}
            value={draft}
            placeholder="Ask, answer or note something…"
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
            }}
          />
          <button type="submit" disabled={!draft.trim()}>
            Comment
          </button>
        </form>
      )}
    </section>
  );
}

function ThreadView({ thread, target }: { thread: Thread; target: CommentTarget }): React.JSX.Element {
  const [reply, setReply] = useState('');
  const role = useWorkshop((state) => state.role);
  const guest = role === 'participant' || role === 'observer';
  return (
    <article className={`thread${thread.open ? '' : ' resolved'}`} data-testid="comment-thread" data-open={thread.open}>
      <CommentView comment={thread.root} />
      {thread.replies.map((comment) => (
        <CommentView key={comment.id} comment={comment} reply />
      ))}
      {role === 'observer' ? null : thread.open ? (
        <div className="thread-actions">
          <input
            aria-label="Reply"
            value={reply}
            placeholder="Reply…"
            onChange={(event) => setReply(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && reply.trim()) {
                event.preventDefault();
                void addComment(target, reply.trim(), { replyTo: thread.root.id }).then((ok) => ok && setReply(''));
              }
            }}
          />
          {!guest && (
            <button type="button" onClick={() => void setThreadResolved(thread.root.id, true)}>
              Resolve
            </button>
          )}
        </div>
      ) : (
        <div className="thread-actions">
          <span className="muted small">
            Resolved by {thread.root.resolved?.by.name} · {formatWhen(thread.root.resolved?.at)}
          </span>
          {!guest && (
            <button type="button" onClick={() => void setThreadResolved(thread.root.id, false)}>
              Reopen
            </button>
          )}
        </div>
      )}
    </article>
  );
}

/** One comment with its author, time and, for one's own, an Edit button. */
export function CommentView({ comment, reply = false }: { comment: Comment; reply?: boolean }): React.JSX.Element {
  const me = useIdentity((state) => state.editor);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  // Editing a comment is not a room action (the host would refuse it): only outside a workshop's room.
  const guest = useWorkshop((state) => state.role === 'participant' || state.role === 'observer');
  const mine = !guest && me.name !== '' && sameAuthor(comment.author, me);
  const department = departments.find((item) => item.id === comment.author.departmentId)?.name ?? comment.author.departmentId;
  return (
    <div className={`comment${reply ? ' reply' : ''}`} data-testid="comment">
      <div className="comment-meta">
        <strong>{comment.author.name}</strong> <span className="muted">· {department} · {formatWhen(comment.createdAt)}</span>
        {comment.editedAt && <span className="muted"> · edited</span>}
        {mine && !editing && (
          <button type="button" className="link small" onClick={() => setEditing(true)} aria-label="Edit comment">
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!draft.trim()) return;
            void editComment(comment.id, draft.trim()).then((ok) => ok && setEditing(false));
          }}
        >
          <textarea aria-label="Comment text" rows={2} value={draft} onChange={(event) => setDraft(event.target.value)} autoFocus />
          <div className="thread-actions">
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Save
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
    </div>
  );
}
