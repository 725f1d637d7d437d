import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as commands from '../../../../src/shared/model/commands';
import { CommandError } from '../../../../src/shared/model/commands';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process } from '../../../../src/shared/model/schema';
import { validateProcess } from '../../../../src/shared/model/validate';
import { compileProcess } from '../../../../src/shared/sim/compile';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { corpusCase } from './validationCorpus';

/**
 * Validation, compilation and the expected-value engine remember their per-stage work for stage
 * objects an edit leaves alone. Whatever the edits, the answer must be exactly what a fresh copy
 * of the document (nothing remembered) gives.
 */
type Edit = { kind: string; a: number; b: number; x: number };

const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('label', 'justify', 'unjustify', 'retire', 'require', 'seconds', 'no-fill-rate', 'rename-stage', 'kind', 'days', 'budget', 'probability', 'loop', 'fill-rate', 'fill-rate', 'delete-field', 'reorder', 'move-field', 'delete-stage', 'add-stage', 'add-missing-stage', 'add-department', 'delete-department'),
  a: fc.nat(10_000),
  b: fc.nat(10_000),
  x: fc.integer({ min: 0, max: 100 }),
});

function applyEdit(doc: Process, edit: Edit, step: number): Process {
  const fields = doc.stages.flatMap((stage) => stage.fields);
  const field = fields[edit.a % Math.max(1, fields.length)];
  const stage = doc.stages[edit.a % doc.stages.length]!;
  const other = doc.stages[edit.b % doc.stages.length]!;
  const transition = doc.transitions[edit.a % Math.max(1, doc.transitions.length)];
  try {
    switch (edit.kind) {
      case 'label':
        return field ? commands.updateField(doc, field.id, { label: ['Budget confirmed', 'Budget Confirmed?', `Label ${edit.x}`][edit.b % 3]! }) : doc;
      case 'justify':
        return field ? commands.updateField(doc, field.id, { justification: 'Because.' }) : doc;
      case 'unjustify':
        return field ? commands.updateField(doc, field.id, { justification: '' }) : doc;
      case 'retire':
        return field ? commands.updateField(doc, field.id, { status: edit.b % 2 ? 'retired' : 'justified' }) : doc;
      case 'require':
        return field ? commands.updateField(doc, field.id, { requirement: edit.b % 2 ? 'required' : 'optional' }) : doc;
      case 'no-fill-rate':
        return field ? commands.updateField(doc, field.id, { requirement: 'optional', fillRate: undefined }) : doc;
      case 'loop': {
        // Half of one working stage's exit loops back: visits to the stage change, its reach does not.
        const working = new Set(doc.stages.filter((s) => s.kind === 'start' || s.kind === 'stage').map((s) => s.id));
        const exits = doc.transitions.filter((t) => working.has(t.from) && t.from !== t.to && t.probability > 0);
        const transition = exits[edit.a % Math.max(1, exits.length)];
        if (!transition) return doc;
        const half = transition.probability / 2;
        const transitions = doc.transitions.map((t) => (t === transition ? { ...t, probability: half } : t));
        return { ...doc, transitions: [...transitions, { id: `loop-${step}`, from: transition.from, to: transition.from, probability: transition.probability - half, label: '' }] };
      }
      case 'seconds':
        return field ? commands.updateField(doc, field.id, { secondsToComplete: edit.x * 10 }) : doc;
      case 'rename-stage':
        return commands.renameStage(doc, stage.id, `Stage ${edit.x}`);
      case 'kind':
        return commands.updateStage(doc, stage.id, { kind: (['stage', 'won', 'lost', 'start'] as const)[edit.b % 4]! });
      case 'days':
        return commands.updateStage(doc, stage.id, { expectedDays: edit.x });
      case 'budget':
        return commands.updateStage(doc, stage.id, { adminBudgetMinutes: edit.b % 3 === 0 ? undefined : edit.x / 10 });
      case 'probability':
        return transition ? commands.setProbability(doc, transition.id, edit.x / 100) : doc;
      case 'fill-rate':
        return commands.updateScenario(doc, { defaultFillRate: edit.x / 100 });
      case 'delete-field':
        return field ? commands.deleteField(doc, field.id) : doc;
      case 'reorder':
        return stage.fields.length > 1 ? commands.reorderField(doc, stage.id, edit.b % stage.fields.length, 0) : doc;
      case 'move-field':
        return field ? commands.moveField(doc, field.id, other.id) : doc;
      case 'delete-stage':
        return doc.stages.length > 3 ? commands.deleteStage(doc, stage.id) : doc;
      case 'add-department': {
        // "legal" and "ghost" are departments the corpus's fields name without them existing.
        const id = edit.b % 2 ? 'legal' : 'ghost';
        return doc.departments.some((d) => d.id === id) ? doc : commands.addDepartment(doc, { id, name: id, color: '#336699' });
      }
      case 'delete-department': {
        const department = doc.departments[edit.b % Math.max(1, doc.departments.length)];
        return department ? commands.deleteDepartment(doc, department.id) : doc;
      }
      case 'add-missing-stage': {
        // A stage with the id a dangling transition names: the transitions did not change, their problems did.
        const id = edit.b % 2 ? 'st-missing' : 'st-nowhere';
        return doc.stages.some((s) => s.id === id) ? doc : commands.addStage(doc, { id, name: 'Found', position: { x: edit.x, y: 0 } });
      }
      default:
        return commands.addStage(doc, { id: `added-${step}`, name: `Added ${step}`, position: { x: edit.x, y: edit.b } });
    }
  } catch (error) {
    if (error instanceof CommandError) return doc;
    throw error;
  }
}

describe('remembered per-stage work', () => {
  it('gives exactly what a fresh copy gives, after any sequence of edits', () => {
    // Seed 41 has transitions to stages that do not exist (st-nowhere, st-missing); 21 and 41 have
    // fields naming departments that do not exist (legal, ghost).

    fc.assert(
      fc.property(fc.constantFrom(0, 0, 0, 1, 2, 21, 41, 49, 49), fc.array(editArb, { minLength: 1, maxLength: 12 }), fc.boolean(), (seed, edits, withToday) => {
        const start =
          seed === 49 ? createGeneratedProcess({ stages: 40, fields: 300, seed }) : seed === 0 ? createSampleProcess('2026-11-27T09:00:00.000Z') : corpusCase(seed).process;
        const options = withToday ? { today: '2026-06-15' } : {};
        let doc = start;
        validateProcess(doc, options);
        computeExpectedBurden(doc);
        edits.forEach((edit, step) => {
          doc = applyEdit(doc, edit, step);
          const fresh = structuredClone(doc);
          expect(validateProcess(doc, options)).toEqual(validateProcess(fresh, options));
          // The other date on the same, remembered stages.
          const otherOptions = withToday ? {} : { today: '2026-06-15' };
          expect(validateProcess(doc, otherOptions)).toEqual(validateProcess(structuredClone(doc), otherOptions));
          expect(computeExpectedBurden(doc)).toEqual(computeExpectedBurden(fresh));
          const compiled = compileProcess(doc);
          const freshCompiled = compileProcess(fresh);
          expect(compiled).toEqual(freshCompiled);
        });
      }),
      { numRuns: 120 },
    );
  });
});
