import { describe, expect, it } from 'vitest';
import { applySelectChanges } from '../../../src/renderer/src/features/canvas/selection';

const select = (id: string, selected: boolean) => ({ type: 'select' as const, id, selected });

describe('applying the user selection changes to the store selection', () => {
  it('a click on another stage replaces the selection', () => {
    expect(applySelectChanges(['a'], [select('a', false), select('b', true)])).toEqual(['b']);
  });

  it('Shift+click adds after the stages already selected, keeping their order', () => {
    expect(applySelectChanges(['c', 'a'], [select('b', true)])).toEqual(['c', 'a', 'b']);
  });

  it('a pane click clears everything', () => {
    expect(applySelectChanges(['a', 'b'], [select('a', false), select('b', false)])).toEqual([]);
  });

  it('returns the same array when nothing changes, so the store is not written', () => {
    const current = ['a'];
    expect(applySelectChanges(current, [select('a', true), select('b', false)])).toBe(current);
    expect(applySelectChanges(current, [])).toBe(current);
  });

  it('does not mutate the current selection', () => {
    const current = ['a'];
    applySelectChanges(current, [select('a', false), select('b', true)]);
    expect(current).toEqual(['a']);
  });
});
