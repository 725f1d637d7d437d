import fc from 'fast-check';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import type { Field, Process } from '../../../../src/shared/model/schema';

/**
 * Random edits of a process, for the diff and merge properties. Each edit addresses items by an
 * index taken modulo the collection's size, so every generated edit applies to any document.
 */
export type Edit =
  | { op: 'removeStage'; i: number }
  | { op: 'addStage'; i: number; tag: number }
  | { op: 'moveStage'; i: number; x: number; y: number }
  | { op: 'renameStage'; i: number; tag: number }
  | { op: 'removeField'; i: number }
  | { op: 'addField'; i: number; tag: number }
  | { op: 'changeField'; i: number; tag: number }
  | { op: 'moveField'; i: number; j: number }
  | { op: 'reorderFields'; i: number }
  | { op: 'reorderStages'; i: number }
  | { op: 'setProbability'; i: number; p: number }
  | { op: 'removeTransition'; i: number }
  | { op: 'addDepartment'; tag: number }
  | { op: 'changeScenario'; reps: number }
  | { op: 'rename'; tag: number }
  | { op: 'addKpi'; tag: number }
  | { op: 'toggleReviewBy'; i: number };

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('removeStage' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('addStage' as const), i: fc.nat(), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('moveStage' as const), i: fc.nat(), x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }),
  fc.record({ op: fc.constant('renameStage' as const), i: fc.nat(), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('removeField' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('addField' as const), i: fc.nat(), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('changeField' as const), i: fc.nat(), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('moveField' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ op: fc.constant('reorderFields' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('reorderStages' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('setProbability' as const), i: fc.nat(), p: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ op: fc.constant('removeTransition' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('addDepartment' as const), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('changeScenario' as const), reps: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ op: fc.constant('rename' as const), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('addKpi' as const), tag: fc.nat(99) }),
  fc.record({ op: fc.constant('toggleReviewBy' as const), i: fc.nat() }),
);

function allFields(doc: Process): Array<{ stage: number; field: number }> {
  const out: Array<{ stage: number; field: number }> = [];
  doc.stages.forEach((s, si) => s.fields.forEach((_f, fi) => out.push({ stage: si, field: fi })));
  return out;
}

function newField(id: string, tag: number): Field {
  return {
    id,
    label: `Field ${tag}`,
    type: 'text',
    requirement: tag % 2 === 0 ? 'required' : 'optional',
    requestedBy: 'finance',
    consumers: ['finance'],
    justification: '',
    decisionSupported: '',
    valueToSales: 'low',
    secondsToComplete: 10 + tag,
    entries: 'once-per-deal',
    status: 'proposed',
  };
}

/** Applies one edit; `side` makes ids of new items unique per side (`a`/`b`). Pure. */
export function applyEdit(doc: Process, edit: Edit, side: string, n: number): Process {
  const d: Process = structuredClone(doc);
  const S = d.stages.length;
  switch (edit.op) {
    case 'removeStage': {
      if (S <= 1) return d;
      const stage = d.stages[edit.i % S]!;
      d.stages.splice(edit.i % S, 1);
      d.transitions = d.transitions.filter((t) => t.from !== stage.id && t.to !== stage.id);
      return d;
    }
    case 'addStage':
      d.stages.splice(edit.i % (S + 1), 0, {
        id: `st-${side}${n}`,
        name: `Stage ${edit.tag}`,
        kind: 'stage',
        position: { x: edit.tag, y: 0 },
        description: '',
        expectedDays: 3,
        fields: [],
      });
      return d;
    case 'moveStage':
      if (S === 0) return d;
      d.stages[edit.i % S]!.position = { x: edit.x, y: edit.y };
      return d;
    case 'renameStage':
      if (S === 0) return d;
      d.stages[edit.i % S]!.name = `Renamed ${edit.tag}`;
      return d;
    case 'removeField': {
      const all = allFields(d);
      if (all.length === 0) return d;
      const { stage, field } = all[edit.i % all.length]!;
      d.stages[stage]!.fields.splice(field, 1);
      return d;
    }
    case 'addField': {
      if (S === 0) return d;
      const stage = d.stages[edit.i % S]!;
      stage.fields.splice(edit.tag % (stage.fields.length + 1), 0, newField(`fd-${side}${n}`, edit.tag));
      return d;
    }
    case 'changeField': {
      const all = allFields(d);
      if (all.length === 0) return d;
      const { stage, field } = all[edit.i % all.length]!;
      const f = d.stages[stage]!.fields[field]!;
      if (edit.tag % 3 === 0) f.requirement = f.requirement === 'optional' ? 'required' : 'optional';
      else if (edit.tag % 3 === 1) f.secondsToComplete = Math.max(f.secondsToComplete, 1) + edit.tag;
      else f.label = `${f.label} v${edit.tag}`;
      if (f.secondsMax !== undefined && f.secondsMax < f.secondsToComplete) f.secondsMax = f.secondsToComplete;
      return d;
    }
    case 'moveField': {
      const all = allFields(d);
      if (all.length === 0 || S < 2) return d;
      const { stage, field } = all[edit.i % all.length]!;
      const [f] = d.stages[stage]!.fields.splice(field, 1);
      d.stages[edit.j % S]!.fields.push(f!);
      return d;
    }
    case 'reorderFields': {
      if (S === 0) return d;
      const stage = d.stages[edit.i % S]!;
      stage.fields.reverse();
      return d;
    }
    case 'reorderStages': {
      if (S < 2) return d;
      const [s] = d.stages.splice(edit.i % S, 1);
      d.stages.push(s!);
      return d;
    }
    case 'setProbability': {
      if (d.transitions.length === 0) return d;
      d.transitions[edit.i % d.transitions.length]!.probability = edit.p / 100;
      return d;
    }
    case 'removeTransition':
      if (d.transitions.length === 0) return d;
      d.transitions.splice(edit.i % d.transitions.length, 1);
      return d;
    case 'addDepartment':
      d.departments.push({ id: `dp-${side}${n}`, name: `Dept ${edit.tag}`, color: '#123456' });
      return d;
    case 'changeScenario':
      d.scenario = { ...d.scenario, reps: edit.reps };
      return d;
    case 'rename':
      d.name = `Process ${edit.tag}`;
      return d;
    case 'addKpi':
      d.kpis.push({ id: `kpi-${side}${n}`, kind: 'win-rate', target: edit.tag / 100, note: '' });
      return d;
    case 'toggleReviewBy': {
      const all = allFields(d);
      if (all.length === 0) return d;
      const { stage, field } = all[edit.i % all.length]!;
      const f = d.stages[stage]!.fields[field]!;
      if (f.reviewBy === undefined) f.reviewBy = '2027-01-31';
      else delete f.reviewBy;
      return d;
    }
  }
}

/** Applies edits in order. */
export function applyEdits(doc: Process, edits: readonly Edit[], side: string): Process {
  return edits.reduce((acc, e, n) => applyEdit(acc, e, side, n), doc);
}

/** A small generated base process (5–7 stages, up to 14 fields). */
export const baseArb: fc.Arbitrary<Process> = fc
  .record({ stages: fc.integer({ min: 4, max: 7 }), fields: fc.integer({ min: 0, max: 14 }), seed: fc.nat(1000) })
  .map(({ stages, fields, seed }) => createGeneratedProcess({ stages, fields, seed }));

/** Content only: bookkeeping removed, for comparisons across sides. */
export function content(doc: Process): Omit<Process, 'revision' | 'createdAt' | 'updatedAt' | 'id' | 'schemaVersion'> {
  const { revision: _r, createdAt: _c, updatedAt: _u, id: _i, schemaVersion: _s, ...rest } = doc;
  return rest;
}
