import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as commands from '../../../../src/shared/model/commands';
import { CommandError } from '../../../../src/shared/model/commands';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import { parseProcess } from '../../../../src/shared/model/problems';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { ProcessSchema, type Process } from '../../../../src/shared/model/schema';
import { validateProcess } from '../../../../src/shared/model/validate';
import { deepFreeze } from '../../helpers/deepFreeze';
import { NOW } from '../../helpers/processes';

/** A command with its arguments chosen by index, resolved against whatever document it meets. */
type Op = { name: string; a: number; b: number; c: number; x: number; text: string };

const opArb: fc.Arbitrary<Op> = fc.record({
  name: fc.constantFrom(
    'addStage',
    'renameStage',
    'moveStage',
    'updateStage',
    'deleteStage',
    'connect',
    'setProbability',
    'updateTransition',
    'disconnect',
    'spread',
    'addField',
    'updateField',
    'moveField',
    'reorderField',
    'duplicateField',
    'deleteField',
    'addDepartment',
    'updateDepartment',
    'deleteDepartment',
    'applyLayout',
    'paste',
  ),
  a: fc.nat(50),
  b: fc.nat(50),
  c: fc.nat(50),
  x: fc.double({ min: -2, max: 2000, noNaN: true }),
  text: fc.string({ maxLength: 12 }),
});

function at<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function apply(doc: Process, op: Op, step: number): Process {
  const stage = at(doc.stages, op.a);
  const other = at(doc.stages, op.b);
  const transition = at(doc.transitions, op.a);
  const fields = doc.stages.flatMap((s) => s.fields);
  const field = at(fields, op.b);
  const department = at(doc.departments, op.c);
  const kinds = ['start', 'stage', 'won', 'lost'] as const;
  const fresh = `p${step}`;
  switch (op.name) {
    case 'addStage':
      return commands.addStage(doc, { id: fresh, name: op.text || 'S', position: { x: op.x, y: op.a } });
    case 'renameStage':
      return stage ? commands.renameStage(doc, stage.id, op.text) : doc;
    case 'moveStage':
      return stage ? commands.applyLayout(doc, { [stage.id]: { x: op.x, y: -op.x } }) : doc;
    case 'updateStage':
      return stage ? commands.updateStage(doc, stage.id, { kind: kinds[op.c % 4]!, expectedDays: op.x }) : doc;
    case 'deleteStage':
      return stage ? commands.deleteStage(doc, stage.id) : doc;
    case 'connect':
      return stage && other
        ? commands.connect(doc, { id: fresh, from: stage.id, to: other.id, ...(op.c % 2 ? { probability: op.x } : {}) })
        : doc;
    case 'setProbability':
      return transition ? commands.setProbability(doc, transition.id, op.x / 2) : doc;
    case 'updateTransition':
      return transition ? commands.updateTransition(doc, transition.id, { label: op.text }) : doc;
    case 'disconnect':
      return transition ? commands.disconnect(doc, transition.id) : doc;
    case 'spread':
      return stage ? commands.spreadRemainingProbability(doc, stage.id) : doc;
    case 'addField':
      return stage
        ? commands.addField(
            doc,
            stage.id,
            commands.newField(fresh, { label: op.text || 'F', secondsToComplete: op.x, requestedBy: department?.id ?? 'sales' }),
            op.c,
          )
        : doc;
    case 'updateField':
      return field
        ? commands.updateField(doc, field.id, {
            secondsToComplete: op.x,
            secondsMin: op.c % 3 === 0 ? undefined : op.a,
            consumers: department ? [department.id] : [],
            requirement: (['optional', 'required', 'blocks-stage', 'blocks-commission'] as const)[op.c % 4]!,
          })
        : doc;
    case 'moveField':
      return field && stage ? commands.moveField(doc, field.id, stage.id, op.c % 2 ? undefined : op.c) : doc;
    case 'reorderField':
      return stage ? commands.reorderField(doc, stage.id, op.b % 4, op.c % 4) : doc;
    case 'duplicateField':
      return field ? commands.duplicateField(doc, field.id, fresh) : doc;
    case 'deleteField':
      return field ? commands.deleteField(doc, field.id) : doc;
    case 'addDepartment':
      return commands.addDepartment(doc, { id: fresh, name: op.text || 'D', color: '#abcdef' });
    case 'updateDepartment':
      return department ? commands.updateDepartment(doc, department.id, { name: op.text }) : doc;
    case 'deleteDepartment':
      return department ? commands.deleteDepartment(doc, department.id) : doc;
    case 'applyLayout':
      return commands.applyLayout(doc, Object.fromEntries(doc.stages.map((s, i) => [s.id, { x: i * op.x, y: op.a }])));
    case 'paste': {
      const picked = doc.stages.filter((_, i) => i % 3 === op.a % 3);
      const needed = commands.pasteIdsNeeded(picked, doc.transitions);
      const idMap = Object.fromEntries(
        [...needed.stages, ...needed.fields, ...needed.transitions].map((id, i) => [id, `${fresh}-${i}`]),
      );
      return commands.pasteStages(doc, picked, doc.transitions, idMap, { x: 40, y: 40 });
    }
    default:
      throw new Error(`unknown op ${op.name}`);
  }
}

describe('command sequences (property)', () => {
  it('keep the sample schema-valid, never mutate, and refuse only with CommandError', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        let doc = deepFreeze(createSampleProcess(NOW));
        ops.forEach((op, step) => {
          const snapshot = JSON.stringify(doc);
          let next: Process;
          try {
            next = apply(doc, op, step);
          } catch (error) {
            if (!(error instanceof CommandError)) throw error;
            next = doc;
          }
          expect(JSON.stringify(doc)).toBe(snapshot);
          const parsed = ProcessSchema.safeParse(JSON.parse(JSON.stringify(next)));
          if (!parsed.success) throw new Error(`${op.name}: ${parsed.error.issues[0]?.message}`);
          expect(() => validateProcess(next, { today: '2026-11-27' })).not.toThrow();
          doc = deepFreeze(next);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never leave a dangling reference behind', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        let doc = createSampleProcess(NOW);
        ops.forEach((op, step) => {
          try {
            doc = apply(doc, op, step);
          } catch (error) {
            if (!(error instanceof CommandError)) throw error;
          }
        });
        expect(validateProcess(doc).filter((problem) => problem.code === 'dangling-reference')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('generated processes (property)', () => {
  it('validate without errors for any seed and size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 80 }), fc.nat(400), fc.integer(), (stages, fields, seed) => {
        const doc = createGeneratedProcess({ stages, fields, seed });
        expect(parseProcess(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
        expect(validateProcess(doc).filter((problem) => problem.severity === 'error')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
