/**
 * Records what `validateProcess` and `structuralProblems` return on every corpus case
 * (`validationCorpus.ts`) into `tests/fixtures/validation/recorded.json`, for the equivalence test
 * (`validateEquivalence.test.ts`). Run it only from an implementation known to be right — the
 * recording is the oracle: `npx tsx tests/unit/shared/model/recordValidation.ts`.
 *
 * Per case it keeps the number of problems per code (readable when a case differs) and a SHA-256
 * of the exact problem list as JSON (severity, code, path, message, ids and their order), which
 * keeps the fixture small: the full lists are about 2 MB.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCase, corpusSeeds } from './validationCorpus';
import { structuralProblems, validateProcess } from '../../../../src/shared/model/validate';
import { digestProblems, type RecordedCase } from './validationDigest';

const recorded: RecordedCase[] = corpusSeeds().map((seed) => {
  const { process, today } = corpusCase(seed);
  const problems = validateProcess(process, today === undefined ? {} : { today });
  return { seed, ...digestProblems(problems), structural: digestProblems(structuralProblems(process)).sha256 };
});
const file = join(__dirname, '../../../fixtures/validation/recorded.json');
writeFileSync(file, `${JSON.stringify(recorded, null, 0).replace(/\},\{/g, '},\n{')}\n`);
console.log(`recorded ${recorded.length} cases in ${file}`);
