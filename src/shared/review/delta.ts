import { isMandatory, type Process } from '../model/schema';
import type { Problem } from '../model/problems';
import { computeExpectedBurden } from '../sim/expected';
import { rollupBurden, type BurdenRollup } from '../sim/rollup';
import type { ProcessDiff } from './diff';
import type { FieldItem } from './normal';

/** One figure before and after a change. */
export interface FigureDelta {
  before: number;
  after: number;
  /** after − before. */
  delta: number;
}

function fig(before: number, after: number): FigureDelta {
  return { before, after, delta: after - before };
}

/** The burden of one requesting department or one stage, before and after. */
export interface DeltaRow {
  /** Department id or stage id. */
  key: string;
  label: string;
  /** Admin minutes per deal (opportunity). */
  minutesPerDeal: FigureDelta;
  /** Admin hours per rep per month. */
  hoursPerRepPerMonth: FigureDelta;
  /** Team admin cost per month, in the scenario currency. */
  monthlyCost: FigureDelta;
}

/** Why a figure could not be computed: one side has errors the engines refuse. */
export interface DeltaFailure {
  ok: false;
  side: 'before' | 'after';
  problems: Problem[];
}

/**
 * The admin-burden change of a diff, from the expected-value engine and the roll-ups the burden
 * panel uses (one definition of every figure): headline, per requesting department, per stage.
 */
export interface BurdenFigures {
  ok: true;
  currency: string;
  minutesPerDeal: FigureDelta;
  hoursPerRepPerMonth: FigureDelta;
  monthlyCost: FigureDelta;
  teamHoursPerMonth: FigureDelta;
  /** Requesting departments present on either side, in the newer document's order. */
  byDepartment: DeltaRow[];
  /** Stages present on either side, newer document order first, then removed stages. */
  byStage: DeltaRow[];
}

/** One removed, made-optional or retired field and whom it leaves without data. */
export interface DataLoss {
  stageId: string;
  fieldId: string;
  label: string;
  change: 'removed' | 'made-optional' | 'retired';
  /** Department that asked for the field. */
  requestedBy: { id: string; name: string };
  /** Departments that read it: they lose (or may lose) its data. */
  consumers: { id: string; name: string }[];
  /** The decision, report or KPI the field supported. */
  decisionSupported: string;
}

/** `burdenDelta`'s answer: the figures (or why not) and who loses data (always available). */
export interface BurdenDelta {
  figures: BurdenFigures | DeltaFailure;
  whoLosesData: DataLoss[];
}

/** Options for `burdenDelta`. */
export interface DeltaOptions {
  /** A roll-up of `before` already computed (e.g. the open document's), to skip recomputing it. */
  beforeRollup?: BurdenRollup;
}

/** Expected-value roll-up of a document, or the problems that stop the engine. */
export function rollupOf(process: Process): { ok: true; rollup: BurdenRollup } | { ok: false; problems: Problem[] } {
  const result = computeExpectedBurden(process);
  if (!result.ok) return { ok: false, problems: result.problems };
  return { ok: true, rollup: rollupBurden(process, result) };
}

function rows(
  before: BurdenRollup['byRequester'] | BurdenRollup['stages'],
  after: BurdenRollup['byRequester'] | BurdenRollup['stages'],
  beforeDoc: Process,
  afterDoc: Process,
): DeltaRow[] {
  const b = new Map(before.map((r) => [r.key, r]));
  const a = new Map(after.map((r) => [r.key, r]));
  const keys = [...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))];
  const costOf = (doc: Process, minutesPerRepMonth: number) =>
    (minutesPerRepMonth / 60) * doc.scenario.reps * doc.scenario.loadedHourlyCost;
  return keys.map((key) => {
    const rb = b.get(key);
    const ra = a.get(key);
    const minB = (rb?.secondsPerOpportunity ?? 0) / 60;
    const minA = (ra?.secondsPerOpportunity ?? 0) / 60;
    const repB = rb?.minutesPerRepMonth ?? 0;
    const repA = ra?.minutesPerRepMonth ?? 0;
    return {
      key,
      label: ra?.label ?? rb?.label ?? key,
      minutesPerDeal: fig(minB, minA),
      hoursPerRepPerMonth: fig(repB / 60, repA / 60),
      monthlyCost: fig(costOf(beforeDoc, repB), costOf(afterDoc, repA)),
    };
  });
}

/** Fields the diff removes, makes optional or retires, with their readers. */
export function whoLosesData(diff: ProcessDiff, before: Process, after: Process): DataLoss[] {
  const names = new Map<string, string>();
  for (const d of before.departments) names.set(d.id, d.name);
  for (const d of after.departments) names.set(d.id, d.name);
  const dept = (id: string) => ({ id, name: names.get(id) ?? id });
  const beforeFields = new Map<string, FieldItem>();
  for (const stage of before.stages) for (const f of stage.fields) beforeFields.set(f.id, { ...f, stageId: stage.id });
  const out: DataLoss[] = [];
  for (const change of diff.fields) {
    let field: FieldItem | undefined;
    let kind: DataLoss['change'] | undefined;
    if (change.kind === 'removed') {
      field = change.before;
      kind = 'removed';
    } else if (change.kind === 'changed') {
      const old = beforeFields.get(change.id);
      if (!old) continue;
      const req = change.changes.find((c) => c.key === 'requirement');
      const status = change.changes.find((c) => c.key === 'status');
      if (status && status.after === 'retired') kind = 'retired';
      else if (req && isMandatory(req.before as never) && !isMandatory(req.after as never)) kind = 'made-optional';
      field = old;
    }
    if (!field || !kind) continue;
    out.push({
      stageId: field.stageId,
      fieldId: field.id,
      label: field.label,
      change: kind,
      requestedBy: dept(field.requestedBy),
      consumers: [...new Set(field.consumers)].map(dept),
      decisionSupported: field.decisionSupported,
    });
  }
  return out;
}

/**
 * The burden change from `before` to `after` (whose diff is `diff`), and who loses data. Pure;
 * when either document has errors the figures say which side and why, and `whoLosesData` is
 * still given.
 */
export function burdenDelta(before: Process, after: Process, diff: ProcessDiff, opts: DeltaOptions = {}): BurdenDelta {
  const losses = whoLosesData(diff, before, after);
  const rb = opts.beforeRollup ? { ok: true as const, rollup: opts.beforeRollup } : rollupOf(before);
  if (!rb.ok) return { figures: { ok: false, side: 'before', problems: rb.problems }, whoLosesData: losses };
  const ra = rollupOf(after);
  if (!ra.ok) return { figures: { ok: false, side: 'after', problems: ra.problems }, whoLosesData: losses };
  const hb = rb.rollup.headline;
  const ha = ra.rollup.headline;
  return {
    figures: {
      ok: true,
      currency: after.scenario.currency,
      minutesPerDeal: fig(hb.minutesPerOpportunity, ha.minutesPerOpportunity),
      hoursPerRepPerMonth: fig(hb.hoursPerRepPerMonth, ha.hoursPerRepPerMonth),
      monthlyCost: fig(hb.monthlyCost, ha.monthlyCost),
      teamHoursPerMonth: fig(hb.teamHoursPerMonth, ha.teamHoursPerMonth),
      byDepartment: rows(rb.rollup.byRequester, ra.rollup.byRequester, before, after),
      byStage: rows(rb.rollup.stages, ra.rollup.stages, before, after),
    },
    whoLosesData: losses,
  };
}
