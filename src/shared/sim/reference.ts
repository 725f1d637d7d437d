/**
 * Published figures the burden report can be held against, each with the number as published,
 * the publication, edition and year, and where a reader can check it.
 *
 * Only figures we could trace to a readable source are here. Salesforce's State of Sales figures
 * (34 % in 2018, 28 % in 2022, 30 % in 2024) were removed: no copy of those editions' pages with
 * the numbers could be checked. The former "other surveys, 30–35 %, midpoint 0.33" was not a
 * published figure at all and is gone. Figures are listed side by side, never averaged.
 */

/** A published figure with where it comes from. */
export interface ReferenceFigure {
  /** The figure as published, as a share of the rep's working time, 0..1. */
  value: number;
  /** What it measures: time spent selling, or time spent on administration. */
  measures: 'selling' | 'administration';
  /** What the publication says, one sentence, with the number as published. */
  claim: string;
  /** Who published it and what. */
  publication: string;
  /** Edition or survey round. */
  edition: string;
  /** Year of the edition. */
  year: number;
  /** Where to check it: title, date and URL of a page that quotes the number. */
  checkAt: string;
  /** "publication, edition (year)", for one-line citations. */
  source: string;
}

/** CSO Insights, 2011 Sales Performance Optimization survey: about 41 % of time selling. */
export const CSO_INSIGHTS_2011_SELLING: ReferenceFigure = {
  value: 0.41,
  measures: 'selling',
  claim: 'Salespeople spend about 41% of their time selling by phone or face-to-face (46% in the 2006 survey).',
  publication: 'CSO Insights, Sales Performance Optimization survey',
  edition: '2011 survey of more than 2,000 companies',
  year: 2011,
  checkAt:
    'Selling Power, “How Much Time Do Your Salespeople Spend Selling?”, 8 March 2011 — https://sellingpower.com/2011/03/08/9392/how-much-time-do-your-salespeople-spend-selling',
  source: 'CSO Insights, Sales Performance Optimization survey, 2011',
};

/** Pace Productivity time study: 22 % of the week selling. */
export const PACE_PRODUCTIVITY_SELLING: ReferenceFigure = {
  value: 0.22,
  measures: 'selling',
  claim: 'A salesperson spends 22% of the week selling.',
  publication: 'Pace Productivity (Mark Ellwood), time study of salespeople',
  edition: 'as reported in October 2018 (the study’s own year is not stated there)',
  year: 2018,
  checkAt: 'Red2Black Group, article of 11 October 2018 citing Pace Productivity — https://red2blackgroup.com/2018-10-11/',
  source: 'Pace Productivity time study, as reported in 2018',
};

/** Pace Productivity time study: 23 % of the week on administrative tasks. */
export const PACE_PRODUCTIVITY_ADMIN: ReferenceFigure = {
  value: 0.23,
  measures: 'administration',
  claim: 'A salesperson spends 23% of the week on administrative tasks.',
  publication: PACE_PRODUCTIVITY_SELLING.publication,
  edition: PACE_PRODUCTIVITY_SELLING.edition,
  year: 2018,
  checkAt: PACE_PRODUCTIVITY_SELLING.checkAt,
  source: PACE_PRODUCTIVITY_SELLING.source,
};

/** Every reference figure shown, each with its own source, most recent report first. */
export const SELLING_TIME_REFERENCES: readonly ReferenceFigure[] = [PACE_PRODUCTIVITY_SELLING, PACE_PRODUCTIVITY_ADMIN, CSO_INSIGHTS_2011_SELLING];

/**
 * The published figure used as the share of working time spent selling when admin hours are
 * turned into lost selling capacity: CSO Insights 2011 (41 %), the larger of the traceable
 * selling figures, so the opportunities-forgone estimate errs low rather than high.
 */
export const DEFAULT_SELLING_REFERENCE: ReferenceFigure = CSO_INSIGHTS_2011_SELLING;

/** `DEFAULT_SELLING_REFERENCE.value`, 0..1. */
export const DEFAULT_SELLING_SHARE = DEFAULT_SELLING_REFERENCE.value;
