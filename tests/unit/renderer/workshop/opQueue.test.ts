import { describe, expect, it } from 'vitest';
import {
  dequeue,
  enqueue,
  flush,
  loadQueue,
  newOpId,
  queueKey,
  saveQueue,
  type QueuedOp,
  type QueueStorage,
  type SendOutcome,
} from '../../../../src/renderer/src/features/workshop/opQueue';
import { OpIdSchema } from '../../../../src/shared/live/schema';

const at = '2026-11-27T12:00:00.000Z';
let seq = 0;
const id = (): string => `op-${String(++seq).padStart(8, '0')}`;

function vote(fieldId: string, choice: 'keep' | 'drop' | 'unsure' | null): QueuedOp {
  return { channel: 'workshop:vote', input: { stageId: 's-1', fieldId, choice, opId: id() }, label: `vote ${fieldId}`, at };
}
function mark(fieldId: string, flags: { fills?: boolean; reads?: boolean }): QueuedOp {
  return { channel: 'workshop:mark', input: { stageId: 's-1', fieldId, ...flags, opId: id() }, label: `mark ${fieldId}`, at };
}
function comment(body: string): QueuedOp {
  return { channel: 'workshop:comment', input: { target: { kind: 'process' }, body, opId: id() }, label: 'Comment', at };
}

function memoryStorage(): QueueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('the offline queue', () => {
  it('makes op ids the host accepts, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newOpId()));
    expect(ids.size).toBe(200);
    for (const opId of ids) expect(OpIdSchema.safeParse(opId).success).toBe(true);
  });

  it('keeps one pending vote per field: the last choice made offline is the one replayed', () => {
    let queue = enqueue([], vote('f-1', 'keep'));
    queue = enqueue(queue, vote('f-2', 'drop'));
    queue = enqueue(queue, vote('f-1', 'drop'));
    expect(queue.map((op) => (op.channel === 'workshop:vote' ? [op.input.fieldId, op.input.choice] : null))).toEqual([
      ['f-2', 'drop'],
      ['f-1', 'drop'],
    ]);
  });

  it('merges pending marks on a field so neither "I fill" nor "I read" is lost', () => {
    let queue = enqueue([], mark('f-1', { fills: true }));
    queue = enqueue(queue, mark('f-1', { reads: true }));
    expect(queue).toHaveLength(1);
    expect(queue[0]?.input).toMatchObject({ fieldId: 'f-1', fills: true, reads: true });
  });

  it('never merges comments: each is said once', () => {
    const queue = enqueue(enqueue([], comment('one')), comment('two'));
    expect(queue.map((op) => (op.channel === 'workshop:comment' ? op.input.body : ''))).toEqual(['one', 'two']);
  });

  it('sends in order and stops at the first op the host cannot take yet, keeping it and the rest', async () => {
    let queue = [comment('a'), comment('b'), comment('c')];
    const sent: string[] = [];
    const outcomes: SendOutcome[] = [{ kind: 'done' }, { kind: 'retry' }];
    const result = await flush(
      () => queue[0],
      async (op) => {
        sent.push(op.channel === 'workshop:comment' ? op.input.body : '');
        return outcomes.shift() ?? { kind: 'done' };
      },
      (op) => (queue = dequeue(queue, op.input.opId)),
    );
    expect(sent).toEqual(['a', 'b']);
    expect(result.stoppedBy).toBe('retry');
    expect(queue.map((op) => (op.channel === 'workshop:comment' ? op.input.body : ''))).toEqual(['b', 'c']);
  });

  it('drops an op the host refuses for good and reports it, then goes on', async () => {
    let queue = [comment('bad'), comment('good')];
    const result = await flush(
      () => queue[0],
      async (op) => (op.channel === 'workshop:comment' && op.input.body === 'bad' ? { kind: 'refused', message: 'too long' } : { kind: 'done' }),
      (op) => (queue = dequeue(queue, op.input.opId)),
    );
    expect(result.stoppedBy).toBe('empty');
    expect(result.refused.map((item) => item.message)).toEqual(['too long']);
    expect(queue).toEqual([]);
  });

  it('stops sending once the session is refused (revoked), keeping what is left', async () => {
    let queue = [comment('a')];
    const result = await flush(
      () => queue[0],
      async () => ({ kind: 'unauthorized' }),
      (op) => (queue = dequeue(queue, op.input.opId)),
    );
    expect(result.stoppedBy).toBe('unauthorized');
    expect(queue).toHaveLength(1);
  });

  it('sends actions taken while it was sending in the same flush', async () => {
    let queue: QueuedOp[] = [comment('first')];
    const sent: string[] = [];
    await flush(
      () => queue[0],
      async (op) => {
        const body = op.channel === 'workshop:comment' ? op.input.body : '';
        sent.push(body);
        if (body === 'first') queue = enqueue(queue, comment('during'));
        return { kind: 'done' };
      },
      (op) => (queue = dequeue(queue, op.input.opId)),
    );
    expect(sent).toEqual(['first', 'during']);
  });

  it('survives a reload through storage, per workshop and participant', () => {
    const storage = memoryStorage();
    const key = queueKey('w-1', 'p-1');
    const queue = [vote('f-1', 'keep'), comment('hello')];
    saveQueue(storage, key, queue);
    expect(loadQueue(storage, key)).toEqual(queue);
    expect(loadQueue(storage, queueKey('w-1', 'p-2'))).toEqual([]);
    saveQueue(storage, key, []);
    expect(storage.data.has(key)).toBe(false);
  });

  it('drops stored entries that do not match the contract instead of sending them', () => {
    const storage = memoryStorage();
    const key = queueKey('w-1', 'p-1');
    const good = comment('kept');
    storage.setItem(
      key,
      JSON.stringify([
        good,
        { channel: 'process:save', input: {}, label: 'x', at },
        { channel: 'workshop:vote', input: { stageId: 's', fieldId: 'f', choice: 'maybe', opId: 'abcdefgh' }, label: 'x', at },
      ]),
    );
    expect(loadQueue(storage, key)).toEqual([good]);
    storage.setItem(key, '{not json');
    expect(loadQueue(storage, key)).toEqual([]);
  });
});
