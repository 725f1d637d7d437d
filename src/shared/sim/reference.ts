/**
 * Published figures the burden report can be held against. Approximate, quoted from memory of the
 * public reports' headline claims; check the source before putting a figure in front of a board.
 */

/** A published figure with where it comes from. */
export interface ReferenceFigure {
  /** The figure as a share of the rep's working time, 0..1. */
  value: number;
  /** What it measures, one sentence. */
  claim: string;
  /** Publication and year. */
  source: string;
}

/** Salesforce State of Sales (2022, 5th edition): reps spend ~28 % of their week selling. */
export const SALESFORCE_SELLING_2022: ReferenceFigure = {
  value: 0.28,
  claim: 'Sales reps spend about 28% of their week actually selling.',
  source: 'Salesforce State of Sales (2022): reps spend ~28% of their week selling',
};

/** Salesforce State of Sales (2018, 3rd edition): ~34 % of reps' time goes to selling. */
export const SALESFORCE_SELLING_2018: ReferenceFigure = {
  value: 0.34,
  claim: 'Sales reps spend about a third (~34%) of their time actually selling.',
  source: 'Salesforce State of Sales (2018): reps spend ~34% of their time selling',
};

/** Salesforce State of Sales (2024, 6th edition): ~70 % of time on non-selling tasks. */
export const SALESFORCE_SELLING_2024: ReferenceFigure = {
  value: 0.3,
  claim: 'Sales reps spend about 70% of their time on non-selling tasks, ~30% selling.',
  source: 'Salesforce State of Sales (2024): reps spend ~70% of their time on non-selling tasks',
};

/** Other rep-productivity surveys (e.g. CSO Insights) land in the 30–35 % range; midpoint used. */
export const OTHER_SURVEYS_SELLING: ReferenceFigure = {
  value: 0.33,
  claim: 'Other rep-productivity surveys put selling time at roughly 30–35% of the week.',
  source: 'Various sales-productivity surveys (e.g. CSO Insights), roughly 30–35%',
};

/** All reference figures, most recent first. */
export const SELLING_TIME_REFERENCES: readonly ReferenceFigure[] = [
  SALESFORCE_SELLING_2024,
  SALESFORCE_SELLING_2022,
  SALESFORCE_SELLING_2018,
  OTHER_SURVEYS_SELLING,
];

/**
 * The share of working time assumed to be selling when turning admin hours into lost selling
 * capacity, 0..1: the Salesforce 2022 figure.
 */
export const DEFAULT_SELLING_SHARE = SALESFORCE_SELLING_2022.value;
