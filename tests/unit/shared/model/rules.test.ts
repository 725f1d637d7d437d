import { describe, expect, it } from 'vitest';
import { connect, spreadRemainingProbability } from '../../../../src/shared/model/commands';
import { validateProcess } from '../../../../src/shared/model/validate';
import {
  isFlagged,
  isTerminal,
  isUnjustified,
  isUnread,
  openConcerns,
  probabilityPercent,
  roundProbability,
  shareFromPercent,
  sumsToOne,
} from '../../../../src/shared/model/rules';
import { field, makeProcess } from '../sim/fixtures';

describe('probability rounding and tolerance', () => {
  it('rounds shares to 0.01 % and reads typed percentages on the same step', () => {
    expect(roundProbability(1 / 3)).toBe(0.3333);
    expect(shareFromPercent(33.333)).toBe(0.3333);
    expect(probabilityPercent(0.33333)).toBe(33.33);
  });

  it('treats a sum within 1e-6 of 1 as 100 %', () => {
    expect(sumsToOne(1 - 5e-7)).toBe(true);
    expect(sumsToOne(1.0003)).toBe(false);
  });

  it('a new exit after "spread the rest" and a connect leaves exits at exactly 100 %', () => {
    let doc = makeProcess(
      [{ id: 'start', kind: 'start' }, { id: 'a' }, { id: 'b' }, { id: 'won', kind: 'won' }, { id: 'lost', kind: 'lost' }],
      [
        ['start', 'a', 0],
        ['start', 'b', 0],
        ['start', 'lost', 0],
        ['a', 'won', 1],
        ['b', 'won', 1],
      ],
    );
    doc = spreadRemainingProbability(doc, 'start');
    doc = { ...doc, transitions: doc.transitions.map((t) => (t.id === 't2' ? { ...t, probability: 0 } : t)) };
    doc = connect(doc, { id: 'new', from: 'start', to: 'won' });
    const sum = doc.transitions.filter((t) => t.from === 'start').reduce((s, t) => s + t.probability, 0);
    expect(sumsToOne(sum)).toBe(true);
    expect(validateProcess(doc).filter((p) => p.code === 'probability-sum')).toEqual([]);
  });
});

describe('review rules', () => {
  it('calls a required field with no why unjustified and one nobody reads unread; either is flagged', () => {
    const facts = { active: true, requirement: 'required' as const, justified: false, consumers: ['finance'] };
    expect(isUnjustified(facts)).toBe(true);
    expect(isUnread(facts)).toBe(false);
    expect(isFlagged(facts)).toBe(true);
    expect(isFlagged({ ...facts, requirement: 'optional' })).toBe(false);
    expect(isFlagged({ ...facts, active: false })).toBe(false);
  });

  it('counts open concerns as flagged fields plus what the review feature reports', () => {
    const flagged = field('f', { requirement: 'required', justification: '', consumers: [] });
    expect(openConcerns(flagged)).toBe(1);
    expect(openConcerns(flagged, () => 2)).toBe(3);
    expect(openConcerns(field('g', { requirement: 'required', justification: 'why', consumers: ['sales'] }))).toBe(0);
  });

  it('knows won and lost stages are terminal', () => {
    expect([isTerminal({ kind: 'won' }), isTerminal({ kind: 'lost' }), isTerminal({ kind: 'stage' }), isTerminal({ kind: 'start' })]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
