import { roundProbability } from '../model/rules';
import { IdSchema, type KpiKind, type Process, type Stage, type Transition } from '../model/schema';
import { qualifiedWinProbability } from '../sim/kpi';
import type { StageHistory } from './history';
import { matchStage } from './importPlan';

/**
 * Calibration: what the CRM's stage history says about the process, next to what the model
 * assumes. Per stage, the directly-follows probabilities (count ÷ exits, with the counts as
 * evidence), entries, loop-backs and days in stage; per KPI, the observed rate next to the target.
 * Deals that have not reached won or lost are open: they count for the stages they passed, never
 * as lost.
 */

/** A figure resting on fewer observations than this is flagged as a small sample. */
export const SMALL_SAMPLE = 30;

/** A KPI whose observed value is within this many percentage points of its target agrees (rates). */
export const KPI_RATE_TOLERANCE = 0.05;

/** A sales-cycle KPI within this share of its target agrees. */
export const KPI_DAYS_TOLERANCE = 0.15;

const DAY_MS = 86_400_000;

/** One transition, model vs history. */
export interface CalibratedTransition {
  /** Stage ids. */
  from: string;
  to: string;
  /** The model's transition, when it has one. */
  transitionId?: string;
  /** The model's probability; null when the model has no such transition. */
  current: number | null;
  /** count ÷ n; null when no deal has left `from` yet. */
  observed: number | null;
  /** Moves from `from` to `to` seen. */
  count: number;
  /** Moves out of `from` seen (the denominator): the evidence behind the figure. */
  n: number;
  /** `n` below `SMALL_SAMPLE`. */
  smallSample: boolean;
}

/** One stage, model vs history. */
export interface CalibratedStage {
  stageId: string;
  name: string;
  /** Visits (a deal looping back enters again). */
  entries: number;
  /** Entries into a stage the same deal had already visited. */
  loopBacks: number;
  /** Distinct deals that entered. */
  deals: number;
  /** Visits still open: deals sitting in the stage now. */
  open: number;
  /** The model's expected days per visit. */
  currentDays: number;
  /** Days per finished visit; null without any. */
  medianDays: number | null;
  meanDays: number | null;
  /** Finished visits with known entry time behind the day figures. */
  n: number;
  smallSample: boolean;
}

/** A KPI target next to what the history shows. */
export interface CalibratedKpi {
  kpiId: string;
  kind: KpiKind;
  target: number;
  /** Same unit as the target; null when the history cannot show it. */
  observed: number | null;
  /** Deals behind the figure. */
  n: number;
  severity: 'ok' | 'warning' | 'unknown';
  message: string;
}

/** Everything the calibration view, the CLI and the report show. */
export interface Calibration {
  deals: number;
  won: number;
  lost: number;
  open: number;
  events: number;
  /** Won ÷ closed deals; null when none closed. */
  conversion: number | null;
  transitions: CalibratedTransition[];
  stages: CalibratedStage[];
  kpis: CalibratedKpi[];
  warnings: string[];
}

/** A calibration, or why the history does not fit the process (unknown stages…). */
export type CalibrationResult = { ok: true; calibration: Calibration } | { ok: false; message: string };

/** Options: a manual map for history stage names that do not match by themselves. */
export interface CalibrationOptions {
  stageMap?: Readonly<Record<string, string>>;
}

interface Visit {
  stage: Stage;
  at: number;
}

/**
 * Compares a history with the process. Refuses, listing them, when the history uses stage names
 * that match no stage (map them with `stageMap`): a calibration that silently dropped a stage
 * would report wrong probabilities for its neighbours.
 */
export function calibrate(process: Process, history: StageHistory, options: CalibrationOptions = {}): CalibrationResult {
  const stageOf = new Map<string, Stage>();
  const unknown: string[] = [];
  for (const name of history.stageNames) {
    const stage = matchStage(process, name, options.stageMap);
    if (stage) stageOf.set(name, stage);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `the history uses ${unknown.length === 1 ? 'a stage' : 'stages'} the process does not have: ${unknown.map((n) => `"${n}"`).join(', ')} — map ${unknown.length === 1 ? 'it' : 'each'} to a stage (CLI: --map "NAME=STAGE_ID")`,
    };
  }
  const stageIndex = new Map(process.stages.map((stage, i) => [stage.id, i]));
  const count = process.stages.length;
  const moves = new Float64Array(count * count);
  const exits = new Float64Array(count);
  const entries = new Float64Array(count);
  const loopBacks = new Float64Array(count);
  const open = new Float64Array(count);
  const dealsIn = new Float64Array(count);
  const days: number[][] = process.stages.map(() => []);
  const warnings: string[] = [];
  let won = 0;
  let lost = 0;
  let openDeals = 0;
  let reopened = 0;
  const qualifying = qualifiedWinProbability(process)?.stageId;
  let qualifiedClosed = 0;
  let qualifiedWon = 0;
  const cycles: number[] = [];

  for (const deal of history.deals) {
    const visits: Visit[] = [];
    for (const entry of deal.entries) {
      const stage = stageOf.get(entry.stage)!;
      const last = visits[visits.length - 1];
      // Two names mapped to one stage make a move within it: not a visit.
      if (last && last.stage.id === stage.id) continue;
      visits.push({ stage, at: entry.at });
    }
    const seen = new Set<number>();
    let terminalAt = -1;
    for (let v = 0; v < visits.length; v++) {
      const visit = visits[v]!;
      const i = stageIndex.get(visit.stage.id)!;
      entries[i]!++;
      if (seen.has(i)) loopBacks[i]!++;
      else dealsIn[i]!++;
      seen.add(i);
      const terminal = visit.stage.kind === 'won' || visit.stage.kind === 'lost';
      const next = visits[v + 1];
      if (terminal) {
        if (next) reopened++;
        else terminalAt = v;
        continue;
      }
      if (!next) {
        open[i]!++;
        continue;
      }
      const j = stageIndex.get(next.stage.id)!;
      moves[i * count + j]!++;
      exits[i]!++;
      if (Number.isFinite(visit.at) && Number.isFinite(next.at)) days[i]!.push((next.at - visit.at) / DAY_MS);
    }
    const final = visits[visits.length - 1];
    if (terminalAt >= 0 && final) {
      const isWon = final.stage.kind === 'won';
      if (isWon) won++;
      else lost++;
      if (qualifying !== undefined && seen.has(stageIndex.get(qualifying)!)) {
        qualifiedClosed++;
        if (isWon) qualifiedWon++;
      }
      const first = visits.find((visit) => Number.isFinite(visit.at));
      if (first && Number.isFinite(final.at)) cycles.push((final.at - first.at) / DAY_MS);
    } else openDeals++;
  }
  if (reopened > 0) warnings.push(`${reopened} move${reopened === 1 ? '' : 's'} out of a won or lost stage (reopened deals) left out: the model has no exits from outcomes`);

  const transitions: CalibratedTransition[] = [];
  const modelled = new Set<string>();
  for (const t of process.transitions) {
    const i = stageIndex.get(t.from);
    const j = stageIndex.get(t.to);
    if (i === undefined || j === undefined) continue;
    modelled.add(`${i}:${j}`);
    const n = exits[i]!;
    const c = moves[i * count + j]!;
    transitions.push({ from: t.from, to: t.to, transitionId: t.id, current: t.probability, observed: n > 0 ? c / n : null, count: c, n, smallSample: n < SMALL_SAMPLE });
  }
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      const c = moves[i * count + j]!;
      if (c === 0 || modelled.has(`${i}:${j}`)) continue;
      const n = exits[i]!;
      transitions.push({ from: process.stages[i]!.id, to: process.stages[j]!.id, current: null, observed: c / n, count: c, n, smallSample: n < SMALL_SAMPLE });
    }
  }

  const stages: CalibratedStage[] = process.stages.map((stage, i) => {
    const list = days[i]!;
    const n = list.length;
    return {
      stageId: stage.id,
      name: stage.name,
      entries: entries[i]!,
      loopBacks: loopBacks[i]!,
      deals: dealsIn[i]!,
      open: open[i]!,
      currentDays: stage.expectedDays,
      medianDays: n > 0 ? median(list) : null,
      meanDays: n > 0 ? list.reduce((a, b) => a + b, 0) / n : null,
      n,
      smallSample: n < SMALL_SAMPLE,
    };
  });

  const closed = won + lost;
  const conversion = closed > 0 ? won / closed : null;
  const kpis: CalibratedKpi[] = process.kpis.map((kpi) => {
    switch (kpi.kind) {
      case 'opportunity-conversion':
        return rateKpi(kpi.id, kpi.kind, kpi.target, conversion, closed, 'conversion');
      case 'win-rate':
        return qualifying === undefined
          ? rateKpi(kpi.id, kpi.kind, kpi.target, conversion, closed, 'win rate')
          : rateKpi(kpi.id, kpi.kind, kpi.target, qualifiedClosed > 0 ? qualifiedWon / qualifiedClosed : null, qualifiedClosed, 'win rate of qualified deals');
      case 'sales-cycle-days': {
        const mean = cycles.length > 0 ? cycles.reduce((a, b) => a + b, 0) / cycles.length : null;
        if (mean === null) return unknownKpi(kpi.id, kpi.kind, kpi.target, 'no closed deal with known dates: the sales cycle is not visible');
        const ok = Math.abs(mean - kpi.target) <= kpi.target * KPI_DAYS_TOLERANCE;
        return {
          kpiId: kpi.id,
          kind: kpi.kind,
          target: kpi.target,
          observed: mean,
          n: cycles.length,
          severity: ok ? 'ok' : 'warning',
          message: `Sales cycle target ${round1(kpi.target)} days; closed deals took ${round1(mean)} days on average (n = ${cycles.length})${cycles.length < SMALL_SAMPLE ? ' — few deals' : ''}`,
        };
      }
      case 'pipeline-coverage':
        return unknownKpi(kpi.id, kpi.kind, kpi.target, 'pipeline coverage needs pipeline values, which a stage history does not have');
    }
  });

  return {
    ok: true,
    calibration: { deals: history.deals.length, won, lost, open: openDeals, events: history.events, conversion, transitions, stages, kpis, warnings },
  };
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function rateKpi(kpiId: string, kind: KpiKind, target: number, observed: number | null, n: number, what: string): CalibratedKpi {
  if (observed === null) return unknownKpi(kpiId, kind, target, `no closed deals: the ${what} is not visible yet`);
  const ok = Math.abs(observed - target) <= KPI_RATE_TOLERANCE;
  return {
    kpiId,
    kind,
    target,
    observed,
    n,
    severity: ok ? 'ok' : 'warning',
    message: `Target ${percent(target)} ${what}; the history shows ${percent(observed)} (n = ${n} closed deals)${n < SMALL_SAMPLE ? ' — few deals' : ''}`,
  };
}

function unknownKpi(kpiId: string, kind: KpiKind, target: number, message: string): CalibratedKpi {
  return { kpiId, kind, target, observed: null, n: 0, severity: 'unknown', message };
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What to apply: everything, or the exits of some stages and the days of some stages. */
export type CalibrationSelection = 'all' | { transitionsFrom?: readonly string[]; stages?: readonly string[] };

/**
 * Applies observed figures as one new document (one undo step): for each selected stage with
 * observed exits, every exit gets its observed share (rounded to the app's step, summing to
 * exactly 1), transitions seen but not modelled are added, modelled ones never taken drop to 0;
 * for each selected stage with finished visits, `expectedDays` becomes the observed mean. Stages
 * without evidence are left as they are. Pure.
 */
export function applyCalibration(process: Process, calibration: Calibration, selection: CalibrationSelection = 'all'): Process {
  const fromIds = new Set(selection === 'all' ? process.stages.map((s) => s.id) : (selection.transitionsFrom ?? []));
  const dayIds = new Set(selection === 'all' ? process.stages.map((s) => s.id) : (selection.stages ?? []));
  let transitions: Transition[] = process.transitions;
  const usedIds = new Set(process.transitions.map((t) => t.id));
  for (const from of fromIds) {
    const observed = calibration.transitions.filter((t) => t.from === from && t.observed !== null);
    if (observed.length === 0) continue;
    const shares = roundToOne(observed.map((t) => t.observed!));
    const byTo = new Map(observed.map((t, i) => [t.to, shares[i]!]));
    transitions = transitions.map((t) => (t.from === from ? { ...t, probability: byTo.get(t.to) ?? 0 } : t));
    for (const t of observed) {
      if (t.current !== null) continue;
      let id = `${t.from}-${t.to}`.slice(0, 60);
      if (!IdSchema.safeParse(id).success) id = 'transition';
      for (let k = 2; usedIds.has(id); k++) id = `${t.from}-${t.to}`.slice(0, 56) + `-${k}`;
      usedIds.add(id);
      transitions = [...transitions, { id, from: t.from, to: t.to, probability: byTo.get(t.to)!, label: '' }];
    }
  }
  const daysById = new Map(calibration.stages.filter((s) => s.meanDays !== null && dayIds.has(s.stageId)).map((s) => [s.stageId, s.meanDays!]));
  const stages = daysById.size === 0 ? process.stages : process.stages.map((stage) => {
    const mean = daysById.get(stage.id);
    if (mean === undefined || stage.kind === 'won' || stage.kind === 'lost') return stage;
    const expectedDays = Math.min(3650, Math.round(mean * 10) / 10);
    return expectedDays === stage.expectedDays ? stage : { ...stage, expectedDays };
  });
  if (transitions === process.transitions && stages === process.stages) return process;
  return { ...process, transitions, stages };
}

// Shares rounded to the app's step can miss 1 by a step or two; the largest absorbs the rest.
function roundToOne(shares: readonly number[]): number[] {
  const rounded = shares.map(roundProbability);
  const total = rounded.reduce((a, b) => a + b, 0);
  let largest = 0;
  rounded.forEach((value, i) => {
    if (value > rounded[largest]!) largest = i;
  });
  rounded[largest] = roundProbability(rounded[largest]! + (1 - total));
  return rounded;
}
