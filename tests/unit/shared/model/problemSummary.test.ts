import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { validateProcess } from '../../../../src/shared/model/validate';
import { describeFlagged, describeProblems, problemsTabLabel, summarizeProblems } from '../../../../src/shared/model/problemSummary';

const TODAY = '2026-11-27';
const sample = createSampleProcess('2026-11-27T09:00:00.000Z');
const numbers = (text: string): number[] => [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));

describe('one vocabulary for the first screen', () => {
  it('breaks the Problems count into parts that add up to it, and counts flagged fields once each', () => {
    const problems = validateProcess(sample, { today: TODAY });
    const summary = summarizeProblems(problems);
    expect(summary.total).toBe(problems.length);
    expect(summary.parts.reduce((sum, part) => sum + part.count, 0)).toBe(summary.total);
    const unjustified = summary.parts.find((part) => part.code === 'unjustified-field')?.count ?? 0;
    const unread = summary.parts.find((part) => part.code === 'unconsumed-field')?.count ?? 0;
    expect(summary.flaggedWarnings).toBe(unjustified + unread);
    expect(summary.flaggedFields).toBeLessThanOrEqual(unjustified + unread);
    expect(summary.flaggedFields).toBeGreaterThanOrEqual(Math.max(unjustified, unread));
  });

  it('says the total, errors plus warnings, and the warnings by kind, each adding up to the one before', () => {
    const summary = summarizeProblems(validateProcess(sample, { today: TODAY }));
    const sentence = describeProblems(summary);
    const [total, errors, warnings, ...kinds] = numbers(sentence);
    expect(total).toBe(summary.total);
    expect(errors! + warnings!).toBe(total);
    expect(kinds.reduce((sum, n) => sum + n, 0)).toBe(warnings);
    expect(sentence).toMatch(/^\d+ problems: \d+ errors? and \d+ warnings? \(/);
  });

  it('gives the tab, the overview and the flag sentence the same total', () => {
    const summary = summarizeProblems(validateProcess(sample, { today: TODAY }));
    const tabTotal = numbers(problemsTabLabel(summary))[0];
    const overviewTotal = numbers(describeProblems(summary))[0];
    const [flagged, behind, flagTotal] = numbers(describeFlagged(summary));
    expect(tabTotal).toBe(summary.total);
    expect(overviewTotal).toBe(summary.total);
    expect(flagTotal).toBe(summary.total);
    expect(flagged).toBe(summary.flaggedFields);
    expect(behind).toBe(summary.flaggedWarnings);
  });

  it('says so plainly when there is nothing to report', () => {
    const summary = summarizeProblems([]);
    expect(describeProblems(summary)).toBe('No problems.');
    expect(describeFlagged(summary)).toBe('');
    expect(problemsTabLabel(summary)).toBe('Problems (0)');
  });
});
