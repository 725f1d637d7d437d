import { daysPerVisit, secondsPerVisit } from '../model/adminTime';
import { exceedsBudget } from '../model/metrics';
import { isFlagged } from '../model/rules';
import { type Process, type Requirement, type ValueToSales } from '../model/schema';
import { DEFAULT_SELLING_REFERENCE, DEFAULT_SELLING_SHARE } from './reference';
import type { BurdenSource, FieldBurden } from './result';

/** Options for the roll-ups. */
export interface RollupOptions {
  /**
   * Share of a rep's working time spent selling, 0..1, used to price admin time as lost selling
   * capacity. Default `DEFAULT_SELLING_SHARE` (CSO Insights 2011, 41 %; see `reference.ts`).
   */
  sellingShare?: number;
}

/**
 * The headline figures. "Per rep-month" means one rep working `opportunitiesPerRepPerMonth`
 * opportunities in a month (steady state: each month's new deals bring their whole burden).
 */
export interface Headline {
  /** Mean admin minutes per opportunity. */
  minutesPerOpportunity: number;
  /** Admin hours per rep per month = opportunitiesPerRepPerMonth × minutes per opportunity ÷ 60. */
  hoursPerRepPerMonth: number;
  /** Admin hours ÷ workingHoursPerMonth, 0..(can exceed 1 for absurd processes). */
  shareOfWorkingTime: number;
  /** Admin hours per month for the whole team (× reps). */
  teamHoursPerMonth: number;
  /** Team admin hours × loadedHourlyCost, in the scenario currency per month. */
  monthlyCost: number;
  /** Minutes per opportunity on active mandatory fields with no justification or no consumers. */
  unjustifiedMinutesPerOpportunity: number;
  /** Unjustified minutes ÷ all admin minutes, 0..1 (0 when there is no burden). */
  unjustifiedShare: number;
  /** Unjustified hours per month for the whole team. */
  unjustifiedTeamHoursPerMonth: number;
  /** Probability an opportunity is won, 0..1. */
  winProbability: number;
  /** Mean days from the start stage to won / lost. */
  daysToClose: number;
  /**
   * Selling hours one opportunity gets = workingHoursPerMonth × sellingShare ÷
   * opportunitiesPerRepPerMonth (assumption: selling time is spread evenly over a rep's deals).
   */
  sellingHoursPerOpportunity: number;
  /** Team admin hours ÷ selling hours per opportunity: opportunities that could have been worked. */
  opportunitiesForgonePerMonth: number;
  /** Those opportunities × win probability × averageDealValue, in currency per month. */
  revenueEquivalentPerMonth: number;
}

/** Time attributed to one group (a department, a value class…). */
export interface Bucket {
  key: string;
  label: string;
  /** Mean admin seconds per opportunity. */
  secondsPerOpportunity: number;
  /** Admin minutes per rep-month. */
  minutesPerRepMonth: number;
  /** Share of all admin time, 0..1. */
  share: number;
}

/** One field's line in the report. */
export interface FieldRow extends Bucket {
  stageId: string;
  fieldId: string;
  requirement: Requirement;
  /** Mandatory, active, and lacking a justification or a consumer. */
  unjustified: boolean;
}

/** One stage's line in the report. */
export interface StageRow extends Bucket {
  stageId: string;
  visitsPerOpportunity: number;
  reachProbability: number;
  /** Admin minutes the first visit costs (`stageAdminTime`'s count, what-if overrides applied). */
  minutesPerVisit: number;
  adminBudgetMinutes?: number;
  /** True when a budget is set and `minutesPerVisit` exceeds it. */
  overBudget: boolean;
}

/** Everything the burden panel and the CLI report show. */
export interface BurdenRollup {
  engine: BurdenSource['engine'];
  currency: string;
  headline: Headline;
  /** Heaviest first. */
  fields: FieldRow[];
  /** In document order. */
  stages: StageRow[];
  byRequester: Bucket[];
  /** A field's time split evenly over its consumers; unconsumed time under key `nobody`. */
  byConsumer: Bucket[];
  byValueToSales: Bucket[];
  byRequirement: Bucket[];
  assumptions: { sellingShare: number; sellingShareSource: string };
}

/** Key of the consumer bucket for fields nobody is recorded as reading. */
export const NOBODY = 'nobody';

/* Display orders. */
const VALUES: readonly ValueToSales[] = ['none', 'low', 'medium', 'high'];
const REQUIREMENTS: readonly Requirement[] = ['optional', 'required', 'blocks-stage', 'blocks-commission'];

/** Whether a field's time counts as unjustified burden: the field is flagged (`isFlagged`). */
export function isUnjustified(field: FieldBurden): boolean {
  return isFlagged(field);
}

/** Rolls an engine's result up for display. Pure; does not mutate its inputs. */
export function rollupBurden(process: Process, source: BurdenSource, opts: RollupOptions = {}): BurdenRollup {
  const scenario = process.scenario;
  const sellingShare = opts.sellingShare ?? DEFAULT_SELLING_SHARE;
  const opps = scenario.opportunitiesPerRepPerMonth;
  const totalSeconds = source.fields.reduce((acc, f) => acc + f.secondsPerOpportunity, 0);
  const share = (s: number): number => (totalSeconds > 0 ? s / totalSeconds : 0);
  const repMinutes = (s: number): number => (s * opps) / 60;
  const bucket = (key: string, label: string, seconds: number): Bucket => ({
    key,
    label,
    secondsPerOpportunity: seconds,
    minutesPerRepMonth: repMinutes(seconds),
    share: share(seconds),
  });

  const flagged = source.fields.map(isUnjustified);
  const fields: FieldRow[] = source.fields
    .map(
      (f, i): FieldRow => ({
        key: `${f.stageId}/${f.fieldId}`,
        label: f.label,
        secondsPerOpportunity: f.secondsPerOpportunity,
        minutesPerRepMonth: repMinutes(f.secondsPerOpportunity),
        share: share(f.secondsPerOpportunity),
        stageId: f.stageId,
        fieldId: f.fieldId,
        requirement: f.requirement,
        unjustified: flagged[i]!,
      }),
    )
    .sort((a, b) => b.secondsPerOpportunity - a.secondsPerOpportunity);

  // Engines list stages in document order and give each field its stage's index.
  const stageSeconds = new Float64Array(source.stages.length);
  const visitSeconds = new Float64Array(source.stages.length);
  const stageDays = process.stages.map((stage) => daysPerVisit(stage));
  for (const f of source.fields) {
    stageSeconds[f.stageIndex] = stageSeconds[f.stageIndex]! + f.secondsPerOpportunity;
    // The same per-visit count as the canvas card (`stageAdminTime`), with what-if overrides applied.
    visitSeconds[f.stageIndex] = visitSeconds[f.stageIndex]! + secondsPerVisit(f.weight, f.meanSeconds, f.entries, stageDays[f.stageIndex] ?? 0);
  }
  const stages: StageRow[] = source.stages.map((s, i) => {
    const seconds = stageSeconds[i]!;
    const minutesPerVisit = visitSeconds[i]! / 60;
    return {
      key: s.stageId,
      label: s.name,
      secondsPerOpportunity: seconds,
      minutesPerRepMonth: repMinutes(seconds),
      share: share(seconds),
      stageId: s.stageId,
      visitsPerOpportunity: s.visitsPerOpportunity,
      reachProbability: s.reachProbability,
      minutesPerVisit,
      ...(s.adminBudgetMinutes !== undefined ? { adminBudgetMinutes: s.adminBudgetMinutes } : {}),
      overBudget: exceedsBudget(minutesPerVisit, s.adminBudgetMinutes),
    };
  });

  const deptName = new Map(process.departments.map((d) => [d.id, d.name]));
  const deptOrder = process.departments.map((d) => d.id);
  const requester = new Map<string, number>();
  const consumer = new Map<string, number>();
  const value = new Map<string, number>();
  const requirement = new Map<string, number>();
  let unjustifiedSeconds = 0;
  for (let i = 0; i < source.fields.length; i++) {
    const f = source.fields[i]!;
    const s = f.secondsPerOpportunity;
    add(requester, f.requestedBy, s);
    // Each distinct reader once, in first-listed order (a reader listed twice is one reader).
    const consumers = f.consumers;
    let readers = 0;
    for (let c = 0; c < consumers.length; c++) if (consumers.indexOf(consumers[c]!) === c) readers++;
    if (readers === 0) add(consumer, NOBODY, s);
    else for (let c = 0; c < consumers.length; c++) if (consumers.indexOf(consumers[c]!) === c) add(consumer, consumers[c]!, s / readers);
    add(value, f.valueToSales, s);
    add(requirement, f.requirement, s);
    if (flagged[i]) unjustifiedSeconds += s;
  }
  const deptBuckets = (map: Map<string, number>): Bucket[] => {
    const keys = [...deptOrder.filter((k) => map.has(k)), ...[...map.keys()].filter((k) => !deptName.has(k) && k !== NOBODY)];
    if (map.has(NOBODY)) keys.push(NOBODY);
    return keys.map((k) => bucket(k, k === NOBODY ? 'Nobody' : (deptName.get(k) ?? k), map.get(k) ?? 0));
  };

  const minutesPerOpportunity = totalSeconds / 60;
  const hoursPerRepPerMonth = (opps * minutesPerOpportunity) / 60;
  const teamHoursPerMonth = hoursPerRepPerMonth * scenario.reps;
  const sellingHoursPerOpportunity = opps > 0 ? (scenario.workingHoursPerMonth * sellingShare) / opps : 0;
  const opportunitiesForgonePerMonth = sellingHoursPerOpportunity > 0 ? teamHoursPerMonth / sellingHoursPerOpportunity : 0;
  const headline: Headline = {
    minutesPerOpportunity,
    hoursPerRepPerMonth,
    shareOfWorkingTime: hoursPerRepPerMonth / scenario.workingHoursPerMonth,
    teamHoursPerMonth,
    monthlyCost: teamHoursPerMonth * scenario.loadedHourlyCost,
    unjustifiedMinutesPerOpportunity: unjustifiedSeconds / 60,
    unjustifiedShare: share(unjustifiedSeconds),
    unjustifiedTeamHoursPerMonth: ((opps * unjustifiedSeconds) / 3600) * scenario.reps,
    winProbability: source.winProbability,
    daysToClose: source.daysToClose,
    sellingHoursPerOpportunity,
    opportunitiesForgonePerMonth,
    revenueEquivalentPerMonth: opportunitiesForgonePerMonth * source.winProbability * scenario.averageDealValue,
  };

  return {
    engine: source.engine,
    currency: scenario.currency,
    headline,
    fields,
    stages,
    byRequester: deptBuckets(requester),
    byConsumer: deptBuckets(consumer),
    byValueToSales: VALUES.filter((v) => value.has(v)).map((v) => bucket(v, v, value.get(v)!)),
    byRequirement: REQUIREMENTS.filter((r) => requirement.has(r)).map((r) => bucket(r, r, requirement.get(r)!)),
    assumptions: {
      sellingShare,
      sellingShareSource:
        opts.sellingShare === undefined ? DEFAULT_SELLING_REFERENCE.source : 'set by the caller',
    },
  };
}

function add(map: Map<string, number>, key: string, seconds: number): void {
  map.set(key, (map.get(key) ?? 0) + seconds);
}

/** One headline figure before and after a what-if. */
export interface Delta {
  base: number;
  whatIf: number;
  /** whatIf − base. */
  delta: number;
}

/** Every headline figure's change between two roll-ups. */
export type BurdenComparison = { [K in keyof Headline]: Delta };

/** Compares two roll-ups (typically the document and a what-if with overrides). */
export function compareBurden(base: BurdenRollup, whatIf: BurdenRollup): BurdenComparison {
  const out = {} as BurdenComparison;
  for (const key of Object.keys(base.headline) as (keyof Headline)[]) {
    const b = base.headline[key];
    const w = whatIf.headline[key];
    out[key] = { base: b, whatIf: w, delta: w - b };
  }
  return out;
}
