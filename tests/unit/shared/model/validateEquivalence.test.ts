import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyFingerprint, labelFingerprint, labelKey } from '../../../../src/shared/model/nearDuplicates';
import { structuralProblems, validateProcess, validationErrors } from '../../../../src/shared/model/validate';
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
      expect(validationErrors(frozen)).toEqual(validateProcess(frozen, options).filter((problem) => problem.severity === 'error'));
      expect({ seed: entry.seed, structural: digestProblems(structuralProblems(frozen)).sha256 }).toEqual({
        seed: entry.seed,
        structural: entry.structural,
      });
    }
  });
});

// The label key as first written (regular expressions, a set and a sort): small enough to keep
// as the oracle for the single-scan version.
const FILLER = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'and', 'or', 'is', 'are', 'was', 'original', 'detail', 'details', 'updated', 'current', 'latest', 'actual', 'expected', 'estimated', 'info', 'information']);
function labelKeyOracle(label: string): string {
  const folded = label.toLowerCase();
  const ascii = /^[\x00-\x7f]*$/.test(folded) ? folded : folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = ascii.split(/[^a-z0-9]+/).filter((word) => word !== '');
  const meaningful: string[] = [];
  for (const word of words) {
    if (FILLER.has(word)) continue;
    meaningful.push(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return meaningful.length === 0 ? words.join(' ') : [...new Set(meaningful)].sort().join(' ');
}

describe('labelKey', () => {
  const word = fc.constantFrom('a', 'the', 'Thes', 'Original', 'originals', 'detail', 'details', 'sources', 'class', 'Budget', 'budgets', 'ß', 'Priorité', 'İstanbul', '预算', 'x1', '42', 'ﬁle', 'Ǆ', 'K');
  const separator = fc.constantFrom(' ', '  ', '-', '?', '!', '_', '.', '\t', '\u00a0', '/', '');
  const label = fc.oneof(
    fc.array(fc.tuple(word, separator), { maxLength: 8 }).map((parts) => parts.map(([w, s]) => w + s).join('')),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ maxLength: 30 }),
  );

  it('equals the first implementation on any label', () => {
    fc.assert(
      fc.property(label, (text) => {
        expect(labelKey(text)).toBe(labelKeyOracle(text));
      }),
      { numRuns: 3000 },
    );
  });

  // The near-duplicate rule looks for repeated fingerprints before it builds keys: it finds every
  // near-duplicate only if equal keys always give equal fingerprints.
  it('gives every label the fingerprint of its key', () => {
    fc.assert(
      fc.property(label, (text) => {
        expect(labelFingerprint(text)).toBe(keyFingerprint(labelKey(text)));
      }),
      { numRuns: 3000 },
    );
  });
});
