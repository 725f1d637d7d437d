import { describe, it, expect } from 'vitest';
import {
  capture,
  COALESCE_MS,
  canRedo,
  canUndo,
  createHistory,
  record,
  redo,
  undo,
} from '../../../../src/shared/model/history';
import { deepFreeze } from '../../helpers/deepFreeze';

describe('history', () => {
  it('starts with nothing to undo or redo', () => {
    const history = createHistory('a');
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    expect(canRedo(history)).toBe(false);
  });

  it('records an edit that can be undone', () => {
    const history = record(createHistory('a'), 'b');
    expect(history.present).toBe('b');
    expect(canUndo(history)).toBe(true);
    expect(undo(history).present).toBe('a');
  });

  it('redoes what was undone', () => {
    const history = undo(record(record(createHistory('a'), 'b'), 'c'));
    expect(history.present).toBe('b');
    expect(canRedo(history)).toBe(true);
    expect(redo(history).present).toBe('c');
    expect(canRedo(redo(history))).toBe(false);
  });

  it('clears the redo stack when a new edit is recorded', () => {
    const history = record(undo(record(createHistory('a'), 'b')), 'x');
    expect(history.present).toBe('x');
    expect(canRedo(history)).toBe(false);
    expect(undo(history).present).toBe('a');
  });

  it('drops the oldest steps beyond the limit', () => {
    let history = createHistory(0, 3);
    for (let n = 1; n <= 5; n++) history = record(history, n);
    expect(history.past.map((entry) => entry.state)).toEqual([2, 3, 4]);
    history = undo(undo(undo(history)));
    expect(history.present).toBe(2);
    expect(canUndo(history)).toBe(false);
  });

  it('returns the same history when there is nothing to do', () => {
    const history = createHistory('a');
    expect(undo(history)).toBe(history);
    expect(redo(history)).toBe(history);
    expect(record(history, 'a')).toBe(history);
  });

  it('never changes the history it is given', () => {
    const history = deepFreeze(record(record(createHistory({ n: 1 }), { n: 2 }), { n: 3 }));
    const undone = deepFreeze(undo(history));
    expect(() => record(undone, { n: 9 })).not.toThrow();
    expect(() => redo(undone)).not.toThrow();
    expect(history.present).toEqual({ n: 3 });
  });
});

describe('capture', () => {
  it('records a change as its own undo step', () => {
    const history = capture(createHistory('a'), 'b', 'record', 0);
    expect(history.present).toBe('b');
    expect(undo(history).present).toBe('a');
  });

  it('ignores a change for undo: it becomes the present without a step', () => {
    const history = capture(createHistory('a'), 'b', 'ignore', 0);
    expect(history.present).toBe('b');
    expect(canUndo(history)).toBe(false);
  });

  it('coalesces changes of one key made within the window into one undo step', () => {
    let history = createHistory('');
    history = capture(history, 'B', { coalesce: 'name' }, 1000);
    history = capture(history, 'Bu', { coalesce: 'name' }, 1000 + COALESCE_MS - 1);
    history = capture(history, 'Bud', { coalesce: 'name' }, 1000 + 2 * COALESCE_MS - 2);
    expect(history.past).toHaveLength(1);
    expect(undo(history).present).toBe('');
  });

  it('starts a new step after the window, for another key, or after undo', () => {
    let late = capture(createHistory(''), 'B', { coalesce: 'name' }, 0);
    late = capture(late, 'Bu', { coalesce: 'name' }, COALESCE_MS);
    expect(late.past).toHaveLength(2);

    let other = capture(createHistory(''), 'B', { coalesce: 'name' }, 0);
    other = capture(other, 'B2', { coalesce: 'note' }, 10);
    expect(other.past).toHaveLength(2);

    let undone = capture(createHistory(''), 'B', { coalesce: 'name' }, 0);
    undone = undo(undone);
    undone = capture(undone, 'C', { coalesce: 'name' }, 10);
    expect(undone.past).toHaveLength(1);
    expect(undo(undone).present).toBe('');
  });

  it('does not join a change stamped earlier than the last (a clock that went back)', () => {
    let history = capture(createHistory(''), 'B', { coalesce: 'name' }, 5000);
    history = capture(history, 'Bu', { coalesce: 'name' }, 4000);
    expect(history.past).toHaveLength(2);
  });

  it('a recorded change ends coalescing', () => {
    let history = capture(createHistory(''), 'B', { coalesce: 'name' }, 0);
    history = capture(history, 'X', 'record', 1);
    history = capture(history, 'XB', { coalesce: 'name' }, 2);
    expect(history.past).toHaveLength(3);
  });

  it('returns the same history when nothing changed', () => {
    const history = createHistory('a');
    expect(capture(history, 'a', 'record', 0)).toBe(history);
  });
});
