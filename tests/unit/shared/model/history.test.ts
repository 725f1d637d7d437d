import { describe, it, expect } from 'vitest';
import {
  canRedo,
  canUndo,
  createHistory,
  record,
  redo,
  redoMeta,
  reset,
  undo,
  undoMeta,
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

  it('carries what the caller said about each edit through undo and redo', () => {
    let history = createHistory<string, string>('a');
    history = record(history, 'b', 'Add stage');
    expect(undoMeta(history)).toBe('Add stage');
    history = undo(history);
    expect(redoMeta(history)).toBe('Add stage');
    expect(undoMeta(redo(history))).toBe('Add stage');
  });

  it('reset replaces the present without anything to undo, keeping the limit', () => {
    const history = reset(record(createHistory('a', 7), 'b'), 'loaded');
    expect(history.present).toBe('loaded');
    expect(canUndo(history)).toBe(false);
    expect(history.limit).toBe(7);
  });
});
