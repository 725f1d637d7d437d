import { describe, expect, it } from 'vitest';
import { addField, addStage, connect, emptyProcess, newField, setProbability } from '../../../src/shared/model/commands';
import { createSampleProcess } from '../../../src/shared/model/sample';
import type { Process } from '../../../src/shared/model/schema';
import type { FieldRow } from '../../../src/shared/sim/rollup';
import {
  applyWhatIf,
  computeBurdenPair,
  computeBurdenView,
  describeOverrides,
  fieldsForShare,
  formatDelta,
  headlineSentence,
  histogramBars,
  kpiInputToTarget,
  kpiTargetToInput,
  paretoBars,
  parseSeed,
  percent,
  problemSentence,
  pruneOverrides,
  setOverride,
  stageHeat,
  whatIfGroups,
} from '../../../src/renderer/src/features/burden/burdenModel';

/** Freezes a value deeply so any mutation throws (ES modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return Object.freeze(value);
}

/** New lead → Work (one required, justified field `f-1`, 30 s) → Won / Lost. */
function smallProcess(): Process {
  let doc = emptyProcess({ id: 'test', name: 'Test', now: '2026-11-27T09:00:00.000Z' });
  doc = { ...doc, transitions: doc.transitions.filter((t) => t.id !== 'new-lead-won') };
  doc = addStage(doc, { id: 'work', name: 'Work', position: { x: 160, y: 0 } });
  doc = connect(doc, { id: 'lead-work', from: 'new-lead', to: 'work', probability: 0.25 });
  doc = connect(doc, { id: 'work-won', from: 'work', to: 'won', probability: 0.5 });
  doc = connect(doc, { id: 'work-lost', from: 'work', to: 'lost', probability: 0.5 });
  return addField(doc, 'work', newField('f-1', { requirement: 'required', consumers: ['sales'], justification: 'Needed.' }));
}

const sample = (): Process => deepFreeze(createSampleProcess('2026-11-27T09:00:00.000Z'));

function row(fieldId: string, seconds: number, unjustified = false): FieldRow {
  return {
    key: `s/${fieldId}`,
    label: fieldId,
    secondsPerOpportunity: seconds,
    minutesPerRepMonth: seconds / 6,
    share: 0,
    stageId: 's',
    fieldId,
    requirement: 'required',
    unjustified,
  };
}

describe('computeBurdenView', () => {
  it('gives finite, positive headline figures for the sample', () => {
    const view = computeBurdenView(sample());
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    for (const value of Object.values(view.rollup.headline)) expect(Number.isFinite(value)).toBe(true);
    expect(view.rollup.headline.minutesPerOpportunity).toBeGreaterThan(0);
  });

  it('refuses an invalid process with the located problem instead of figures', () => {
    const doc = sample();
    const exit = doc.transitions.find((t) => t.from === 'negotiation')!;
    const broken = setProbability(doc, exit.id, Math.max(0, exit.probability - 0.15));
    const view = computeBurdenView(broken);
    expect(view.ok).toBe(false);
    if (view.ok) return;
    const sentence = problemSentence(view.problems[0]!, broken);
    expect(sentence).toMatch(/^Negotiation — outgoing probabilities sum to [\d.]+%, not 100%$/);
  });

  it("computes a document's own figures once, and again after an edit", () => {
    const doc = sample();
    const first = computeBurdenView(doc);
    expect(computeBurdenView(doc)).toBe(first);
    const exit = doc.transitions.find((t) => t.from === 'lead')!;
    const changed = setProbability(doc, exit.id, exit.probability - 0.1);
    expect(computeBurdenView(changed)).not.toBe(first);
  });
});

describe('computeBurdenPair', () => {
  it('has no comparison without overrides', () => {
    expect(computeBurdenPair(sample(), {}).comparison).toBeNull();
  });

  it('shows a negative minutes-per-deal delta when a field is switched off', () => {
    const pair = computeBurdenPair(sample(), { 'lead-source-detail': { enabled: false } });
    expect(pair.comparison!.minutesPerOpportunity.delta).toBeLessThan(0);
  });
});

describe('headlineSentence', () => {
  it('answers the reps in hours, share of time and unjustified share', () => {
    const view = computeBurdenView(sample());
    if (!view.ok) throw new Error('sample should compute');
    const text = headlineSentence(view.rollup.headline);
    expect(text).toMatch(/^Each rep spends [\d.]+ h a month filling these forms — [\d.]+% of their working time; \d+% of it on fields nobody has justified or reads\.$/);
  });

  it('never prints NaN', () => {
    const text = headlineSentence({ hoursPerRepPerMonth: Number.NaN, shareOfWorkingTime: Number.NaN, unjustifiedShare: Number.NaN } as never);
    expect(text).not.toContain('NaN');
  });
});

describe('paretoBars', () => {
  it('sorts heaviest first, drops free fields and ends the cumulative line at 100%', () => {
    const bars = paretoBars([row('a', 10), row('b', 30), row('c', 0), row('d', 60)]);
    expect(bars.map((b) => b.fieldId)).toEqual(['d', 'b', 'a']);
    expect(bars[0]!.cumulativePercent).toBeCloseTo(60);
    expect(bars[2]!.cumulativePercent).toBeCloseTo(100);
  });

  it('keeps the cumulative share of all fields when cut to the top n', () => {
    const bars = paretoBars([row('a', 50), row('b', 50)], 1);
    expect(bars).toHaveLength(1);
    expect(bars[0]!.cumulativePercent).toBeCloseTo(50);
  });
});

describe('fieldsForShare', () => {
  it('counts the fewest fields that make the share', () => {
    expect(fieldsForShare([row('a', 10), row('b', 70), row('c', 20)], 0.8)).toBe(2);
    expect(fieldsForShare([], 0.8)).toBe(0);
  });
});

describe('setOverride', () => {
  it('drops values equal to the document and removes empty overrides', () => {
    const doc = smallProcess();
    const off = setOverride({}, doc, 'f-1', { enabled: false });
    expect(off).toEqual({ 'f-1': { enabled: false } });
    expect(setOverride(off, doc, 'f-1', { enabled: true })).toEqual({});
    expect(setOverride({}, doc, 'f-1', { secondsToComplete: 30 })).toEqual({});
  });

  it('does not mutate the overrides it is given', () => {
    const before = deepFreeze({ 'f-1': { enabled: false } });
    const after = setOverride(before, smallProcess(), 'f-1', { secondsToComplete: 10 });
    expect(after['f-1']).toEqual({ enabled: false, secondsToComplete: 10 });
  });
});

describe('pruneOverrides', () => {
  it('drops fields that no longer exist and keeps the object when nothing is dropped', () => {
    const doc = smallProcess();
    const live = { 'f-1': { enabled: false } };
    expect(pruneOverrides(live, doc)).toBe(live);
    expect(pruneOverrides({ ...live, gone: { enabled: false } }, doc)).toEqual(live);
  });
});

describe('applyWhatIf', () => {
  it('retires switched-off fields and sets seconds and requirement, leaving the input alone', () => {
    const doc = deepFreeze(smallProcess());
    const next = applyWhatIf(doc, { 'f-1': { enabled: false, secondsToComplete: 12, requirement: 'optional' } });
    const field = next.stages.flatMap((s) => s.fields).find((f) => f.id === 'f-1')!;
    expect(field).toMatchObject({ status: 'retired', secondsToComplete: 12, requirement: 'optional' });
    expect(doc.stages.flatMap((s) => s.fields).find((f) => f.id === 'f-1')!.status).not.toBe('retired');
  });

  it('scales the fastest and slowest times so the field stays valid', () => {
    const doc = sample();
    const field = doc.stages.flatMap((s) => s.fields).find((f) => f.secondsMin !== undefined && f.secondsMax !== undefined)!;
    const next = applyWhatIf(doc, { [field.id]: { secondsToComplete: field.secondsToComplete * 2 } });
    const changed = next.stages.flatMap((s) => s.fields).find((f) => f.id === field.id)!;
    expect(changed.secondsMin!).toBeLessThanOrEqual(changed.secondsToComplete);
    expect(changed.secondsMax!).toBeGreaterThanOrEqual(changed.secondsToComplete);
  });

  it('gives the same minutes per deal as the what-if it applies', () => {
    const overrides = { 'lead-source-detail': { enabled: false }, 'q-business-problem': { secondsToComplete: 20 } };
    const whatIf = computeBurdenView(sample(), overrides);
    const applied = computeBurdenView(applyWhatIf(sample(), overrides));
    if (!whatIf.ok || !applied.ok) throw new Error('should compute');
    expect(applied.rollup.headline.minutesPerOpportunity).toBeCloseTo(whatIf.rollup.headline.minutesPerOpportunity, 9);
  });
});

describe('whatIfGroups', () => {
  it('lists stages and fields biggest first and filters by label or stage', () => {
    const doc = sample();
    const view = computeBurdenView(doc);
    if (!view.ok) throw new Error('should compute');
    const groups = whatIfGroups(doc, view.rollup.fields);
    for (let i = 1; i < groups.length; i++) expect(groups[i - 1]!.minutesPerRepMonth).toBeGreaterThanOrEqual(groups[i]!.minutesPerRepMonth);
    const first = groups[0]!.fields;
    for (let i = 1; i < first.length; i++) expect(first[i - 1]!.minutesPerRepMonth).toBeGreaterThanOrEqual(first[i]!.minutesPerRepMonth);
    const found = whatIfGroups(doc, view.rollup.fields, 'lead source DETAIL');
    expect(found.flatMap((g) => g.fields.map((f) => f.fieldId))).toEqual(['lead-source-detail']);
  });
});

describe('formatting', () => {
  it('signs deltas and shows shares in points', () => {
    expect(formatDelta(-1.5, 'minutes', 'EUR')).toBe('−1.5 min');
    expect(formatDelta(0.041, 'share', 'EUR')).toBe('+4.1 pts');
    expect(formatDelta(0, 'hours', 'EUR')).toBe('no change');
    expect(formatDelta(Number.NaN, 'minutes', 'EUR')).toBe('no change');
  });

  it('shows percentages without NaN', () => {
    expect(percent(0.137)).toBe('14%');
    expect(percent(0.014)).toBe('1.4%');
    expect(percent(Number.NaN)).toBe('0%');
  });

  it('describes what-if changes in words', () => {
    expect(describeOverrides({ a: { enabled: false }, b: { secondsToComplete: 3, requirement: 'optional' } })).toBe(
      '1 field switched off, 1 new fill time, 1 requirement changed',
    );
  });
});

describe('KPI targets', () => {
  it('edits rates in percent and other kinds as they are stored', () => {
    expect(kpiTargetToInput('opportunity-conversion', 0.6)).toBe(60);
    expect(kpiInputToTarget('win-rate', 30)).toBeCloseTo(0.3);
    expect(kpiTargetToInput('pipeline-coverage', 3)).toBe(3);
    expect(kpiInputToTarget('sales-cycle-days', 45)).toBe(45);
  });
});

describe('Monte Carlo helpers', () => {
  it('turns histogram counts into shares of all opportunities', () => {
    const bars = histogramBars({ lo: 0, binWidth: 2, counts: [1, 3], above: 1 });
    expect(bars.map((b) => b.percent)).toEqual([20, 60]);
    expect(bars[1]!.mid).toBe(3);
    expect(histogramBars({ lo: 0, binWidth: 0, counts: [0], above: 0 })).toEqual([]);
  });

  it('accepts whole-number seeds only', () => {
    expect(parseSeed(' 42 ')).toEqual({ ok: true, seed: 42 });
    expect(parseSeed('1.5').ok).toBe(false);
    expect(parseSeed('99999999999').ok).toBe(false);
  });
});

describe('stageHeat', () => {
  it('uses expected minutes per opportunity for a valid process', () => {
    const heat = stageHeat(sample());
    expect(heat.source).toBe('per-opportunity');
    const lead = heat.minutes.get('lead')!;
    const negotiation = heat.minutes.get('negotiation')!;
    expect(lead).toBeGreaterThan(negotiation);
  });

  it('falls back to minutes per visit when the engine refuses', () => {
    const doc = sample();
    const exit = doc.transitions.find((t) => t.from === 'negotiation')!;
    const heat = stageHeat(setProbability(doc, exit.id, 0));
    expect(heat.source).toBe('per-visit');
    expect(heat.minutes.get('lead')).toBeGreaterThan(0);
  });
});

describe('problemSentence', () => {
  it('names the field and its stage from the ids when the message does not', () => {
    const doc = smallProcess();
    const sentence = problemSentence(
      { severity: 'error', code: 'unknown-department', path: 'stages[1].fields[0].requestedBy', message: 'Requested by department "x", which does not exist', stageId: 'work', fieldId: 'f-1' },
      doc,
    );
    const label = doc.stages.find((s) => s.id === 'work')!.fields[0]!.label;
    expect(sentence).toBe(`${label} on Work — Requested by department "x", which does not exist`);
  });

  it('names a transition by its two stages', () => {
    const sentence = problemSentence(
      { severity: 'warning', code: 'x', path: 'transitions[0]', message: 'something is off', transitionId: 'lead-work' },
      smallProcess(),
    );
    expect(sentence).toBe('New lead → Work — something is off');
  });

  it('does not name the subject twice when the message already quotes it', () => {
    const sentence = problemSentence(
      { severity: 'error', code: 'no-exit', path: 'stages[1]', message: '“Work” has no exit: connect it', stageId: 'work' },
      smallProcess(),
    );
    expect(sentence).toBe('“Work” has no exit: connect it');
  });

  it('falls back to the path when no id points into the document', () => {
    expect(problemSentence({ severity: 'error', code: 'schema', path: 'scenario.reps', message: 'must be positive' }, smallProcess())).toBe(
      'scenario.reps — must be positive',
    );
  });
});
