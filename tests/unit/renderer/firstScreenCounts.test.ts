import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { validateProcess } from '../../../src/shared/model/validate';
import { RequirementSchema, type Process } from '../../../src/shared/model/schema';
import { describeFlagged, summarizeProblems } from '../../../src/shared/model/problemSummary';
import { filterRows, registerRows } from '../../../src/renderer/src/features/register/registerModel';

const TODAY = '2026-11-27';
const sample = createSampleProcess('2026-11-27T09:00:00.000Z');

/** What the field register's "Flagged" choice shows, as the register computes it. */
const registerFlagged = (doc: Process): number => filterRows(registerRows(doc, null, TODAY), { query: '', show: 'flagged', requestedBy: '' }).length;

describe("the field register's flag count", () => {
  it('is the count the overview and the Problems tab give, in the same words', () => {
    const summary = summarizeProblems(validateProcess(sample, { today: TODAY }));
    expect(registerFlagged(sample)).toBe(summary.flaggedFields);
    expect(describeFlagged(summary)).toMatch(new RegExp(`^${summary.flaggedFields} fields flagged \\(unjustified or unread\\)`));
  });

  it('flags exactly the fields the problems count as flagged, on any mix of requirements, reasons, readers and retirements', () => {
    const fieldCount = sample.stages.reduce((n, stage) => n + stage.fields.length, 0);
    const variant = fc.record({
      requirement: fc.constantFrom(...RequirementSchema.options),
      justified: fc.boolean(),
      read: fc.boolean(),
      retired: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(variant, { minLength: fieldCount, maxLength: fieldCount }), (variants) => {
        let index = 0;
        const doc: Process = {
          ...sample,
          stages: sample.stages.map((stage) => ({
            ...stage,
            fields: stage.fields.map((field) => {
              const v = variants[index++]!;
              return {
                ...field,
                requirement: v.requirement,
                justification: v.justified ? field.justification || 'Needed by finance' : '',
                consumers: v.read ? (field.consumers.length > 0 ? field.consumers : [field.requestedBy]) : [],
                ...(v.retired ? { status: 'retired' as const } : field.status === 'retired' ? { status: 'justified' as const } : {}),
              };
            }),
          })),
        };
        const summary = summarizeProblems(validateProcess(doc, { today: TODAY }));
        expect(registerFlagged(doc)).toBe(summary.flaggedFields);
      }),
      { numRuns: 200 },
    );
  });

});
