import { describe, expect, it } from 'vitest';
import { shownText } from '../../../src/renderer/src/features/inspector/useValidatedEdit';

describe('the text an inspector input shows', () => {
  it('shows the document value when nothing was typed', () => {
    expect(shownText(undefined, 45)).toBe('45');
    expect(shownText(undefined, undefined)).toBe('');
  });

  it('keeps invalid text so the user can correct it', () => {
    expect(shownText({ raw: '-5', committed: false }, 45)).toBe('-5');
  });

  it('keeps the typed text while the document holds what it was committed as ("1." while typing 1.5)', () => {
    expect(shownText({ raw: '1.', committed: true, value: 1 }, 1)).toBe('1.');
    expect(shownText({ raw: 'Closed ', committed: true, value: 'Closed ' }, 'Closed')).toBe('Closed ');
  });

  it('after undo shows the undone document value, not the text typed before', () => {
    expect(shownText({ raw: 'Budget owner', committed: true, value: 'Budget owner' }, 'New field')).toBe('New field');
  });
});
