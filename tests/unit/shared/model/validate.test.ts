import { describe, it, expect } from 'vitest';
import { validateProcess } from '../../../../src/shared/model/validate';
import { labelFingerprint, labelKey } from '../../../../src/shared/model/nearDuplicates';
import { formatPercent } from '../../../../src/shared/model/problems';
import { stringHash } from '../../../../src/shared/model/stringHash';
import { updateField, updateStage } from '../../../../src/shared/model/commands';
import type { Process } from '../../../../src/shared/model/schema';
import type { Problem } from '../../../../src/shared/model/problems';
import { deepFreeze } from '../../helpers/deepFreeze';
import { baseProcess, smallProcess } from '../../helpers/processes';

function codes(problems: Problem[]): string[] {
  return problems.map((problem) => problem.code);
}

function withCode(doc: Process, code: string, today?: string): Problem[] {
  return validateProcess(doc, today === undefined ? {} : { today }).filter((problem) => problem.code === code);
}

describe('validateProcess', () => {
  it('finds nothing wrong with the empty process or the small fixture', () => {
    expect(validateProcess(baseProcess())).toEqual([]);
    expect(validateProcess(smallProcess())).toEqual([]);
  });

  it('does not modify the document', () => {
    const doc = deepFreeze(smallProcess());
    expect(() => validateProcess(doc, { today: '2030-01-01' })).not.toThrow();
  });

  it('reports a duplicate stage id at the second stage', () => {
    const doc = smallProcess();
    const broken = { ...doc, stages: [...doc.stages, { ...doc.stages[3]!, name: 'Copy' }] };
    const [problem] = withCode(broken, 'duplicate-id');
    expect(problem).toMatchObject({ severity: 'error', path: 'stages[4].id', stageId: 'work' });
  });

  it('reports a field id used twice across different stages', () => {
    const doc = smallProcess();
    const field = doc.stages[3]!.fields[0]!;
    const stages = doc.stages.map((stage) => (stage.id === 'won' ? { ...stage, fields: [{ ...field }] } : stage));
    const problems = withCode({ ...doc, stages }, 'duplicate-id');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('stages[3].fields[0].id');
    expect(problems[0]!.message).toContain('Budget confirmed?');
  });

  it('tells apart field ids that share a hash, and still finds a repeat among them', () => {
    // "f-9927" and "f-466010" have the same 30-bit hash (`stringHash`), which sends the identity
    // rules to compare those ids as strings.
    expect(stringHash('f-9927')).toBe(stringHash('f-466010'));
    const doc = smallProcess();
    const field = doc.stages[3]!.fields[0]!;
    const fields = [{ ...field, id: 'f-9927' }, { ...field, id: 'f-466010', label: 'Copy' }, { ...field, id: 'f-9927', label: 'Again' }];
    const stages = doc.stages.map((stage) => (stage.id === 'new-lead' ? { ...stage, fields } : stage));
    const problems = withCode({ ...doc, stages }, 'duplicate-id');
    expect(problems.map((problem) => problem.path)).toEqual(['stages[0].fields[2].id']);
    expect(problems[0]!.message).toContain('also used by field “Budget confirmed?” on “New lead”');
  });

  it('reports duplicate transition and department ids', () => {
    const doc = smallProcess();
    const broken = {
      ...doc,
      transitions: [...doc.transitions, { ...doc.transitions[0]!, from: 'work', to: 'new-lead', probability: 0 }],
      departments: [...doc.departments, { ...doc.departments[0]! }],
    };
    expect(withCode(broken, 'duplicate-id').map((problem) => problem.path)).toEqual([
      `transitions[${doc.transitions.length}].id`,
      `departments[${doc.departments.length}].id`,
    ]);
  });

  it('tells apart transition ids that share a hash, and still finds a repeat among them', () => {
    expect(stringHash('f-9927')).toBe(stringHash('f-466010'));
    const doc = smallProcess();
    const extra = { from: 'work', to: 'new-lead', probability: 0, label: '' };
    const n = doc.transitions.length;
    const broken = {
      ...doc,
      transitions: [...doc.transitions, { ...extra, id: 'f-9927' }, { ...extra, id: 'f-466010' }, { ...extra, id: 'f-9927' }],
    };
    const problems = withCode(broken, 'duplicate-id');
    expect(problems.map((problem) => problem.path)).toEqual([`transitions[${n + 2}].id`]);
    expect(problems[0]).toMatchObject({ transitionId: 'f-9927', stageId: 'work' });
  });

  it('reports a transition to a stage that does not exist', () => {
    const doc = smallProcess();
    const broken = { ...doc, transitions: [...doc.transitions, { id: 'ghost', from: 'work', to: 'nowhere', probability: 0, label: '' }] };
    const [problem] = withCode(broken, 'dangling-reference');
    expect(problem).toMatchObject({ path: `transitions[${doc.transitions.length}].to`, transitionId: 'ghost' });
    expect(problem!.message).toContain('"nowhere"');
  });

  it('reports a field consumer and a KPI setter that are not departments', () => {
    let doc = smallProcess();
    const stages = doc.stages.map((stage) =>
      stage.id === 'work' ? { ...stage, fields: [{ ...stage.fields[0]!, consumers: ['sales', 'legal'] }] } : stage,
    );
    doc = { ...doc, stages, kpis: [{ id: 'k', kind: 'win-rate', target: 0.3, setBy: 'board', note: '' }] };
    expect(withCode(doc, 'dangling-reference').map((problem) => problem.path)).toEqual([
      'stages[3].fields[0].consumers[1]',
      'kpis[0].setBy',
    ]);
  });

  it('reports a missing start stage', () => {
    const doc = updateStage(smallProcess(), 'new-lead', { kind: 'stage' });
    expect(codes(validateProcess(doc))).toEqual(['no-start-stage']);
  });

  it('reports every start stage after the first', () => {
    const doc = updateStage(smallProcess(), 'work', { kind: 'start' });
    const problems = withCode(doc, 'multiple-start-stages');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ stageId: 'work', path: 'stages[3].kind' });
  });

  it('reports a stage that cannot be reached from the start', () => {
    const doc = smallProcess();
    const island = { ...doc.stages[3]!, id: 'island', name: 'Island', fields: [] };
    const broken = {
      ...doc,
      stages: [...doc.stages, island],
      transitions: [...doc.transitions, { id: 'island-lost', from: 'island', to: 'lost', probability: 1, label: '' }],
    };
    expect(validateProcess(broken)).toMatchObject([{ code: 'unreachable-stage', stageId: 'island', path: 'stages[4]' }]);
  });

  it('reports a working stage with no exit', () => {
    const doc = smallProcess();
    const broken = { ...doc, transitions: doc.transitions.filter((transition) => transition.from !== 'work') };
    expect(withCode(broken, 'no-exit')).toMatchObject([{ stageId: 'work', severity: 'error' }]);
  });

  it('reports exits that do not sum to 100%, as a percentage', () => {
    const doc = smallProcess();
    const broken = {
      ...doc,
      transitions: doc.transitions.map((t) => (t.id === 'work-won' ? { ...t, probability: 0.35 } : t)),
    };
    const [problem] = withCode(broken, 'probability-sum');
    expect(problem).toMatchObject({ stageId: 'work', path: 'stages[3]' });
    expect(problem!.message).toContain('outgoing probabilities sum to 85%, not 100%');
  });

  it('accepts exits that miss 100% by less than the tolerance', () => {
    const doc = smallProcess();
    const nearly = {
      ...doc,
      transitions: doc.transitions.map((t) => (t.id === 'work-won' ? { ...t, probability: 0.5 + 5e-7 } : t)),
    };
    expect(withCode(nearly, 'probability-sum')).toEqual([]);
  });

  it('reports a transition leaving a won stage', () => {
    const doc = smallProcess();
    const broken = { ...doc, transitions: [...doc.transitions, { id: 'zombie', from: 'won', to: 'work', probability: 1, label: '' }] };
    expect(withCode(broken, 'terminal-exit')).toMatchObject([{ transitionId: 'zombie', stageId: 'won' }]);
  });

  it('reports a self-loop that takes every deal as no way out', () => {
    const doc = smallProcess();
    const broken = {
      ...doc,
      transitions: [
        ...doc.transitions.map((t) => (t.from === 'work' ? { ...t, probability: 0 } : t)),
        { id: 'stuck', from: 'work', to: 'work', probability: 1, label: '' },
      ],
    };
    const [problem] = withCode(broken, 'no-way-out');
    expect(problem).toMatchObject({ severity: 'error', stageId: 'work' });
    expect(problem!.message).toMatch(/Deals that enter “Work” can never leave it/);
  });

  it('reports a cycle of stages with no path to a won or lost stage', () => {
    const doc = smallProcess();
    const broken = {
      ...doc,
      stages: [...doc.stages, { ...doc.stages[3]!, id: 'limbo', name: 'Limbo', fields: [] }],
      transitions: [
        ...doc.transitions.filter((t) => t.from !== 'work'),
        { id: 'a', from: 'work', to: 'limbo', probability: 1, label: '' },
        { id: 'b', from: 'limbo', to: 'work', probability: 1, label: '' },
      ],
    };
    expect(withCode(broken, 'no-way-out').map((problem) => problem.stageId)).toEqual(['work', 'limbo']);
  });

  it('reports a process without a won stage', () => {
    const doc = updateStage(smallProcess(), 'won', { kind: 'lost' });
    expect(codes(validateProcess(doc))).toEqual(['no-won-stage']);
  });

  it('warns about a mandatory field nobody has justified', () => {
    const doc = updateField(smallProcess(), 'f-1', { justification: '   ' });
    const [problem] = validateProcess(doc);
    expect(problem).toMatchObject({
      severity: 'warning',
      code: 'unjustified-field',
      path: 'stages[3].fields[0].justification',
      stageId: 'work',
      fieldId: 'f-1',
    });
    expect(problem!.message).toContain('Nobody has said why this field exists');
  });

  it('warns about a mandatory field nobody is recorded as using', () => {
    const doc = updateField(smallProcess(), 'f-1', { consumers: [], requirement: 'blocks-commission' });
    const [problem] = validateProcess(doc);
    expect(problem).toMatchObject({ code: 'unconsumed-field', path: 'stages[3].fields[0].consumers' });
    expect(problem!.message).toContain('Nobody is recorded as using this field');
  });

  it('does not ask optional or retired fields to justify themselves', () => {
    const optional = updateField(smallProcess(), 'f-1', { justification: '', consumers: [], requirement: 'optional' });
    const retired = updateField(smallProcess(), 'f-1', { justification: '', consumers: [], status: 'retired' });
    expect(validateProcess(optional)).toEqual([]);
    expect(validateProcess(retired)).toEqual([]);
  });

  it('warns about a review date before today, and only when today is given', () => {
    const doc = updateField(smallProcess(), 'f-1', { reviewBy: '2026-11-26' });
    expect(withCode(doc, 'review-overdue', '2026-11-27')).toMatchObject([{ path: 'stages[3].fields[0].reviewBy' }]);
    expect(withCode(doc, 'review-overdue', '2026-11-26')).toEqual([]);
    expect(withCode(doc, 'review-overdue')).toEqual([]);
  });

  it('warns when a stage takes more admin minutes per visit than its budget', () => {
    const doc = updateStage(updateField(smallProcess(), 'f-1', { secondsToComplete: 90 }), 'work', {
      adminBudgetMinutes: 1,
    });
    const [problem] = withCode(doc, 'over-budget');
    expect(problem).toMatchObject({ stageId: 'work', path: 'stages[3].adminBudgetMinutes' });
    expect(problem!.message).toContain('1.5 min');
  });

  it('warns about field labels that differ only in case and punctuation', () => {
    let doc = smallProcess();
    const copy = { ...doc.stages[3]!.fields[0]!, id: 'f-2', label: 'Budget Confirmed' };
    doc = { ...doc, stages: doc.stages.map((stage) => (stage.id === 'new-lead' ? { ...stage, fields: [copy] } : stage)) };
    const problems = withCode(doc, 'near-duplicate');
    expect(problems.map((problem) => problem.fieldId)).toEqual(['f-1']);
    expect(problems[0]!.message).toContain('“Budget Confirmed” on “New lead”');
  });

  it('reports a pair of near-duplicate fields once, not once per field', () => {
    let doc = smallProcess();
    const copy = { ...doc.stages[3]!.fields[0]!, id: 'f-2', label: 'Budget Confirmed' };
    doc = { ...doc, stages: doc.stages.map((stage) => (stage.id === 'new-lead' ? { ...stage, fields: [copy] } : stage)) };
    expect(withCode(doc, 'near-duplicate')).toHaveLength(1);
  });

  it('raises no warning for labels whose keys only share a fingerprint', () => {
    // "The the" keeps all its (filler) words: key "the the"; "Thes" folds to "the". Both keys have
    // the one word "the", so their fingerprints are equal while the keys differ.
    expect(labelFingerprint('The the')).toBe(labelFingerprint('Thes'));
    expect(labelKey('The the')).not.toBe(labelKey('Thes'));
    let doc = smallProcess();
    const first = { ...doc.stages[3]!.fields[0]!, id: 'f-2', label: 'The the' };
    const second = { ...doc.stages[3]!.fields[0]!, id: 'f-3', label: 'Thes' };
    const third = { ...doc.stages[3]!.fields[0]!, id: 'f-4', label: 'the' };
    doc = { ...doc, stages: doc.stages.map((stage) => (stage.id === 'new-lead' ? { ...stage, fields: [first, second, third] } : stage)) };
    const problems = withCode(doc, 'near-duplicate');
    expect(problems.map((problem) => problem.fieldId)).toEqual(['f-4']);
    expect(problems[0]!.message).toContain('looks like “Thes” on “New lead”:');
  });

  it('sorts errors before warnings', () => {
    const doc = updateField(updateStage(smallProcess(), 'won', { kind: 'lost' }), 'f-1', { justification: '' });
    expect(validateProcess(doc).map((problem) => problem.severity)).toEqual(['error', 'warning']);
  });
});

describe('labelKey', () => {
  it('ignores case, punctuation, word order, plurals and filler words', () => {
    expect(labelKey('Budget confirmed?')).toBe(labelKey('Budget Confirmed'));
    expect(labelKey('Original lead source')).toBe(labelKey('Lead source detail'));
    expect(labelKey('Competitors')).toBe(labelKey('competitor'));
  });

  it('keeps labels that ask for different things apart', () => {
    expect(labelKey('Loss reason')).not.toBe(labelKey('Win reason'));
    expect(labelKey('PO number')).not.toBe(labelKey('Quote number'));
  });
});

describe('problem helpers', () => {
  it('format shares as readable percentages', () => {
    expect(formatPercent(0.85)).toBe('85%');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(0.9999)).toBe('99.99%');
    expect(formatPercent(1)).toBe('100%');
  });
});
