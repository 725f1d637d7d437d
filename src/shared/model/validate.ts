import { formatMinutesShort, formatPercent, quote, type Problem } from './problems';
import { isReviewOverdue } from '../review/fieldReview';
import type { Process, Stage } from './schema';
import { stageAdminTime } from './adminTime';
import { graphProblems } from './graphChecks';
import { identityProblems } from './identityChecks';
import { exceedsBudget, requiredButBlank } from './metrics';
import { nearDuplicateProblems } from './nearDuplicates';
import { isTerminal, isUnjustified, isUnread, reviewFacts, PROBABILITY_TOLERANCE } from './rules';

/**
 * Semantic checks on a schema-valid process document.
 *
 * The schema (`ProcessSchema`) says whether a document is well formed; these rules say whether it
 * makes sense as a sales process (errors: the burden simulation cannot run) and where it puts
 * needless admin on reps (warnings: the review findings the app exists to surface).
 * Every rule is a pure function of the document; time comes in through `options.today`.
 */

/**
 * Stable rule names. The UI may key icons or filters on them; messages may change, codes not.
 * Errors: `duplicate-id`, `dangling-reference`, `duplicate-reference`, `no-start-stage`, `multiple-start-stages`,
 * `unreachable-stage`, `no-exit`, `probability-sum`, `terminal-exit`, `no-way-out`, `no-won-stage`.
 * Warnings: `unjustified-field`, `unconsumed-field`, `review-overdue`, `over-budget`,
 * `near-duplicate`, `idle-weekly-field` (a weekly field on a won / lost stage, where no days
 * pass), `parallel-transitions`, `required-but-blank` (a mandatory field with a low observed fill rate).
 */
export type ProblemCode =
  | 'duplicate-id'
  | 'dangling-reference'
  | 'duplicate-reference'
  | 'no-start-stage'
  | 'multiple-start-stages'
  | 'unreachable-stage'
  | 'no-exit'
  | 'probability-sum'
  | 'terminal-exit'
  | 'no-way-out'
  | 'no-won-stage'
  | 'unjustified-field'
  | 'unconsumed-field'
  | 'review-overdue'
  | 'over-budget'
  | 'near-duplicate'
  | 'idle-weekly-field'
  | 'parallel-transitions'
  | 'required-but-blank';

/** Tolerance when checking that a stage's exit probabilities sum to 1 — defined in `rules.ts`. */
export { PROBABILITY_TOLERANCE };

/** Options for `validateProcess`. */
export interface ValidateOptions {
  /**
   * Today's date, `YYYY-MM-DD` (a longer ISO timestamp is cut to its date). Fields whose `reviewBy`
   * is before it are flagged. Without it the review-date rule is skipped: there is no global clock.
   */
  today?: string;
}

/**
 * Runs every semantic rule on a schema-valid document and returns the problems found:
 * errors first, then warnings, each group in document order. Deterministic; never mutates.
 * Retired fields are switched off: they are still checked for ids and references but raise
 * no review warnings.
 *
 * Linear in the size of the document: each rule family makes one pass with a hash or two per
 * field and no per-field allocations beyond the problems it reports. Per-stage results (warnings,
 * reference problems, label fingerprints) are remembered per stage object, so re-validating after
 * an edit works out only the stages it replaced; a first validation does every stage, and looks
 * for repeated field ids and label keys among their hashes in typed arrays rather than filling a set of
 * 30,000 strings (`stringHash.ts`). `npm run bench` prints both figures. The rule families, in the
 * order their problems appear: identity and references (`identityChecks.ts`), the graph
 * (`graphChecks.ts`), review rules per field and stage budgets (here), near-duplicate labels
 * (`nearDuplicates.ts`).
 */
export function validateProcess(process: Process, options: ValidateOptions = {}): Problem[] {
  const identity = identityProblems(process);
  const graph = graphProblems(process);
  const problems = [...identity.duplicateIds, ...identity.references, ...graph.errors, ...graph.warnings];
  const today = options.today?.slice(0, 10);
  const defaultFillRate = process.scenario.defaultFillRate;
  const budgets: Problem[] = [];
  const stages = process.stages;
  for (let s = 0; s < stages.length; s++) {
    const warnings = warningsOf(stages[s]!, s, today, defaultFillRate);
    for (const problem of warnings.fields) problems.push(problem);
    if (warnings.budget) budgets.push(warnings.budget);
  }
  for (const problem of budgets) problems.push(problem);
  for (const problem of nearDuplicateProblems(process)) problems.push(problem);
  return problems;
}

/**
 * Exactly the errors `validateProcess` returns, in the same order, without working out the
 * warnings (review rules, budgets, near-duplicate labels): what the engines check before they run.
 */
export function validationErrors(process: Process): Problem[] {
  const identity = identityProblems(process);
  return [...identity.duplicateIds, ...identity.references, ...graphProblems(process).errors];
}

/**
 * Only the identity and reference rules (duplicate ids, dangling or repeated references): what
 * `blockingProblems` in problems.ts needs on every open, without the graph and review rules.
 */
export function structuralProblems(process: Omit<Process, 'revision' | 'createdAt' | 'updatedAt'>): Problem[] {
  const identity = identityProblems(process);
  return identity.duplicateIds.concat(identity.references);
}

/**
 * The warnings of one stage: the review rules per active field (`unjustified-field`,
 * `unconsumed-field`, `idle-weekly-field`, `required-but-blank`, `review-overdue`, in field order
 * and that order per field) and `over-budget`. They depend on the stage alone (and its position,
 * today, the scenario's fill rate), so they are remembered per stage object: commands share the
 * stages an edit does not touch, and re-validating after an edit works out only the changed ones.
 */
interface StageWarnings {
  index: number;
  today: string | undefined;
  defaultFillRate: number;
  fields: Problem[];
  budget: Problem | undefined;
}

const stageWarnings = new WeakMap<Stage, StageWarnings>();

function warningsOf(stage: Stage, index: number, today: string | undefined, defaultFillRate: number): StageWarnings {
  const known = stageWarnings.get(stage);
  if (known && known.index === index && known.today === today && known.defaultFillRate === defaultFillRate) return known;
  const warnings = { index, today, defaultFillRate, fields: fieldProblems(stage, index, today), budget: budgetProblem(stage, index, defaultFillRate) };
  stageWarnings.set(stage, warnings);
  return warnings;
}

/** The per-field review rules of the stage at `s`. */
function fieldProblems(stage: Stage, s: number, today: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const terminal = isTerminal(stage);
  const fields = stage.fields;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    if (field.status === 'retired') continue;
    const facts = reviewFacts(field);
    const unjustified = isUnjustified(facts);
    const unread = isUnread(facts);
    const idleWeekly = terminal && field.entries === 'weekly-while-in-stage';
    const blank = requiredButBlank(field);
    const overdue = today !== undefined && isReviewOverdue(field, today);
    if (!unjustified && !unread && !idleWeekly && !blank && !overdue) continue;

    const where = `stages[${s}].fields[${f}]`;
    const named = `${quote(field.label)} on ${quote(stage.name)}`;
    // stageId / fieldId written out in each literal rather than spread from a shared object: a
    // spread after other properties copies through a slower path, and a first open of the
    // 3,000-stage bench reports ~6,800 of these warnings.
    const stageId = stage.id;
    const fieldId = field.id;
    if (unjustified) {
      problems.push({
        severity: 'warning',
        code: 'unjustified-field',
        path: `${where}.justification`,
        message: `${named}: Nobody has said why this field exists, yet reps cannot skip it`,
        stageId,
        fieldId,
      });
    }
    if (unread) {
      problems.push({
        severity: 'warning',
        code: 'unconsumed-field',
        path: `${where}.consumers`,
        message: `${named}: Nobody is recorded as using this field, yet reps cannot skip it`,
        stageId,
        fieldId,
      });
    }
    if (idleWeekly) {
      problems.push({
        severity: 'warning',
        code: 'idle-weekly-field',
        path: `${where}.entries`,
        message: `${named} is updated weekly, but deals spend no time in a ${stage.kind} stage: it costs nothing there — ask once instead, or move it to the stage where deals wait`,
        stageId,
        fieldId,
      });
    }
    if (blank) {
      problems.push({
        severity: 'warning',
        code: 'required-but-blank',
        path: `${where}.fillRate`,
        message: `${named} is required but blank on ${formatPercent(1 - (field.fillRate ?? 1))} of deals: the rule is not enforced, or reps work around it`,
        stageId,
        fieldId,
      });
    }
    if (overdue) {
      problems.push({
        severity: 'warning',
        code: 'review-overdue',
        path: `${where}.reviewBy`,
        message: `${named} was due for review on ${field.reviewBy}`,
        stageId,
        fieldId,
      });
    }
  }
  return problems;
}

/**
 * `over-budget`: a stage whose first visit costs more admin minutes than its agreed budget —
 * the same count (`stageAdminTime`) and boundary (`exceedsBudget`) as the canvas badge.
 */
function budgetProblem(stage: Stage, index: number, defaultFillRate: number): Problem | undefined {
  if (stage.adminBudgetMinutes === undefined) return undefined;
  const minutes = stageAdminTime(stage, defaultFillRate).minutesPerVisit;
  if (!exceedsBudget(minutes, stage.adminBudgetMinutes)) return undefined;
  return {
    severity: 'warning',
    code: 'over-budget',
    path: `stages[${index}].adminBudgetMinutes`,
    message: `${quote(stage.name)} takes ${formatMinutesShort(minutes)} of admin per visit, over its agreed budget of ${formatMinutesShort(stage.adminBudgetMinutes)}`,
    stageId: stage.id,
  };
}
