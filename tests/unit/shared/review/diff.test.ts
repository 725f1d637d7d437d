import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Process } from '../../../../src/shared/model/schema';
import { applyDiff, countChanges, diffProcesses, isEmptyDiff } from '../../../../src/shared/review/diff';
import { summarizeDiff } from '../../../../src/shared/review/summary';
import { burdenDelta } from '../../../../src/shared/review/delta';
import { threeWayMerge } from '../../../../src/shared/review/merge';
import { content } from './arbitraries';

const NOW = '2026-11-27T10:00:00.000Z';
const sample = () => createSampleProcess(NOW);
const edit = (fn: (d: Process) => void): Process => {
  const d = structuredClone(sample());
  fn(d);
  return d;
};
const stage = (d: Process, id: string) => d.stages.find((s) => s.id === id)!;

describe('diffProcesses', () => {
  const a = sample();

  it('reports nothing between a document and its copy, even with new bookkeeping', () => {
    const diff = diffProcesses(a, { ...structuredClone(a), revision: 9, updatedAt: '2027-01-01T00:00:00.000Z' });
    expect(isEmptyDiff(diff)).toBe(true);
    expect(summarizeDiff(diff, a, a)).toBe('no changes');
  });

  it('reports an added, removed, changed and moved stage', () => {
    const b = edit((d) => {
      d.stages.push({ ...structuredClone(d.stages[1]!), id: 'legal', name: 'Legal review', fields: [] });
      d.stages = d.stages.filter((s) => s.id !== 'lost' || true);
      stage(d, 'qualified').expectedDays = 99;
      stage(d, 'discovery').position = { x: 1, y: 2 };
    });
    const c = edit((d) => {
      d.stages.splice(d.stages.findIndex((s) => s.id === 'negotiation'), 1);
    });
    const diff = diffProcesses(a, b);
    expect(diff.stages.find((s) => s.id === 'legal')).toMatchObject({ kind: 'added', label: 'Legal review' });
    expect(diff.stages.find((s) => s.id === 'qualified')).toMatchObject({
      kind: 'changed',
      changes: [{ key: 'expectedDays', before: stage(a, 'qualified').expectedDays, after: 99 }],
    });
    expect(diff.stages.find((s) => s.id === 'discovery')).toMatchObject({
      kind: 'moved',
      before: stage(a, 'discovery').position,
      after: { x: 1, y: 2 },
    });
    const removed = diffProcesses(a, c).stages.find((s) => s.id === 'negotiation');
    expect(removed).toMatchObject({ kind: 'removed', label: 'Negotiation' });
  });

  it('reports a moved stage that also changed as changed, with the position among the changes', () => {
    const b = edit((d) => {
      stage(d, 'discovery').position = { x: 1, y: 2 };
      stage(d, 'discovery').name = 'Deep discovery';
    });
    const change = diffProcesses(a, b).stages.find((s) => s.id === 'discovery')!;
    expect(change.kind).toBe('changed');
    expect(change.kind === 'changed' && change.changes.map((c) => c.key).sort()).toEqual(['name', 'position']);
  });

  it('reports added, removed, changed and moved fields with before → after', () => {
    const firstDiscovery = stage(a, 'discovery').fields[0]!;
    const firstLead = stage(a, 'lead').fields[0]!;
    const b = edit((d) => {
      stage(d, 'discovery').fields.shift();
      stage(d, 'proposal').fields.push({ ...structuredClone(firstLead), id: 'brand-new', label: 'Brand new' });
      stage(d, 'lead').fields[0]!.requirement = 'optional';
      const moved = stage(d, 'lead').fields.splice(1, 1)[0]!;
      stage(d, 'closed-won').fields.push(moved);
    });
    const diff = diffProcesses(a, b);
    expect(diff.fields.find((f) => f.id === firstDiscovery.id)).toMatchObject({ kind: 'removed', before: { stageId: 'discovery' } });
    expect(diff.fields.find((f) => f.id === 'brand-new')).toMatchObject({ kind: 'added', after: { stageId: 'proposal' } });
    expect(diff.fields.find((f) => f.id === firstLead.id)).toMatchObject({
      kind: 'changed',
      changes: [{ key: 'requirement', before: firstLead.requirement, after: 'optional' }],
    });
    const movedId = stage(a, 'lead').fields[1]!.id;
    expect(diff.fields.find((f) => f.id === movedId)).toMatchObject({
      kind: 'changed',
      changes: [{ key: 'stageId', before: 'lead', after: 'closed-won' }],
    });
    expect(content(applyDiff(a, diff))).toEqual(content(b));
  });

  it('reports added, removed and changed transitions, departments and KPIs, and scenario and process edits', () => {
    const b = edit((d) => {
      d.transitions[0]!.probability = 0.2;
      d.transitions.splice(1, 1);
      d.transitions.push({ id: 't-new', from: 'negotiation', to: 'lost', probability: 0.1, label: '' });
      d.departments.push({ id: 'legal', name: 'Legal', color: '#000000' });
      d.departments = d.departments.filter((x) => x.id !== 'operations');
      d.departments[0]!.name = 'Sales team';
      d.kpis.pop();
      d.kpis.push({ id: 'kpi-new', kind: 'sales-cycle-days', target: 60, note: '' });
      d.kpis[0]!.target = 4;
      d.scenario.reps = 99;
      d.name = 'Renamed';
      d.reviewEveryMonths = 6;
    });
    const diff = diffProcesses(a, b);
    expect(diff.transitions.map((t) => t.kind).sort()).toEqual(['added', 'changed', 'removed']);
    expect(diff.departments.map((t) => t.kind).sort()).toEqual(['added', 'changed', 'removed']);
    expect(diff.kpis.map((t) => t.kind).sort()).toEqual(['added', 'changed', 'removed']);
    expect(diff.scenario).toEqual([{ key: 'reps', before: a.scenario.reps, after: 99 }]);
    expect(diff.process).toEqual([
      { key: 'name', before: a.name, after: 'Renamed' },
      { key: 'reviewEveryMonths', before: 12, after: 6 },
    ]);
    expect(countChanges(diff)).toBe(11);
    expect(content(applyDiff(a, diff))).toEqual(content(b));
  });

  it('records a reordering so applying the diff rebuilds the same order', () => {
    const b = edit((d) => {
      d.stages.reverse();
      stage(d, 'lead').fields.reverse();
    });
    const diff = diffProcesses(a, b);
    expect(diff.order.stages).toEqual(b.stages.map((s) => s.id));
    expect(diff.order.fields?.lead).toEqual(stage(b, 'lead').fields.map((f) => f.id));
    expect(applyDiff(a, diff).stages.map((s) => s.id)).toEqual(b.stages.map((s) => s.id));
  });
});

describe('summarizeDiff', () => {
  it('says what a reviewer cares about in one line', () => {
    const a = sample();
    const toRemove = stage(a, 'discovery').fields.slice(0, 5).map((f) => f.id);
    const back = a.transitions.find((t) => t.from === 'negotiation' && t.to === 'proposal')!;
    const b = edit((d) => {
      stage(d, 'discovery').fields = stage(d, 'discovery').fields.filter((f) => !toRemove.includes(f.id));
      d.transitions.find((t) => t.id === back.id)!.probability = 0.3;
    });
    expect(summarizeDiff(diffProcesses(a, b), a, b)).toBe(
      'removed 5 fields from Discovery; changed Negotiation → Proposal to 30%',
    );
  });

  it('names review decisions and keeps the line short', () => {
    const a = sample();
    const b = edit((d) => {
      d.stages[0]!.fields[0]!.status = 'challenged';
      for (let i = 0; i < 40; i++) d.departments.push({ id: `d${i}`, name: `Department number ${i}`, color: '#000000' });
    });
    const line = summarizeDiff(diffProcesses(a, b), a, b);
    expect(line.startsWith(`challenged "${a.stages[0]!.fields[0]!.label}"`)).toBe(true);
    expect(line.length).toBeLessThan(300);
    expect(line).toMatch(/and \d+ more changes$/);
  });
});

describe('burdenDelta', () => {
  it('measures removing fields in minutes, hours, cost, per department and per stage, and names who loses data', () => {
    const a = sample();
    const removed = stage(a, 'discovery').fields.filter((f) => f.requirement !== 'optional').slice(0, 2);
    const b = edit((d) => {
      stage(d, 'discovery').fields = stage(d, 'discovery').fields.filter((f) => !removed.some((r) => r.id === f.id));
    });
    const delta = burdenDelta(a, b, diffProcesses(a, b));
    expect(delta.figures.ok).toBe(true);
    if (!delta.figures.ok) return;
    expect(delta.figures.minutesPerDeal.delta).toBeLessThan(0);
    expect(delta.figures.hoursPerRepPerMonth.delta).toBeLessThan(0);
    expect(delta.figures.monthlyCost.delta).toBeLessThan(0);
    const discovery = delta.figures.byStage.find((r) => r.key === 'discovery')!;
    expect(discovery.minutesPerDeal.delta).toBeCloseTo(delta.figures.minutesPerDeal.delta, 9);
    const requesters = new Set(removed.map((f) => f.requestedBy));
    for (const row of delta.figures.byDepartment) {
      if (requesters.has(row.key)) expect(row.minutesPerDeal.delta).toBeLessThan(0);
      else expect(row.minutesPerDeal.delta).toBeCloseTo(0, 9);
    }
    expect(delta.whoLosesData.map((l) => l.fieldId)).toEqual(removed.map((f) => f.id));
    expect(delta.whoLosesData[0]).toMatchObject({
      change: 'removed',
      decisionSupported: removed[0]!.decisionSupported,
      consumers: removed[0]!.consumers.map((id) => ({ id, name: a.departments.find((x) => x.id === id)!.name })),
    });
  });

  it('lists fields made optional or retired as data losses too, and says which side cannot be simulated', () => {
    const a = sample();
    const target = a.stages.flatMap((s) => s.fields).filter((f) => f.requirement !== 'optional');
    const b = edit((d) => {
      const fields = d.stages.flatMap((s) => s.fields);
      fields.find((f) => f.id === target[0]!.id)!.requirement = 'optional';
      fields.find((f) => f.id === target[1]!.id)!.status = 'retired';
      d.transitions = [];
    });
    const delta = burdenDelta(a, b, diffProcesses(a, b));
    expect(delta.whoLosesData.map((l) => l.change)).toEqual(['made-optional', 'retired']);
    expect(delta.figures).toMatchObject({ ok: false, side: 'after' });
  });
});

describe('threeWayMerge', () => {
  const base = sample();
  it('merges non-overlapping edits of both sides', () => {
    const process = edit((d) => {
      d.stages[0]!.name = 'Inbound lead';
    });
    const proposal = edit((d) => {
      stage(d, 'discovery').fields.shift();
    });
    const { merged, conflicts } = threeWayMerge(base, process, proposal);
    expect(conflicts).toEqual([]);
    expect(merged.stages[0]!.name).toBe('Inbound lead');
    expect(stage(merged, 'discovery').fields.length).toBe(stage(base, 'discovery').fields.length - 1);
  });

  it('returns overlapping edits as conflicts and applies the side picked per item', () => {
    const process = edit((d) => {
      d.stages[0]!.fields[0]!.secondsToComplete = 5;
    });
    const proposal = edit((d) => {
      d.stages[0]!.fields[0]!.secondsToComplete = 50;
    });
    const first = threeWayMerge(base, process, proposal);
    const id = `fields:${base.stages[0]!.fields[0]!.id}:secondsToComplete`;
    expect(first.unresolved).toMatchObject([{ id, base: base.stages[0]!.fields[0]!.secondsToComplete, process: 5, proposal: 50 }]);
    expect(first.merged.stages[0]!.fields[0]!.secondsToComplete).toBe(5);
    const picked = threeWayMerge(base, process, proposal, { [id]: 'proposal' });
    expect(picked.unresolved).toEqual([]);
    expect(picked.merged.stages[0]!.fields[0]!.secondsToComplete).toBe(50);
  });

  it('never drops a field one side changed while the other removed its stage', () => {
    const fieldId = stage(base, 'negotiation').fields[0]!.id;
    const process = edit((d) => {
      stage(d, 'negotiation').fields[0]!.label = 'Kept and edited';
    });
    const proposal = edit((d) => {
      d.stages = d.stages.filter((s) => s.id !== 'negotiation');
      d.transitions = d.transitions.filter((t) => t.from !== 'negotiation' && t.to !== 'negotiation');
    });
    const { merged, unresolved } = threeWayMerge(base, process, proposal);
    expect(unresolved.map((c) => c.id)).toContain(`fields:${fieldId}`);
    expect(unresolved.map((c) => c.id)).toContain('stages:negotiation');
    expect(stage(merged, 'negotiation').fields.find((f) => f.id === fieldId)?.label).toBe('Kept and edited');
    const all = Object.fromEntries(unresolved.map((c) => [c.id, 'proposal' as const]));
    const taken = threeWayMerge(base, process, proposal, all);
    expect(taken.merged.stages.some((s) => s.id === 'negotiation')).toBe(false);
  });
});
