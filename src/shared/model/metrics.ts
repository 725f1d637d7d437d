import { isMandatory, type Field, type Process, type Stage } from './schema';

/** Tolerance when checking that a stage's exit probabilities sum to 1. */
export const PROBABILITY_EPSILON = 1e-6;

/** An active field reps cannot skip, with no recorded reason for existing. */
export function lacksJustification(field: Field): boolean {
  return field.status !== 'retired' && isMandatory(field.requirement) && field.justification.trim() === '';
}

/** An active field reps cannot skip, that nobody is recorded as reading. */
export function lacksConsumer(field: Field): boolean {
  return field.status !== 'retired' && isMandatory(field.requirement) && field.consumers.length === 0;
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

/** Facts about one stage that the canvas shows on its node. */
export interface StageMetrics {
  /** Fields that are not retired. */
  activeFieldCount: number;
  /** Active fields the rep cannot skip (required or blocking). */
  requiredCount: number;
  /** Minutes one visit costs a rep: the typical seconds of every active field, ÷ 60. */
  adminMinutesPerVisit: number;
  /** Active mandatory fields with no justification or no consumer. */
  concernCount: number;
  /** Distinct departments that requested the stage's active fields, in first-seen order. */
  requesterIds: string[];
  /** Sum of outgoing probabilities, 0..n; null for terminal stages. */
  exitSum: number | null;
  /** True when the stage is not terminal and its exits do not sum to 1. */
  exitSumOff: boolean;
  /** True when `adminBudgetMinutes` is set and exceeded. */
  overBudget: boolean;
}

/** Whether a stage ends the process (won or lost). */
export function isTerminal(stage: Pick<Stage, 'kind'>): boolean {
  return stage.kind === 'won' || stage.kind === 'lost';
}

/** Computes a stage's node facts. `exitSum` is the sum of the stage's outgoing probabilities. */
export function stageMetrics(stage: Stage, exitSum: number): StageMetrics {
  let activeFieldCount = 0;
  let requiredCount = 0;
  let seconds = 0;
  let concernCount = 0;
  const requesterIds: string[] = [];
  for (const field of stage.fields) {
    if (field.status === 'retired') continue;
    activeFieldCount++;
    seconds += field.secondsToComplete;
    if (isMandatory(field.requirement)) requiredCount++;
    if (fieldConcern(field)) concernCount++;
    if (!requesterIds.includes(field.requestedBy)) requesterIds.push(field.requestedBy);
  }
  const adminMinutesPerVisit = seconds / 60;
  const terminal = isTerminal(stage);
  return {
    activeFieldCount,
    requiredCount,
    adminMinutesPerVisit,
    concernCount,
    requesterIds,
    exitSum: terminal ? null : exitSum,
    exitSumOff: !terminal && Math.abs(exitSum - 1) > PROBABILITY_EPSILON,
    overBudget: stage.adminBudgetMinutes !== undefined && adminMinutesPerVisit > stage.adminBudgetMinutes + 1e-9,
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
