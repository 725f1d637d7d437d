import type { CommentTarget } from '../../../../shared/review/schema';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { requireIdentity } from '../../store/identityStore';
import { useReview } from '../../store/reviewStore';
import { useWorkshop } from '../../store/workshopStore';
import { commentLive } from '../workshop/workshopActions';

const WHY = 'Comments are signed with the name and department of whoever writes them.';

function processId(): string | null {
  return useReview.getState().processId;
}

async function run(action: (author: { name: string; departmentId: string }, processId: string) => Promise<unknown>): Promise<boolean> {
  const id = processId();
  const author = await requireIdentity(WHY);
  if (!author || !id) return false;
  try {
    await action({ name: author.name.trim(), departmentId: author.departmentId }, id);
    await useReview.getState().refreshComments();
    return true;
  } catch (error) {
    useEditor.getState().notify(errorMessage(error), 'error');
    return false;
  }
}

/**
 * Starts a thread on `target`, or replies to `replyTo`; answers to a challenge name it. A workshop
 * participant comments through the room's queue (attributed by the host, sent once, kept while
 * offline); it shows when the host has it.
 */
export function addComment(target: CommentTarget, body: string, extra: { replyTo?: string; challengeId?: string } = {}): Promise<boolean> {
  if (useWorkshop.getState().role === 'participant') {
    commentLive(target, body, extra.replyTo);
    return Promise.resolve(true);
  }
  return run((author, id) => call('comment:add', { processId: id, target, body, author, ...extra }));
}

/** Changes the text of one's own comment. */
export function editComment(commentId: string, body: string): Promise<boolean> {
  return run((author, id) => call('comment:edit', { processId: id, commentId, body, author }));
}

/** Resolves or reopens a thread (by its root comment). */
export function setThreadResolved(commentId: string, resolved: boolean): Promise<boolean> {
  return run((author, id) => call(resolved ? 'comment:resolve' : 'comment:reopen', { processId: id, commentId, author }));
}
