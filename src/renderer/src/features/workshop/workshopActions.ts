import type { Input } from '../../../../shared/api/contract';
import type { CommentTarget } from '../../../../shared/review/schema';
import type { VoteChoice } from '../../../../shared/live/schema';
import { ApiError, call, errorMessage, isUnreachable } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useWorkshop } from '../../store/workshopStore';
import { dequeue, enqueue, flush, loadQueue, newOpId, queueKey, saveQueue, type QueuedOp, type SendOutcome } from './opQueue';

/**
 * What the people in a workshop do, as API calls. The facilitator's calls go straight to the
 * host; a participant's marks, votes, challenges and comments go through the offline queue
 * (kept in localStorage with op ids, replayed on reconnect), and show at once as their own choice.
 */

// ── Facilitator ─────────────────────────────────────────────────────────────────────────────

/** Opens the workshop on the process (`bind`: an address, or undefined for the machine's LAN one). */
export async function startWorkshop(processId: string, bind: string | undefined): Promise<void> {
  const info = await call('workshop:start', { processId, ...(bind ? { bind } : {}) });
  useWorkshop.getState().setInfo(info);
}

/** Reloads the open workshop (participants, online flags); clears it when none is open. */
export async function refreshWorkshopStatus(processId: string): Promise<void> {
  try {
    const { workshop } = await call('workshop:status', {});
    // A workshop on another process belongs to that process's editor.
    useWorkshop.getState().setInfo(workshop && workshop.processId === processId ? workshop : null);
  } catch {
    // An older host (or the desktop app without the workshop service) has no workshop.
  }
}

/** Ends the workshop; what was saved is shown once (`endedRecord`). */
export async function endWorkshop(): Promise<void> {
  const { record } = await call('workshop:end', {});
  const state = useWorkshop.getState();
  state.setLeading(false);
  state.setInfo(null);
  state.setEndedRecord(record);
}

export async function revokeParticipant(participantId: string): Promise<void> {
  await call('workshop:revoke', { participantId });
}

export async function revealResults(revealed: boolean): Promise<void> {
  const result = await call('workshop:reveal', { revealed });
  const info = useWorkshop.getState().info;
  if (info) useWorkshop.getState().setInfo({ ...info, resultsRevealed: result.resultsRevealed });
}

// ── Participant: the queue ───────────────────────────────────────────────────────────────────

let storageKey: string | null = null;
let flushing: Promise<void> | null = null;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Loads this participant's queue from a previous page load (then sends it when connected). */
export function openQueue(workshopId: string, participantId: string): void {
  storageKey = queueKey(workshopId, participantId);
  const store = storage();
  useWorkshop.getState().setQueue(store ? loadQueue(store, storageKey) : []);
}

function persist(queue: QueuedOp[]): void {
  useWorkshop.getState().setQueue(queue);
  const store = storage();
  if (store && storageKey) saveQueue(store, storageKey, queue);
}

async function send(op: QueuedOp): Promise<SendOutcome> {
  try {
    // The op's channel and input were checked against the contract when queued or loaded.
    await call(op.channel, op.input as never);
    return { kind: 'done' };
  } catch (error) {
    if (isUnreachable(error)) return { kind: 'retry' };
    if (error instanceof ApiError && error.code === 'rate-limited') return { kind: 'retry' };
    if (error instanceof ApiError && error.code === 'unauthorized') return { kind: 'unauthorized' };
    return { kind: 'refused', message: errorMessage(error) };
  }
}

/**
 * Sends what is queued, in order, one flush at a time. Called after each new action, when the
 * connection comes back, and on a timer while anything waits.
 */
export function flushQueue(): Promise<void> {
  if (flushing) return flushing;
  let stoppedBy: 'empty' | 'retry' | 'unauthorized' = 'empty';
  flushing = (async () => {
    const result = await flush(
      () => useWorkshop.getState().queue[0],
      send,
      (op) => persist(dequeue(useWorkshop.getState().queue, op.input.opId)),
    );
    stoppedBy = result.stoppedBy;
    for (const { op, message } of result.refused) useEditor.getState().notify(`Not recorded — ${op.label}: ${message}`, 'error');
    if (result.stoppedBy === 'unauthorized') useWorkshop.getState().setExit('session-ended');
  })().finally(() => {
    flushing = null;
    // An action taken after the loop saw an empty queue, but before this flush was over, was
    // handed this flush's promise: send it now rather than at the next retry.
    if (stoppedBy === 'empty' && useWorkshop.getState().queue.length > 0) void flushQueue();
  });
  return flushing;
}

function queueOp(op: QueuedOp): void {
  persist(enqueue(useWorkshop.getState().queue, op));
  void flushQueue();
}

function now(): string {
  return new Date().toISOString();
}

/** Loads the participant's own marks and votes (a reload, a second tab). */
export async function loadMyState(): Promise<void> {
  const state = await call('workshop:my-state', {});
  const marks: Record<string, { fills: boolean; reads: boolean }> = {};
  for (const mark of state.marks) marks[mark.fieldId] = { fills: mark.fills, reads: mark.reads };
  const votes: Record<string, VoteChoice> = {};
  for (const vote of state.votes) votes[vote.fieldId] = vote.choice;
  // What is still queued from before was chosen later than what the host holds.
  for (const op of useWorkshop.getState().queue) {
    if (op.channel === 'workshop:mark') {
      const current = marks[op.input.fieldId] ?? { fills: false, reads: false };
      marks[op.input.fieldId] = { fills: op.input.fills ?? current.fills, reads: op.input.reads ?? current.reads };
    } else if (op.channel === 'workshop:vote') {
      if (op.input.choice) votes[op.input.fieldId] = op.input.choice;
      else delete votes[op.input.fieldId];
    }
  }
  useWorkshop.getState().setMine({ marks, votes });
}

/** "I fill this" / "I read this": sets one flag on the field. */
export function markField(ref: { stageId: string; fieldId: string; label: string }, flag: 'fills' | 'reads', on: boolean): void {
  const mine = useWorkshop.getState().mine;
  const current = mine.marks[ref.fieldId] ?? { fills: false, reads: false };
  useWorkshop.getState().setMine({ ...mine, marks: { ...mine.marks, [ref.fieldId]: { ...current, [flag]: on } } });
  const input: Input<'workshop:mark'> = { stageId: ref.stageId, fieldId: ref.fieldId, [flag]: on, opId: newOpId() };
  const words = flag === 'fills' ? (on ? 'I fill' : 'I do not fill') : on ? 'I read' : 'I do not read';
  queueOp({ channel: 'workshop:mark', input, label: `${words} “${ref.label}”`, at: now() });
}

export const VOTE_LABEL: Record<VoteChoice, string> = { keep: 'Keep', drop: 'Drop', unsure: 'Not sure' };

/** Votes keep / drop / not sure on the field; the same choice again takes the vote back. */
export function voteField(ref: { stageId: string; fieldId: string; label: string }, choice: VoteChoice | null): void {
  const mine = useWorkshop.getState().mine;
  const votes = { ...mine.votes };
  if (choice) votes[ref.fieldId] = choice;
  else delete votes[ref.fieldId];
  useWorkshop.getState().setMine({ ...mine, votes });
  queueOp({
    channel: 'workshop:vote',
    input: { stageId: ref.stageId, fieldId: ref.fieldId, choice, opId: newOpId() },
    label: choice ? `${VOTE_LABEL[choice]} “${ref.label}”` : `Vote taken back on “${ref.label}”`,
    at: now(),
  });
}

/** Challenges the field live (recorded in the workshop and posted as a comment on the field). */
export function challengeField(ref: { stageId: string; fieldId: string; label: string }, question: string): void {
  queueOp({
    channel: 'workshop:challenge',
    input: { stageId: ref.stageId, fieldId: ref.fieldId, question, opId: newOpId() },
    label: `Challenge on “${ref.label}”`,
    at: now(),
  });
}

/** A comment from the room; attributed by the host to this participant. */
export function commentLive(target: CommentTarget, body: string, replyTo?: string): void {
  queueOp({
    channel: 'workshop:comment',
    input: { target, body, ...(replyTo ? { replyTo } : {}), opId: newOpId() },
    label: replyTo ? 'Reply' : 'Comment',
    at: now(),
  });
}
