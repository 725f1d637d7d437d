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
  /** Distinct fields that are unjustified or unread: what the register calls flagged. */
  flaggedFields: number;
}

/** Counts problems by kind so the overview, the Problems tab and the register say the same thing. */
export function summarizeProblems(problems: readonly Problem[]): ProblemSummary {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const byCode = new Map<string, number>();
  const flagged = new Set<string>();
  for (const problem of problems) {
    if (problem.severity !== 'warning') continue;
    byCode.set(problem.code, (byCode.get(problem.code) ?? 0) + 1);
    if ((problem.code === 'unjustified-field' || problem.code === 'unconsumed-field') && problem.fieldId) flagged.add(problem.fieldId);
  }
  const parts: ProblemCount[] = [];
  if (errors > 0) parts.push({ code: 'error', count: errors, text: `${errors} error${errors === 1 ? '' : 's'}` });
  for (const [code, count] of [...byCode.entries()].sort((a, b) => b[1] - a[1])) {
    const words = PROBLEM_WORDS[code] ?? { one: 'other warning', many: 'other warnings' };
    parts.push({ code, count, text: `${count} ${count === 1 ? words.one : words.many}` });
  }
  return { total: problems.length, errors, warnings: problems.length - errors, parts, flaggedFields: flagged.size };
}
