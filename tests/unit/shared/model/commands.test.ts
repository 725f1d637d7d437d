import { describe, it, expect } from 'vitest';
import {
  addDepartment,
  addField,
  addStage,
  applyLayout,
  CommandError,
  connect,
  deleteDepartment,
  deleteField,
  deleteStage,
  departmentUsage,
  disconnect,
  duplicateField,
  emptyProcess,
  locateField,
  moveField,
  newField,
  newStage,
  pasteIdsNeeded,
  pasteStages,
  renameStage,
  reorderField,
  setProbability,
  spreadRemainingProbability,
  updateDepartment,
  updateDetails,
  updateField,
  updateScenario,
  updateStage,
  updateTransition,
} from '../../../../src/shared/model/commands';
import { parseProcess } from '../../../../src/shared/model/problems';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process } from '../../../../src/shared/model/schema';
import { validateProcess } from '../../../../src/shared/model/validate';
import { deepFreeze } from '../../helpers/deepFreeze';
import { NOW, smallProcess } from '../../helpers/processes';

function frozenSample(): Process {
  return deepFreeze(createSampleProcess(NOW));
}

function frozenSmall(): Process {
  return deepFreeze(smallProcess());
}

function expectParses(doc: Process): void {
  const result = parseProcess(JSON.parse(JSON.stringify(doc)));
  expect(result.ok ? [] : result.problems).toEqual([]);
}

function exitsOf(doc: Process, stageId: string): number[] {
  return doc.transitions.filter((t) => t.from === stageId).map((t) => t.probability);
}

function refused(run: () => unknown, code: CommandError['code']): CommandError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe(code);
    return error as CommandError;
  }
  throw new Error('expected the command to be refused');
}

describe('factories', () => {
  it('emptyProcess starts with New lead, Won and Lost and no problems', () => {
    const doc = emptyProcess({ id: 'p', name: 'Pipeline', now: NOW });
    expect(doc.stages.map((stage) => [stage.name, stage.kind])).toEqual([
      ['New lead', 'start'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ]);
    expect(doc.revision).toBe(0);
    expect(doc.schemaVersion).toBe(3);
    expectParses(doc);
    expect(validateProcess(doc)).toEqual([]);
  });

  it('newField defaults to an optional, proposed, once-per-deal field of 30 s nobody has justified', () => {
    expect(newField('x')).toMatchObject({
      id: 'x',
      requirement: 'optional',
      status: 'proposed',
      valueToSales: 'none',
      entries: 'once-per-deal',
      secondsToComplete: 30,
      justification: '',
      consumers: [],
    });
  });

  it('newStage gives terminal stages 0 expected days', () => {
    expect(newStage({ id: 'w', name: 'Won', kind: 'won', position: { x: 0, y: 0 } }).expectedDays).toBe(0);
    expect(newStage({ id: 's', name: 'S', position: { x: 0, y: 0 } }).kind).toBe('stage');
  });
});

describe('stage commands', () => {
  it('addStage appends a stage without touching the input', () => {
    const doc = frozenSample();
    const next = addStage(doc, { id: 'legal', name: 'Legal review', position: { x: 10, y: 20 } });
    expect(next.stages.at(-1)).toMatchObject({ id: 'legal', kind: 'stage', fields: [] });
    expect(next.stages.slice(0, -1)).toEqual(doc.stages);
    expect(next.stages[0]).toBe(doc.stages[0]);
    expectParses(next);
  });

  it('addStage refuses a taken id', () => {
    refused(() => addStage(frozenSample(), { id: 'lead', name: 'Again', position: { x: 0, y: 0 } }), 'duplicate-id');
  });

  it('renameStage trims the name and refuses an empty one', () => {
    const doc = frozenSample();
    expect(renameStage(doc, 'proposal', '  Quote  ').stages[3]!.name).toBe('Quote');
    expect(refused(() => renameStage(doc, 'proposal', '   '), 'invalid').message).toContain('must not be empty');
  });

  it('updateStage changes kind, days and budget, and clears a budget set to undefined', () => {
    const doc = frozenSample();
    const next = updateStage(doc, 'discovery', { expectedDays: 20, adminBudgetMinutes: undefined, description: 'New' });
    expect(next.stages[2]).toMatchObject({ expectedDays: 20, description: 'New' });
    expect('adminBudgetMinutes' in next.stages[2]!).toBe(false);
    refused(() => updateStage(doc, 'discovery', { expectedDays: -1 }), 'invalid');
  });

  it('deleteStage removes its fields and every transition touching it', () => {
    const doc = frozenSample();
    const next = deleteStage(doc, 'proposal');
    expect(next.stages.map((stage) => stage.id)).not.toContain('proposal');
    expect(locateField(next, 'p-quote-number')).toBeUndefined();
    expect(next.transitions.filter((t) => t.from === 'proposal' || t.to === 'proposal')).toEqual([]);
    expect(next.transitions).toHaveLength(doc.transitions.length - 4);
    expectParses(next);
  });

  it('refuses an unknown stage id with a readable message', () => {
    expect(refused(() => deleteStage(frozenSample(), 'nope'), 'not-found').message).toBe('There is no stage with id "nope"');
  });
});

describe('transition commands', () => {
  it('connect adds a transition that by default takes what is left of 100%', () => {
    let doc = frozenSmall();
    doc = deepFreeze(setProbability(doc, 'work-won', 0.3));
    const next = connect(doc, { id: 't-new', from: 'work', to: 'work' });
    expect(next.transitions.at(-1)).toMatchObject({ from: 'work', to: 'work', probability: 0.2, label: '' });
    expect(exitsOf(next, 'work').reduce((a, b) => a + b)).toBeCloseTo(1, 9);
  });

  it('connect refuses a second arrow between the same two stages', () => {
    const error = refused(() => connect(frozenSmall(), { id: 'again', from: 'work', to: 'won' }), 'refused');
    expect(error.message).toContain('already connected');
  });

  it('connect refuses an exit from a won stage and an unknown stage', () => {
    refused(() => connect(frozenSmall(), { id: 'x', from: 'won', to: 'work' }), 'refused');
    refused(() => connect(frozenSmall(), { id: 'x', from: 'work', to: 'ghost' }), 'not-found');
  });

  it('setProbability and updateTransition change one transition and check the range', () => {
    const doc = frozenSmall();
    const next = updateTransition(setProbability(doc, 'work-won', 0.4), 'work-won', { label: 'signed' });
    expect(next.transitions.find((t) => t.id === 'work-won')).toMatchObject({ probability: 0.4, label: 'signed' });
    expect(refused(() => setProbability(doc, 'work-won', 1.2), 'invalid').message).toContain('must be ≤ 1');
  });

  it('disconnect removes one transition', () => {
    const doc = frozenSmall();
    const next = disconnect(doc, 'work-won');
    expect(next.transitions.map((t) => t.id)).not.toContain('work-won');
    expect(next.transitions).toHaveLength(doc.transitions.length - 1);
  });
});

describe('spreadRemainingProbability', () => {
  it('gives the missing share to the exits still at 0%', () => {
    let doc = smallProcess();
    doc = setProbability(doc, 'work-won', 0.4);
    doc = setProbability(doc, 'work-lost', 0);
    doc = connect(doc, { id: 'loop', from: 'work', to: 'work', probability: 0 });
    const next = spreadRemainingProbability(deepFreeze(doc), 'work');
    expect(exitsOf(next, 'work')).toEqual([0.4, 0.3, 0.3]);
  });

  it('spreads the missing share over all exits when none is at 0%', () => {
    let doc = smallProcess();
    doc = setProbability(setProbability(doc, 'work-won', 0.2), 'work-lost', 0.5);
    const exits = exitsOf(spreadRemainingProbability(deepFreeze(doc), 'work'), 'work');
    expect(exits[0]).toBeCloseTo(0.35, 9);
    expect(exits[1]).toBeCloseTo(0.65, 9);
    expect(Math.abs(exits.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-12);
  });

  it('scales exits above 100% down proportionally', () => {
    const doc = setProbability(setProbability(smallProcess(), 'work-won', 0.9), 'work-lost', 0.6);
    const exits = exitsOf(spreadRemainingProbability(deepFreeze(doc), 'work'), 'work');
    expect(exits[0]).toBeCloseTo(0.6, 9);
    expect(exits[1]).toBeCloseTo(0.4, 9);
  });

  it('rounds thirds to 0.01% and lets the last exit take the remainder', () => {
    let doc = smallProcess();
    doc = setProbability(setProbability(doc, 'work-won', 0), 'work-lost', 0);
    doc = connect(doc, { id: 'loop', from: 'work', to: 'work', probability: 0 });
    const exits = exitsOf(spreadRemainingProbability(doc, 'work'), 'work');
    expect(exits).toEqual([0.3333, 0.3333, 0.3334]);
    expect(validateProcess(spreadRemainingProbability(doc, 'work'))).toEqual([]);
  });

  it('leaves a stage whose exits already sum to 100% alone and refuses one without exits', () => {
    const doc = frozenSmall();
    expect(spreadRemainingProbability(doc, 'work')).toBe(doc);
    refused(() => spreadRemainingProbability(doc, 'won'), 'refused');
  });
});

describe('field commands', () => {
  it('addField inserts a field and refuses an id used elsewhere in the process', () => {
    const doc = frozenSample();
    const next = addField(doc, 'lead', newField('lead-phone', { label: 'Phone', requestedBy: 'sales' }), 0);
    expect(next.stages[0]!.fields[0]!.id).toBe('lead-phone');
    refused(() => addField(doc, 'lead', newField('w-po-number')), 'duplicate-id');
  });

  it('addField refuses a department the process does not have', () => {
    const error = refused(() => addField(frozenSample(), 'lead', newField('x', { consumers: ['legal'] })), 'not-found');
    expect(error.message).toContain('legal');
  });

  it('updateField changes a field, clears optional values, and keeps the schema rules', () => {
    const doc = frozenSample();
    const next = updateField(doc, 'q-bant-score', { justification: 'Board asked', reviewBy: '2027-01-31', secondsMin: undefined });
    expect(locateField(next, 'q-bant-score')!.field).toMatchObject({ justification: 'Board asked', reviewBy: '2027-01-31' });
    expect('secondsMin' in locateField(next, 'q-bant-score')!.field).toBe(false);
    const error = refused(() => updateField(doc, 'q-bant-score', { secondsToComplete: 5 }), 'invalid');
    expect(error.message).toContain('secondsMin');
  });

  it('moveField moves a field to another stage at a position', () => {
    const doc = frozenSample();
    const next = moveField(doc, 'lead-industry', 'qualified', 1);
    expect(next.stages[0]!.fields.map((f) => f.id)).not.toContain('lead-industry');
    expect(next.stages[1]!.fields[1]!.id).toBe('lead-industry');
    expect(next.stages[1]!.fields).toHaveLength(doc.stages[1]!.fields.length + 1);
  });

  it('reorderField moves a field within its stage', () => {
    const doc = frozenSample();
    const ids = doc.stages[0]!.fields.map((f) => f.id);
    const next = reorderField(doc, 'lead', 0, 2);
    expect(next.stages[0]!.fields.map((f) => f.id)).toEqual([ids[1], ids[2], ids[0], ...ids.slice(3)]);
    refused(() => reorderField(doc, 'lead', 0, 99), 'invalid');
  });

  it('duplicateField places a proposed copy right after the original', () => {
    const doc = frozenSample();
    const next = duplicateField(doc, 'q-decision-maker', 'q-decision-maker-2');
    const copy = next.stages[1]!.fields[2]!;
    expect(copy).toMatchObject({ id: 'q-decision-maker-2', label: 'Decision maker identified (copy)', status: 'proposed' });
    expect(copy.consumers).not.toBe(doc.stages[1]!.fields[1]!.consumers);
  });

  it('deleteField removes only that field', () => {
    const doc = frozenSample();
    const next = deleteField(doc, 'p-fax-number');
    expect(locateField(next, 'p-fax-number')).toBeUndefined();
    expect(next.stages[3]!.fields).toHaveLength(doc.stages[3]!.fields.length - 1);
    expect(next.stages[0]).toBe(doc.stages[0]);
  });
});

describe('department commands', () => {
  it('adds, renames and recolors a department', () => {
    const doc = frozenSample();
    let next = addDepartment(doc, { id: 'legal', name: 'Legal', color: '#123456' });
    next = updateDepartment(next, 'legal', { name: 'Legal & Compliance', color: '#654321' });
    expect(next.departments.at(-1)).toEqual({ id: 'legal', name: 'Legal & Compliance', color: '#654321' });
    refused(() => addDepartment(doc, { id: 'finance', name: 'Finance', color: '#000000' }), 'duplicate-id');
    refused(() => updateDepartment(doc, 'finance', { color: 'red' }), 'invalid');
  });

  it('refuses to delete a department fields still refer to, saying how many', () => {
    const doc = frozenSample();
    expect(departmentUsage(doc, 'operations')).toEqual({ requested: 1, consumed: 3, kpis: 0 });
    const error = refused(() => deleteDepartment(doc, 'operations'), 'in-use');
    expect(error.message).toBe('Operations cannot be deleted: it requested 1 field, reads 3 fields. Reassign them first.');
  });

  it('deletes a department nobody refers to', () => {
    const doc = deepFreeze(addDepartment(createSampleProcess(NOW), { id: 'legal', name: 'Legal', color: '#123456' }));
    expect(deleteDepartment(doc, 'legal').departments.map((d) => d.id)).not.toContain('legal');
  });
});

describe('process-wide commands', () => {
  it('updateDetails and updateScenario change the document header and assumptions', () => {
    const doc = frozenSample();
    expect(updateDetails(doc, { name: ' Renamed ' }).name).toBe('Renamed');
    expect(updateScenario(doc, { reps: 40 }).scenario.reps).toBe(40);
    refused(() => updateScenario(doc, { reps: 0 }), 'invalid');
  });

  it('pasteStages copies stages, their fields and the transitions between them under new ids', () => {
    const doc = frozenSample();
    const stages = doc.stages.filter((stage) => stage.id === 'proposal' || stage.id === 'negotiation');
    const needed = pasteIdsNeeded(stages, doc.transitions);
    expect(needed.transitions.sort()).toEqual(['negotiation-proposal', 'proposal-negotiation']);
    const idMap = Object.fromEntries(
      [...needed.stages, ...needed.fields, ...needed.transitions].map((id) => [id, `${id}-copy`]),
    );
    const next = pasteStages(doc, stages, doc.transitions, idMap, { x: 40, y: 40 });
    expect(next.stages).toHaveLength(doc.stages.length + 2);
    const pasted = next.stages.find((stage) => stage.id === 'proposal-copy')!;
    expect(pasted.position).toEqual({ x: stages[0]!.position.x + 40, y: stages[0]!.position.y + 40 });
    expect(pasted.fields.map((f) => f.id)).toEqual(stages[0]!.fields.map((f) => `${f.id}-copy`));
    expect(next.transitions.slice(doc.transitions.length).map((t) => [t.from, t.to])).toEqual([
      ['proposal-copy', 'negotiation-copy'],
      ['negotiation-copy', 'proposal-copy'],
    ]);
    expectParses(next);
  });

  it('pasteStages turns a pasted start stage into a plain stage and refuses a missing id', () => {
    const doc = frozenSample();
    const lead = doc.stages.filter((stage) => stage.id === 'lead');
    const idMap = Object.fromEntries(pasteIdsNeeded(lead, []).fields.map((id) => [id, `${id}-2`]));
    const next = pasteStages(doc, lead, [], { ...idMap, lead: 'lead-2' }, { x: 0, y: 0 });
    expect(next.stages.at(-1)!.kind).toBe('stage');
    refused(() => pasteStages(doc, lead, [], { lead: 'lead-3' }, { x: 0, y: 0 }), 'invalid');
  });

  it('applyLayout moves many stages at once and ignores stages that are gone', () => {
    const doc = frozenSample();
    const next = applyLayout(doc, { lead: { x: 1, y: 2 }, qualified: { x: 3, y: 4 }, deleted: { x: 0, y: 0 } });
    expect(next.stages[0]!.position).toEqual({ x: 1, y: 2 });
    expect(next.stages[1]!.position).toEqual({ x: 3, y: 4 });
    expect(next.stages[2]).toBe(doc.stages[2]);
    expect(applyLayout(doc, {})).toBe(doc);
    refused(() => applyLayout(doc, { lead: { x: Number.NaN, y: 0 } }), 'invalid');
  });
});
