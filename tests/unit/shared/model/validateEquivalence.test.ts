import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structuralProblems, validateProcess } from '../../../../src/shared/model/validate';
import { deepFreeze } from '../../helpers/deepFreeze';
import { corpusCase } from './validationCorpus';
import { digestProblems, type RecordedCase } from './validationDigest';

// The oracle: what validation returned on every corpus case before it was rewritten for speed
// (recorded by recordValidation.ts from the earlier implementation). Every rule fires somewhere in
// the corpus; a different message, path, id, count or order on any case fails here.
const recorded = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/validation/recorded.json'), 'utf8')) as RecordedCase[];

describe('validation equals the recorded outputs of the earlier implementation', () => {
  it('covers every rule in the corpus', () => {
    const codes = new Set(recorded.flatMap((entry) => Object.keys(entry.counts)));
    expect([...codes].sort()).toEqual(
      [
        'dangling-reference',
        'duplicate-id',
        'duplicate-reference',
        'idle-weekly-field',
        'multiple-start-stages',
        'near-duplicate',
        'no-exit',
        'no-start-stage',
        'no-way-out',
        'no-won-stage',
        'over-budget',
        'parallel-transitions',
        'probability-sum',
        'required-but-blank',
        'review-overdue',
        'terminal-exit',
        'unconsumed-field',
        'unjustified-field',
        'unreachable-stage',
      ].sort(),
    );
  });

  it('returns exactly the recorded problems on every corpus case, cold and with warm caches', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(400);
    for (const entry of recorded) {
      const { process, today } = corpusCase(entry.seed);
      const options = today === undefined ? {} : { today };
      const frozen = deepFreeze(process);
      const first = digestProblems(validateProcess(frozen, options));
      const again = digestProblems(validateProcess(frozen, options));
      expect({ seed: entry.seed, ...first }).toEqual({ seed: entry.seed, counts: entry.counts, sha256: entry.sha256 });
      expect(again.sha256).toBe(entry.sha256);
      expect({ seed: entry.seed, structural: digestProblems(structuralProblems(frozen)).sha256 }).toEqual({
        seed: entry.seed,
        structural: entry.structural,
      });
    }
  });
});
