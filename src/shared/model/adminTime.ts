import { isMandatory, type Entries, type Field, type Requirement, type Stage } from './schema';
import { isTerminal } from './rules';

/**
 * The one definition of a stage's admin time, as both engines count it.
 *
 * For a field with weight w (1 if reps cannot skip it, its fill rate — or the scenario's default —
 * if optional, 0 if retired) and mean seconds t = (min + typical + max) / 3 (the mean of the
 * triangular distribution the Monte Carlo engine draws from):
 * - one visit costs w · t for `once-per-deal` and `every-stage-visit` fields, and
 *   w · t · days-per-visit / 7 for `weekly-while-in-stage` fields (partial weeks pro rata);
 * - one deal costs w · t · P(stage reached) for `once-per-deal`, w · t · E[visits] for
 *   `every-stage-visit`, and w · t · E[visits] · days / 7 for weekly fields.
 * Won and lost stages take no days, so a weekly field there costs nothing.
 *
 * "Per visit" is what the first visit costs (a once-per-deal field is not asked again on a loop),
 * so per deal ≤ E[visits] × per visit. The card, the inspector, the budget check, the Problems
 * tab, the heat view, the burden panel and the CLI all read these functions.
 */

/** Mean of a triangular distribution over [min, max] with mode `typical`, seconds. */
export function triangularMeanSeconds(min: number, typical: number, max: number): number {
  return (min + typical + max) / 3;
}

/** Mean seconds one fill of the field takes: the triangular mean, the typical value without spread. */
export function fieldMeanSeconds(field: Pick<Field, 'secondsToComplete' | 'secondsMin' | 'secondsMax'>): number {
  const typical = field.secondsToComplete;
  return triangularMeanSeconds(Math.min(field.secondsMin ?? typical, typical), typical, Math.max(field.secondsMax ?? typical, typical));
}

/**
 * Expected share of entries a rep actually fills, 0..1: 0 when inactive, 1 when the rep cannot
 * skip the field, else its fill rate (or the scenario's `defaultFillRate` when it has none).
 */
export function fillWeight(active: boolean, requirement: Requirement, fillRate: number | undefined, defaultFillRate: number): number {
  if (!active) return 0;
  return isMandatory(requirement) ? 1 : (fillRate ?? defaultFillRate);
}

/** Days one visit to the stage lasts as the engines see it: 0 on won / lost stages. */
export function daysPerVisit(stage: Pick<Stage, 'kind' | 'expectedDays'>): number {
  return isTerminal(stage) ? 0 : stage.expectedDays;
}

/** How often a deal moves through a stage: expected visits and the probability of ever arriving. */
export interface StageFlowFacts {
  /** Expected visits per deal (loops count again). */
  visits: number;
  /** Probability a deal ever reaches the stage, 0..1. */
  reach: number;
}

/** Fills of a field with this entry rule in one (first) visit of `days` days. */
export function entriesPerVisit(entries: Entries, days: number): number {
  return entries === 'weekly-while-in-stage' ? days / 7 : 1;
}

/** Fills of a field with this entry rule per deal, given how deals flow through its stage. */
export function entriesPerDeal(entries: Entries, flow: StageFlowFacts, days: number): number {
  if (entries === 'once-per-deal') return flow.reach;
  if (entries === 'every-stage-visit') return flow.visits;
  return (flow.visits * days) / 7;
}

/**
 * Seconds a field costs on one (first) visit from its effective facts: weight (`fillWeight`),
 * mean seconds per fill (`fieldMeanSeconds`), entry rule, and the stage's `daysPerVisit`. What-if
 * views pass the engine's effective field (overrides applied).
 */
export function secondsPerVisit(weight: number, meanSeconds: number, entries: Entries, days: number): number {
  return weight === 0 ? 0 : weight * meanSeconds * entriesPerVisit(entries, days);
}

/** Seconds one field costs on one (first) visit to its stage, as the engines count it. */
export function fieldSecondsPerVisit(field: Field, stage: Pick<Stage, 'kind' | 'expectedDays'>, defaultFillRate: number): number {
  const weight = fillWeight(field.status !== 'retired', field.requirement, field.fillRate, defaultFillRate);
  return secondsPerVisit(weight, fieldMeanSeconds(field), field.entries, daysPerVisit(stage));
}

/** Seconds one field costs per deal, as the expected-value engine counts it. */
export function fieldSecondsPerDeal(
  field: Field,
  stage: Pick<Stage, 'kind' | 'expectedDays'>,
  defaultFillRate: number,
  flow: StageFlowFacts,
): number {
  const weight = fillWeight(field.status !== 'retired', field.requirement, field.fillRate, defaultFillRate);
  if (weight === 0) return 0;
  return weight * fieldMeanSeconds(field) * entriesPerDeal(field.entries, flow, daysPerVisit(stage));
}

/** A stage's admin time: per visit always, per deal when the flow through the stage is known. */
export interface StageAdminTime {
  /** Admin minutes the first visit to the stage costs a rep. */
  minutesPerVisit: number;
  /** Admin minutes per deal (opportunity); null without flow facts (e.g. an invalid process). */
  minutesPerDeal: number | null;
  /** Active weekly fields on a won / lost stage: they cost nothing there (no days pass). */
  idleWeeklyFieldIds: string[];
}

/**
 * The one function for a stage's admin minutes per visit and per deal. `defaultFillRate` is the
 * scenario's; `flow` comes from the expected-value engine (`StageFlow.visitsPerOpportunity` and
 * `reachProbability`) when the process is valid.
 */
export function stageAdminTime(stage: Stage, defaultFillRate: number, flow?: StageFlowFacts): StageAdminTime {
  let perVisit = 0;
  let perDeal = 0;
  const idleWeeklyFieldIds: string[] = [];
  const terminal = isTerminal(stage);
  for (const field of stage.fields) {
    perVisit += fieldSecondsPerVisit(field, stage, defaultFillRate);
    if (flow) perDeal += fieldSecondsPerDeal(field, stage, defaultFillRate, flow);
    if (terminal && field.status !== 'retired' && field.entries === 'weekly-while-in-stage') idleWeeklyFieldIds.push(field.id);
  }
  return { minutesPerVisit: perVisit / 60, minutesPerDeal: flow ? perDeal / 60 : null, idleWeeklyFieldIds };
}
