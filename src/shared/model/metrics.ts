import { isMandatory, type Field, type Process, type Stage } from './schema';
import { stageAdminTime, type StageFlowFacts } from './adminTime';
import { isTerminal, isUnjustified, isUnread, openConcerns, reviewFacts, sumsToOne, type ExtraConcerns } from './rules';

/** An active field reps cannot skip, with no recorded reason for existing (see `isUnjustified`). */
export function lacksJustification(field: Field): boolean {
  return isUnjustified(reviewFacts(field));
}

/** An active field reps cannot skip, that nobody is recorded as reading (see `isUnread`). */
export function lacksConsumer(field: Field): boolean {
  return isUnread(reviewFacts(field));
}

/**
 * Observed fill rate below which a mandatory field is flagged (0..1): a field the CRM requires
 * should be filled on every deal, so blank on more than 10 % of them means the rule is not enforced
 * or reps work around it (placeholder values, records created elsewhere).
 */
export const REQUIRED_FILL_RATE_FLOOR = 0.9;

/** An active mandatory field whose observed fill rate (from a CRM usage export) is below the floor. */
export function requiredButBlank(field: Field): boolean {
  return field.status !== 'retired' && isMandatory(field.requirement) && field.fillRate !== undefined && field.fillRate < REQUIRED_FILL_RATE_FLOOR;
}

/** Why a mandatory field is flagged; undefined when it is not. */
export function fieldConcern(field: Field): string | undefined {
  const noWhy = lacksJustification(field);
  const noReader = lacksConsumer(field);
  if (noWhy && noReader) return 'Nobody has said why this field exists, and nobody is recorded as using it';
  if (noWhy) return 'Nobody has said why this field exists';
  if (noReader) return 'Nobody is recorded as using this field';
  return undefined;
}

/** Facts about one stage that the canvas shows on its card. */
export interface StageMetrics {
  /** Fields that are not retired. */
  activeFieldCount: number;
  /** Active fields the rep cannot skip (required or blocking). */
  requiredCount: number;
  /** Active fields that withhold commission until filled. */
  commissionBlockingCount: number;
  /** Active fields updated every week the deal sits in the stage. */
  weeklyCount: number;
  /** Admin minutes the first visit costs a rep, from `stageAdminTime` (the engines' count). */
  adminMinutesPerVisit: number;
  /** Admin minutes per deal when the flow through the stage is known (`context.flow`), else null. */
  adminMinutesPerDeal: number | null;
  /** Open concerns: flagged fields (unjustified or unread) plus any extra the review feature reports. */
  openConcernCount: number;
  /** Distinct departments that requested the stage's active fields, in first-seen order. */
  requesterIds: string[];
  /** Sum of outgoing probabilities, 0..n; null for terminal stages. */
  exitSum: number | null;
  /** True when the stage is not terminal and its exits do not sum to 1. */
  exitSumOff: boolean;
  /** True when `adminBudgetMinutes` is set and the minutes per visit exceed it. */
  overBudget: boolean;
  /** Active weekly fields on a won / lost stage, which cost nothing there. */
  idleWeeklyFieldIds: string[];
}

/** What `stageMetrics` needs besides the stage. */
export interface StageMetricsContext {
  /** Sum of the stage's outgoing probabilities (`exitSums`). */
  exitSum: number;
  /** The scenario's default fill rate for optional fields without their own. */
  defaultFillRate: number;
  /** Visits and reach from the expected-value engine, when the process is valid. */
  flow?: StageFlowFacts;
  /** Extra open concerns per field (challenges, comments) from the review feature. */
  extraConcerns?: ExtraConcerns;
}

/** Whether admin minutes per visit exceed an agreed budget (unset budget: never). */
export function exceedsBudget(minutesPerVisit: number, budgetMinutes: number | undefined): boolean {
  return budgetMinutes !== undefined && minutesPerVisit > budgetMinutes + 1e-9;
}

/** Computes a stage's card facts. */
export function stageMetrics(stage: Stage, context: StageMetricsContext): StageMetrics {
  let activeFieldCount = 0;
  let requiredCount = 0;
  let commissionBlockingCount = 0;
  let weeklyCount = 0;
  let openConcernCount = 0;
  const requesterIds: string[] = [];
  for (const field of stage.fields) {
    if (field.status === 'retired') continue;
    activeFieldCount++;
    if (isMandatory(field.requirement)) requiredCount++;
    if (field.requirement === 'blocks-commission') commissionBlockingCount++;
    if (field.entries === 'weekly-while-in-stage') weeklyCount++;
    openConcernCount += openConcerns(field, context.extraConcerns);
    if (!requesterIds.includes(field.requestedBy)) requesterIds.push(field.requestedBy);
  }
  const time = stageAdminTime(stage, context.defaultFillRate, context.flow);
  const terminal = isTerminal(stage);
  return {
    activeFieldCount,
    requiredCount,
    commissionBlockingCount,
    weeklyCount,
    adminMinutesPerVisit: time.minutesPerVisit,
    adminMinutesPerDeal: time.minutesPerDeal,
    openConcernCount,
    requesterIds,
    exitSum: terminal ? null : context.exitSum,
    exitSumOff: !terminal && !sumsToOne(context.exitSum),
    overBudget: exceedsBudget(time.minutesPerVisit, stage.adminBudgetMinutes),
    idleWeeklyFieldIds: time.idleWeeklyFieldIds,
  };
}

/** Sum of outgoing probabilities per stage id. */
export function exitSums(process: Process): Map<string, number> {
  const sums = new Map<string, number>();
  for (const transition of process.transitions) {
    sums.set(transition.from, (sums.get(transition.from) ?? 0) + transition.probability);
  }
  return sums;
}
