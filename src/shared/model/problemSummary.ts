import type { Problem } from './problems';

/** The words every first-screen count uses for a problem code (one vocabulary). */
export const PROBLEM_WORDS: Readonly<Record<string, { one: string; many: string }>> = {
  'unjustified-field': { one: 'unjustified field', many: 'unjustified fields' },
  'unconsumed-field': { one: 'unread field', many: 'unread fields' },
  'near-duplicate': { one: 'near-duplicate', many: 'near-duplicates' },
  'review-overdue': { one: 'overdue review', many: 'overdue reviews' },
  'over-budget': { one: 'stage over budget', many: 'stages over budget' },
  'idle-weekly-field': { one: 'weekly field on a closed stage', many: 'weekly fields on closed stages' },
  'parallel-transitions': { one: 'duplicate arrow', many: 'duplicate arrows' },
};

/** One line of the breakdown. */
export interface ProblemCount {
  code: string;
  count: number;
  /** "4 unread fields". */
  text: string;
}

/** Problems in one vocabulary: the parts always add up to `total` (the Problems tab's number). */
export interface ProblemSummary {
  total: number;
  errors: number;
  warnings: number;
  /** Errors first (as one line), then warnings by kind, biggest first. */
  parts: ProblemCount[];
  /** Distinct fields that are unjustified or unread (`isFlagged`): what the register calls flagged. */
  flaggedFields: number;
  /**
   * The warnings those fields raise (unjustified plus unread; a field that is both raises two), so
   * the flag count can be placed inside the total: "5 flagged fields, behind 6 of the 15 problems".
   */
  flaggedWarnings: number;
}

/** Counts problems by kind so the overview, the Problems tab and the register say the same thing. */
export function summarizeProblems(problems: readonly Problem[]): ProblemSummary {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const byCode = new Map<string, number>();
  const flagged = new Set<string>();
  let flaggedWarnings = 0;
  for (const problem of problems) {
    if (problem.severity !== 'warning') continue;
    byCode.set(problem.code, (byCode.get(problem.code) ?? 0) + 1);
    if ((problem.code === 'unjustified-field' || problem.code === 'unconsumed-field') && problem.fieldId) {
      flagged.add(problem.fieldId);
      flaggedWarnings += 1;
    }
  }
  const parts: ProblemCount[] = [];
  if (errors > 0) parts.push({ code: 'error', count: errors, text: `${errors} error${errors === 1 ? '' : 's'}` });
  for (const [code, count] of [...byCode.entries()].sort((a, b) => b[1] - a[1])) {
    const words = PROBLEM_WORDS[code] ?? { one: 'other warning', many: 'other warnings' };
    parts.push({ code, count, text: `${count} ${count === 1 ? words.one : words.many}` });
  }
  return { total: problems.length, errors, warnings: problems.length - errors, parts, flaggedFields: flagged.size, flaggedWarnings };
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** The Problems tab's label: the total every other count is a part of. */
export function problemsTabLabel(summary: ProblemSummary): string {
  return `Problems (${summary.total})`;
}

/**
 * The one sentence the overview and the Problems tab open with: the total, split into errors and
 * warnings, and the warnings by kind — every number a visible part of the one before it.
 * "15 problems: 0 errors and 15 warnings (4 stages over budget · 3 unread fields · …)."
 */
export function describeProblems(summary: ProblemSummary): string {
  if (summary.total === 0) return 'No problems.';
  const kinds = summary.parts.filter((part) => part.code !== 'error').map((part) => part.text);
  return (
    `${plural(summary.total, 'problem', 'problems')}: ${plural(summary.errors, 'error', 'errors')} and ` +
    `${plural(summary.warnings, 'warning', 'warnings')}${kinds.length > 0 ? ` (${kinds.join(' · ')})` : ''}.`
  );
}

/**
 * The flag count in the same terms, wherever it is shown (overview, Problems tab, field
 * register): "5 fields flagged (unjustified or unread), behind 6 of the 15 problems." Empty when
 * no field is flagged.
 */
export function describeFlagged(summary: ProblemSummary): string {
  if (summary.flaggedFields === 0) return '';
  return (
    `${plural(summary.flaggedFields, 'field', 'fields')} flagged (unjustified or unread), ` +
    `behind ${summary.flaggedWarnings} of the ${plural(summary.total, 'problem', 'problems')}.`
  );
}
