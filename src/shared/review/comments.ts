import type { Author } from '../model/schema';
import type { Comment, CommentTarget } from './schema';

/** Two authors are the same person: same name (case-insensitive, trimmed) and department. */
export function sameAuthor(a: Author, b: Author): boolean {
  return a.departmentId === b.departmentId && a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/** Stable key of a comment target, e.g. `field:discovery/budget`; counts and filters group on it. */
export function targetKey(target: CommentTarget): string {
  switch (target.kind) {
    case 'process':
      return 'process';
    case 'stage':
      return `stage:${target.stageId}`;
    case 'transition':
      return `transition:${target.transitionId}`;
    case 'field':
      return `field:${target.stageId}/${target.fieldId}`;
  }
}

/** A thread: its root comment and the replies, oldest first. */
export interface Thread {
  root: Comment;
  replies: Comment[];
  /** True unless the root is resolved. */
  open: boolean;
}

/** Groups comments into threads, oldest thread first. Replies to an unknown root become roots. */
export function threadsOf(comments: readonly Comment[]): Thread[] {
  const roots = new Map<string, Thread>();
  const orphans: Comment[] = [];
  for (const c of comments) if (c.replyTo === undefined) roots.set(c.id, { root: c, replies: [], open: c.resolved === undefined });
  for (const c of comments) {
    if (c.replyTo === undefined) continue;
    const thread = roots.get(c.replyTo);
    if (thread) thread.replies.push(c);
    else orphans.push(c);
  }
  const out = [...roots.values(), ...orphans.map((c) => ({ root: c, replies: [], open: c.resolved === undefined }))];
  for (const t of out) t.replies.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return out.sort((a, b) => a.root.createdAt.localeCompare(b.root.createdAt));
}

/** Open and total thread counts per target key (badges on stage cards and register rows). */
export function commentCounts(comments: readonly Comment[]): Map<string, { open: number; total: number }> {
  const out = new Map<string, { open: number; total: number }>();
  for (const t of threadsOf(comments)) {
    const key = targetKey(t.root.target);
    const c = out.get(key) ?? { open: 0, total: 0 };
    c.total++;
    if (t.open) c.open++;
    out.set(key, c);
  }
  return out;
}

/** A refused comment operation, with why. */
export class CommentRuleError extends Error {
  override readonly name = 'CommentRuleError';
}

/** Edits a comment's body; only its author may. Pure: returns the new list. */
export function editComment(comments: readonly Comment[], id: string, body: string, by: Author, at: string): Comment[] {
  const found = comments.find((c) => c.id === id);
  if (!found) throw new CommentRuleError(`There is no comment ${id}.`);
  if (!sameAuthor(found.author, by)) {
    throw new CommentRuleError(`Only ${found.author.name} can edit this comment; you can reply to it instead.`);
  }
  return comments.map((c) => (c.id === id ? { ...c, body: body.trim(), editedAt: at } : c));
}

/** Resolves (`resolved = true`) or reopens a thread by its root id. Pure. */
export function setResolved(comments: readonly Comment[], id: string, resolved: boolean, by: Author, at: string): Comment[] {
  const found = comments.find((c) => c.id === id);
  if (!found) throw new CommentRuleError(`There is no comment ${id}.`);
  if (found.replyTo !== undefined) throw new CommentRuleError('Only a thread (its first comment) can be resolved or reopened.');
  if (resolved && found.resolved) throw new CommentRuleError('The thread is already resolved.');
  if (!resolved && !found.resolved) throw new CommentRuleError('The thread is already open.');
  return comments.map((c) => {
    if (c.id !== id) return c;
    if (resolved) return { ...c, resolved: { by: { ...by }, at } };
    const { resolved: _gone, ...rest } = c;
    return rest;
  });
}
