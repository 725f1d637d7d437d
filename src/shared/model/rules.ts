import { isMandatory, type Field, type Requirement, type StageKind } from './schema';

/**
 * The rules every view, check, engine and the CLI share: what counts as terminal, as unjustified,
 * as unread, how close to 100% an exit sum must be, and how probabilities are rounded.
 * Defined once here so the canvas, the inspector, the Problems tab, the burden panel and the CLI
 * cannot disagree on a boundary.
 */

/**
 * Absolute tolerance when checking that a stage's exit probabilities sum to 1. Far wider than
 * floating-point error over thousands of exits, far narrower than the smallest step a user can
 * type (`PROBABILITY_STEPS`).
 */
export const PROBABILITY_TOLERANCE = 1e-6;

/**
 * Probabilities the app writes are multiples of 1 / PROBABILITY_STEPS (0.01 %). Every command
 * and view that rounds a share (a new exit, "spread the rest", a typed percentage) rounds to this.
 */
export const PROBABILITY_STEPS = 10000;

/**
 * Rounds a share 0..1 to the app's probability step (0.01 %). Dividing by an integer gives the
 * double closest to k / 10000, so 0.3333 prints as 0.3333.
 */
export function roundProbability(share: number): number {
  return Math.round(share * PROBABILITY_STEPS) / PROBABILITY_STEPS;
}

/** A share as a percentage on the probability step: 0.33333 → 33.33 (for inputs and labels). */
export function probabilityPercent(share: number): number {
  return Math.round(share * PROBABILITY_STEPS) / (PROBABILITY_STEPS / 100);
}

/** A typed percentage as a share on the probability step: 33.333 → 0.3333. */
export function shareFromPercent(percent: number): number {
  return roundProbability(percent / 100);
}

/** True when a sum of exit probabilities counts as 100%. */
export function sumsToOne(sum: number): boolean {
  return Math.abs(sum - 1) <= PROBABILITY_TOLERANCE;
}

/**
 * Whether a stage ends the process (won or lost): no transition may leave it, deals spend no days
 * in it, so weekly fields there cost nothing.
 */
export function isTerminal(stage: { kind: StageKind }): boolean {
  return stage.kind === 'won' || stage.kind === 'lost';
}

/**
 * The facts the review rules look at, as both a document field and an engine's effective field
 * (after what-if overrides) can provide them.
 */
export interface ReviewFacts {
  /** False for retired fields and fields switched off in a what-if. */
  active: boolean;
  requirement: Requirement;
  /** Somebody wrote down why the field exists (non-blank justification). */
  justified: boolean;
  /** Department ids of whoever reads the field. */
  consumers: readonly string[];
}

/** The review facts of a document field (no what-if). */
export function reviewFacts(field: Field): ReviewFacts {
  return {
    active: field.status !== 'retired',
    requirement: field.requirement,
    justified: field.justification.trim() !== '',
    consumers: field.consumers,
  };
}

/** "Unjustified": an active field reps cannot skip, with no recorded reason for existing. */
export function isUnjustified(facts: ReviewFacts): boolean {
  return facts.active && isMandatory(facts.requirement) && !facts.justified;
}

/** "Unread": an active field reps cannot skip, that nobody is recorded as reading. */
export function isUnread(facts: ReviewFacts): boolean {
  return facts.active && isMandatory(facts.requirement) && facts.consumers.length === 0;
}

/**
 * "Flagged": unjustified or unread (or both). The one word every first-screen count uses; its
 * time is the "unjustified burden" of the headline ("fields nobody has justified or reads").
 */
export function isFlagged(facts: ReviewFacts): boolean {
  return isUnjustified(facts) || isUnread(facts);
}

/**
 * Extra open concerns per field from review work (open challenges, unresolved comments). The
 * review feature supplies it; without it, a field's open concerns are just whether it is flagged.
 */
export type ExtraConcerns = (fieldId: string) => number;

/**
 * Open concerns on one field: 1 when it is flagged, plus whatever `extra` reports for it
 * (challenges, comments). The card's "open concerns" count is the sum over a stage's fields.
 */
export function openConcerns(field: Field, extra?: ExtraConcerns): number {
  return (isFlagged(reviewFacts(field)) ? 1 : 0) + (extra ? extra(field.id) : 0);
}
