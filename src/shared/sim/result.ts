import type { Problem } from '../model/problems';
import type { EffectiveField } from './compile';


/** One field's burden per opportunity, from either engine. */
export interface FieldBurden extends EffectiveField {
  /**
   * Expected fills per opportunity: for `weekly-while-in-stage` this counts weeks (pro rata), for
   * optional fields it is already weighted by the fill rate.
   */
  entriesPerOpportunity: number;
  /** Admin seconds per opportunity (mean over opportunities). */
  secondsPerOpportunity: number;
}

/** How opportunities flow through one stage, from either engine. */
export interface StageFlow {
  stageId: string;
  name: string;
  /** `transient` for start and working stages. */
  kind: 'transient' | 'won' | 'lost';
  /** Mean visits per opportunity (won / lost: share of opportunities ending there). */
  visitsPerOpportunity: number;
  /** Probability (or observed share) that an opportunity ever reaches the stage, 0..1. */
  reachProbability: number;
  /** Mean days per opportunity spent in the stage, summed over visits. */
  daysPerOpportunity: number;
  /** The agreed admin budget per visit, minutes, when set. */
  adminBudgetMinutes?: number;
}

/**
 * What the roll-ups need, whichever engine produced it. All "per opportunity" figures are means
 * over opportunities entering at the start stage.
 */
export interface BurdenSource {
  engine: 'expected' | 'monte-carlo';
  fields: FieldBurden[];
  stages: StageFlow[];
  /** Probability an opportunity is won, 0..1. */
  winProbability: number;
  /** Probability an opportunity is lost, 0..1. */
  lossProbability: number;
  /** Mean days from entering the start stage to won / lost. */
  daysToClose: number;
  /** Mean admin seconds per opportunity: the sum of the fields' `secondsPerOpportunity`. */
  secondsPerOpportunity: number;
}

/** An engine's refusal: the process (or the overrides) has errors; nothing was computed. */
export interface SimFailure {
  ok: false;
  problems: Problem[];
}

/**
 * A field's burden record. Properties are listed one by one: object spread of 3,000 fields
 * measured 5 µs a field in V8, 10× the rest of the expected-value engine.
 */
export function fieldBurden(f: EffectiveField, entriesPerOpportunity: number, secondsPerOpportunity: number): FieldBurden {
  return {
    stageId: f.stageId,
    stageIndex: f.stageIndex,
    fieldId: f.fieldId,
    fieldIndex: f.fieldIndex,
    label: f.label,
    requirement: f.requirement,
    requestedBy: f.requestedBy,
    consumers: f.consumers,
    valueToSales: f.valueToSales,
    status: f.status,
    entries: f.entries,
    justified: f.justified,
    active: f.active,
    weight: f.weight,
    seconds: f.seconds,
    secondsMin: f.secondsMin,
    secondsMax: f.secondsMax,
    meanSeconds: f.meanSeconds,
    entriesPerOpportunity,
    secondsPerOpportunity,
  };
}
