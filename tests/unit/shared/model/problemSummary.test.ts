import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { validateProcess } from '../../../../src/shared/model/validate';
import { summarizeProblems } from '../../../../src/shared/model/problemSummary';

describe('one vocabulary for the first screen', () => {
  it('breaks the Problems count into parts that add up to it, and counts flagged fields once each', () => {
    const problems = validateProcess(createSampleProcess('2026-11-27T09:00:00.000Z'), { today: '2026-11-27' });
    const summary = summarizeProblems(problems);
    expect(summary.total).toBe(problems.length);
    expect(summary.parts.reduce((sum, part) => sum + part.count, 0)).toBe(summary.total);
    const unjustified = summary.parts.find((part) => part.code === 'unjustified-field')?.count ?? 0;
    const unread = summary.parts.find((part) => part.code === 'unconsumed-field')?.count ?? 0;
    expect(summary.flaggedFields).toBeLessThanOrEqual(unjustified + unread);
    expect(summary.flaggedFields).toBeGreaterThanOrEqual(Math.max(unjustified, unread));
  });
});
