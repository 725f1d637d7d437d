import { createHash } from 'node:crypto';
import type { Problem } from '../../../../src/shared/model/problems';

/** What the equivalence fixture keeps of one problem list. */
export interface ProblemDigest {
  /** Problems per code, in order of first appearance. */
  counts: Record<string, number>;
  /** SHA-256 of the exact list as JSON, properties in a fixed order. */
  sha256: string;
}

/** One recorded corpus case. */
export interface RecordedCase extends ProblemDigest {
  seed: number;
  /** `sha256` of `structuralProblems` on the same document. */
  structural: string;
}

/** The digest of a problem list; any change of text, location, id or order changes `sha256`. */
export function digestProblems(problems: readonly Problem[]): ProblemDigest {
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[problem.code] = (counts[problem.code] ?? 0) + 1;
  const canonical = problems.map((p) => [p.severity, p.code, p.path, p.message, p.stageId ?? null, p.fieldId ?? null, p.transitionId ?? null, Object.keys(p).sort().join(',')]);
  return { counts, sha256: createHash('sha256').update(JSON.stringify(canonical)).digest('hex') };
}
