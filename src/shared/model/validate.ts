import { formatPath, type Problem } from './problems';
import { isReviewOverdue } from '../review/fieldReview';
import { type Field, type Process, type Stage } from './schema';
import { lacksConsumer, lacksJustification, requiredButBlank, stageMetrics } from './metrics';
import { isTerminal, sumsToOne, PROBABILITY_TOLERANCE } from './rules';

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
 * no review warnings. Linear in the size of the document (fine for 300 stages / 3000 fields).
 */
export function validateProcess(process: Process, options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [
    ...checkDuplicateIds(process),
    ...checkReferences(process),
    ...checkGraph(process),
    ...checkFields(process, options),
    ...checkBudgets(process),
    ...checkNearDuplicates(process),
  ];
  return [
    ...problems.filter((problem) => problem.severity === 'error'),
    ...problems.filter((problem) => problem.severity === 'warning'),
  ];
}

/**
 * Only the identity and reference rules (duplicate ids, dangling or repeated references): what
 * `blockingProblems` in problems.ts needs on every open, without the graph and review rules.
 */
export function structuralProblems(process: Omit<Process, 'revision' | 'createdAt' | 'updatedAt'>): Problem[] {
  const doc = process as Process;
  return [...checkDuplicateIds(doc), ...checkReferences(doc)];
}

/** True when any problem is an error (the document cannot be simulated). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/**
 * Problems that point at a stage: the stage's own, its fields' and its outgoing transitions'
 * (those carry the stage as `stageId`).
 */
export function problemsForStage(problems: readonly Problem[], stageId: string): Problem[] {
  return problems.filter((problem) => problem.stageId === stageId);
}

/** Problems that point at one field. */
export function problemsForField(problems: readonly Problem[], fieldId: string): Problem[] {
  return problems.filter((problem) => problem.fieldId === fieldId);
}

/**
 * Formats a share 0..1 as a percentage for messages: one decimal at most ("85%", "33.3%"), more
 * only when rounding would hide that the value is not exactly 100% ("99.9999%").
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  for (let digits = 1; digits <= 6; digits++) {
    const text = trimZeros(percent.toFixed(digits));
    if (text !== '100' || Math.abs(percent - 100) < 1e-9) return `${text}%`;
  }
  return `${trimZeros(percent.toFixed(6))}%`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

// Words that do not change what a field asks for: "Original lead source" and "Lead source detail"
// ask for the same thing. Kept short on purpose; every entry risks a false match.
const FILLER_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'to',
  'and',
  'or',
  'is',
  'are',
  'was',
  'original',
  'detail',
  'details',
  'updated',
  'current',
  'latest',
  'actual',
  'expected',
  'estimated',
  'info',
  'information',
]);

/**
 * The key two field labels share when they are near-duplicates: lower case, punctuation removed,
 * simple plurals folded ("sources" → "source"), filler words ("original", "detail", "updated"…)
 * dropped, words sorted. "Budget confirmed?" and "Budget Confirmed" → "budget confirmed";
 * "Original lead source" and "Lead source detail" → "lead source". Falls back to the plain
 * normalized label when only filler words remain.
 */
export function labelKey(label: string): string {
  const folded = label.toLowerCase();
  // Only non-ASCII labels pay for accent folding ("Priorité" → "priorite").
  const ascii = /^[\x00-\x7f]*$/.test(folded) ? folded : folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = ascii.split(/[^a-z0-9]+/).filter((word) => word !== '');
  const meaningful: string[] = [];
  for (const word of words) {
    if (FILLER_WORDS.has(word)) continue;
    meaningful.push(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return meaningful.length === 0 ? words.join(' ') : [...new Set(meaningful)].sort().join(' ');
}

// Validation runs on every edit and commands share unchanged fields between versions, so a key
// remembered per field object is found again after any edit that does not touch that field.
// A WeakMap has no size limit to thrash (the old 20,000-label cache was cleared over and over on
// larger processes, making validation slower per field as fields grew) and frees keys with fields.
const fieldLabelKeys = new WeakMap<Field, string>();

function fieldLabelKey(field: Field): string {
  let key = fieldLabelKeys.get(field);
  if (key === undefined) {
    key = labelKey(field.label);
    fieldLabelKeys.set(field, key);
  }
  return key;
}

interface FieldRef {
  field: Field;
  stage: Stage;
  stageIndex: number;
  fieldIndex: number;
}

function fieldPath(ref: Pick<FieldRef, 'stageIndex' | 'fieldIndex'>, ...rest: PropertyKey[]): string {
  return formatPath(['stages', ref.stageIndex, 'fields', ref.fieldIndex, ...rest]);
}

function allFields(process: Process): FieldRef[] {
  const refs: FieldRef[] = [];
  process.stages.forEach((stage, stageIndex) => {
    stage.fields.forEach((field, fieldIndex) => refs.push({ field, stage, stageIndex, fieldIndex }));
  });
  return refs;
}

function quote(text: string): string {
  return `“${text}”`;
}

function checkDuplicateIds(process: Process): Problem[] {
  const problems: Problem[] = [];
  const seenStages = new Map<string, Stage>();
  process.stages.forEach((stage, index) => {
    const first = seenStages.get(stage.id);
    if (first) {
      problems.push({
        severity: 'error',
        code: 'duplicate-id',
        path: formatPath(['stages', index, 'id']),
        message: `Stage id "${stage.id}" is also used by stage ${quote(first.name)}; stage ids must be unique`,
        stageId: stage.id,
      });
    } else seenStages.set(stage.id, stage);
  });
  const seenFields = new Map<string, FieldRef>();
  for (const ref of allFields(process)) {
    const first = seenFields.get(ref.field.id);
    if (first) {
      problems.push({
        severity: 'error',
        code: 'duplicate-id',
        path: fieldPath(ref, 'id'),
        message: `Field id "${ref.field.id}" is also used by field ${quote(first.field.label)} on ${quote(first.stage.name)}; field ids must be unique across the process`,
        stageId: ref.stage.id,
        fieldId: ref.field.id,
      });
    } else seenFields.set(ref.field.id, ref);
  }
  const seenTransitions = new Set<string>();
  process.transitions.forEach((transition, index) => {
    if (seenTransitions.has(transition.id)) {
      problems.push({
        severity: 'error',
        code: 'duplicate-id',
        path: formatPath(['transitions', index, 'id']),
        message: `Transition id "${transition.id}" is used more than once; transition ids must be unique`,
        transitionId: transition.id,
        stageId: transition.from,
      });
    } else seenTransitions.add(transition.id);
  });
  for (const [collection, items] of [
    ['departments', process.departments],
    ['kpis', process.kpis],
  ] as const) {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) {
        problems.push({
          severity: 'error',
          code: 'duplicate-id',
          path: formatPath([collection, index, 'id']),
          message: `${collection === 'kpis' ? 'KPI' : 'Department'} id "${item.id}" is used more than once; ids must be unique`,
        });
      } else seen.add(item.id);
    });
  }
  return problems;
}

function checkReferences(process: Process): Problem[] {
  const problems: Problem[] = [];
  const stageIds = new Set(process.stages.map((stage) => stage.id));
  const departmentIds = new Set(process.departments.map((department) => department.id));
  process.transitions.forEach((transition, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!stageIds.has(transition[end])) {
        problems.push({
          severity: 'error',
          code: 'dangling-reference',
          path: formatPath(['transitions', index, end]),
          message: `Transition ${end === 'from' ? 'starts at' : 'leads to'} stage "${transition[end]}", which does not exist`,
          transitionId: transition.id,
          ...(stageIds.has(transition.from) ? { stageId: transition.from } : {}),
        });
      }
    }
  });
  for (const ref of allFields(process)) {
    const located = { stageId: ref.stage.id, fieldId: ref.field.id };
    if (!departmentIds.has(ref.field.requestedBy)) {
      problems.push({
        severity: 'error',
        code: 'dangling-reference',
        path: fieldPath(ref, 'requestedBy'),
        message: `Requested by department "${ref.field.requestedBy}", which does not exist`,
        ...located,
      });
    }
    const listed = new Set<string>();
    ref.field.consumers.forEach((consumer, consumerIndex) => {
      if (listed.has(consumer)) {
        problems.push({
          severity: 'error',
          code: 'duplicate-reference',
          path: fieldPath(ref, 'consumers', consumerIndex),
          message: `Department "${consumer}" is listed more than once as a reader of this field`,
          ...located,
        });
      }
      listed.add(consumer);
      if (!departmentIds.has(consumer)) {
        problems.push({
          severity: 'error',
          code: 'dangling-reference',
          path: fieldPath(ref, 'consumers', consumerIndex),
          message: `Used by department "${consumer}", which does not exist`,
          ...located,
        });
      }
    });
  }
  process.kpis.forEach((kpi, index) => {
    if (kpi.setBy !== undefined && !departmentIds.has(kpi.setBy)) {
      problems.push({
        severity: 'error',
        code: 'dangling-reference',
        path: formatPath(['kpis', index, 'setBy']),
        message: `KPI set by department "${kpi.setBy}", which does not exist`,
      });
    }
  });
  return problems;
}

/** Breadth-first search over `edges` (adjacency by stage id) from `roots`. */
function reach(roots: readonly string[], edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  for (let head = 0; head < queue.length; head++) {
    for (const next of edges.get(queue[head]!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function pushEdge(edges: Map<string, string[]>, from: string, to: string): void {
  const list = edges.get(from);
  if (list) list.push(to);
  else edges.set(from, [to]);
}

function checkGraph(process: Process): Problem[] {
  const problems: Problem[] = [];
  // First stage with a given id wins; duplicates are reported by checkDuplicateIds.
  const stageById = new Map<string, { stage: Stage; index: number }>();
  process.stages.forEach((stage, index) => {
    if (!stageById.has(stage.id)) stageById.set(stage.id, { stage, index });
  });
  const stagePath = (stageId: string): string => formatPath(['stages', stageById.get(stageId)?.index ?? -1]);
  const nameOf = (stageId: string): string => stageById.get(stageId)?.stage.name ?? stageId;

  const starts = process.stages.filter((stage) => stage.kind === 'start');
  if (starts.length === 0) {
    problems.push({
      severity: 'error',
      code: 'no-start-stage',
      path: 'stages',
      message: 'The process has no start stage: mark the stage where new opportunities enter as the start',
    });
  } else if (starts.length > 1) {
    starts.slice(1).forEach((stage) => {
      problems.push({
        severity: 'error',
        code: 'multiple-start-stages',
        path: formatPath(['stages', process.stages.indexOf(stage), 'kind']),
        message: `${quote(stage.name)} is a second start stage; a process has exactly one (the first is ${quote(starts[0]!.name)})`,
        stageId: stage.id,
      });
    });
  }
  if (!process.stages.some((stage) => stage.kind === 'won')) {
    problems.push({
      severity: 'error',
      code: 'no-won-stage',
      path: 'stages',
      message: 'The process has no won stage, so no deal can ever be won',
    });
  }

  // Structure (every drawn arrow) decides reachability; only exits with a chance of being taken
  // (probability > 0) count as a way out, because that is what the Markov simulation sees.
  const forward = new Map<string, string[]>();
  const backwardLive = new Map<string, string[]>();
  const exits = new Map<string, number[]>();
  const pairs = new Map<string, number>();
  process.transitions.forEach((transition, index) => {
    const from = stageById.get(transition.from);
    if (!from || !stageById.has(transition.to)) return;
    pushEdge(forward, transition.from, transition.to);
    if (transition.probability > 0) pushEdge(backwardLive, transition.to, transition.from);
    const list = exits.get(transition.from);
    if (list) list.push(index);
    else exits.set(transition.from, [index]);

    const pairKey = `${transition.from}\u0000${transition.to}`;
    const firstIndex = pairs.get(pairKey);
    if (firstIndex === undefined) pairs.set(pairKey, index);
    else {
      problems.push({
        severity: 'warning',
        code: 'parallel-transitions',
        path: formatPath(['transitions', index]),
        message: `A second transition from ${quote(nameOf(transition.from))} to ${quote(nameOf(transition.to))}; their probabilities add up, which is easy to miss — merge them`,
        stageId: transition.from,
        transitionId: transition.id,
      });
    }
    if (isTerminal(from.stage)) {
      problems.push({
        severity: 'error',
        code: 'terminal-exit',
        path: formatPath(['transitions', index]),
        message: `${quote(from.stage.name)} is a ${from.stage.kind} stage: deals end there, so no transition may leave it`,
        stageId: transition.from,
        transitionId: transition.id,
      });
    }
  });

  for (const [stageId, { stage, index }] of stageById) {
    if (isTerminal(stage)) continue;
    const outgoing = exits.get(stageId) ?? [];
    if (outgoing.length === 0) {
      problems.push({
        severity: 'error',
        code: 'no-exit',
        path: formatPath(['stages', index]),
        message: `${quote(stage.name)} has no exit: connect it to the next stage, or to a won or lost stage`,
        stageId,
      });
      continue;
    }
    let sum = 0;
    for (const transitionIndex of outgoing) sum += process.transitions[transitionIndex]!.probability;
    if (!sumsToOne(sum)) {
      problems.push({
        severity: 'error',
        code: 'probability-sum',
        path: formatPath(['stages', index]),
        message: `${quote(stage.name)}: outgoing probabilities sum to ${formatPercent(sum)}, not 100%`,
        stageId,
      });
    }
  }

  if (starts.length > 0) {
    const reachable = reach(
      starts.map((stage) => stage.id),
      forward,
    );
    for (const [stageId, { stage, index }] of stageById) {
      if (reachable.has(stageId)) continue;
      problems.push({
        severity: 'error',
        code: 'unreachable-stage',
        path: formatPath(['stages', index]),
        message: `${quote(stage.name)} cannot be reached from the start stage ${quote(starts[0]!.name)}: no path of transitions leads to it`,
        stageId,
      });
    }
  }

  const terminals = process.stages.filter(isTerminal).map((stage) => stage.id);
  const canFinish = reach(terminals, backwardLive);
  for (const [stageId, { stage }] of stageById) {
    if (isTerminal(stage) || canFinish.has(stageId)) continue;
    const live = (exits.get(stageId) ?? [])
      .map((transitionIndex) => process.transitions[transitionIndex]!)
      .filter((transition) => transition.probability > 0);
    // No live exit at all is already reported as `no-exit` or `probability-sum`.
    if (live.length === 0) continue;
    const selfLoopOnly = live.every((transition) => transition.to === stageId);
    const via = [...new Set(live.map((transition) => transition.to).filter((to) => to !== stageId))];
    problems.push({
      severity: 'error',
      code: 'no-way-out',
      path: stagePath(stageId),
      message: selfLoopOnly
        ? `Deals that enter ${quote(stage.name)} can never leave it: its only exit loops back to itself`
        : `Deals that enter ${quote(stage.name)} can never leave it: every path from it (via ${via
            .map((to) => quote(nameOf(to)))
            .join(', ')}) cycles without reaching a won or lost stage`,
      stageId,
    });
  }
  return problems;
}

function checkFields(process: Process, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const today = options.today?.slice(0, 10);
  for (const ref of allFields(process)) {
    const { field, stage } = ref;
    if (field.status === 'retired') continue;
    const located = { stageId: stage.id, fieldId: field.id };
    if (lacksJustification(field)) {
      problems.push({
        severity: 'warning',
        code: 'unjustified-field',
        path: fieldPath(ref, 'justification'),
        message: `${quote(field.label)} on ${quote(stage.name)}: Nobody has said why this field exists, yet reps cannot skip it`,
        ...located,
      });
    }
    if (lacksConsumer(field)) {
      problems.push({
        severity: 'warning',
        code: 'unconsumed-field',
        path: fieldPath(ref, 'consumers'),
        message: `${quote(field.label)} on ${quote(stage.name)}: Nobody is recorded as using this field, yet reps cannot skip it`,
        ...located,
      });
    }
    if (isTerminal(stage) && field.entries === 'weekly-while-in-stage') {
      problems.push({
        severity: 'warning',
        code: 'idle-weekly-field',
        path: fieldPath(ref, 'entries'),
        message: `${quote(field.label)} on ${quote(stage.name)} is updated weekly, but deals spend no time in a ${stage.kind} stage: it costs nothing there — ask once instead, or move it to the stage where deals wait`,
        ...located,
      });
    }
    if (requiredButBlank(field)) {
      problems.push({
        severity: 'warning',
        code: 'required-but-blank',
        path: fieldPath(ref, 'fillRate'),
        message: `${quote(field.label)} on ${quote(stage.name)} is required but blank on ${formatPercent(1 - (field.fillRate ?? 1))} of deals: the rule is not enforced, or reps work around it`,
        ...located,
      });
    }
    if (today !== undefined && isReviewOverdue(field, today)) {
      problems.push({
        severity: 'warning',
        code: 'review-overdue',
        path: fieldPath(ref, 'reviewBy'),
        message: `${quote(field.label)} on ${quote(stage.name)} was due for review on ${field.reviewBy}`,
        ...located,
      });
    }
  }
  return problems;
}

function checkBudgets(process: Process): Problem[] {
  const problems: Problem[] = [];
  process.stages.forEach((stage, index) => {
    if (stage.adminBudgetMinutes === undefined) return;
    // The canvas badge reads the same metrics, so both agree on the boundary.
    const { adminMinutesPerVisit: minutes, overBudget } = stageMetrics(stage, { exitSum: 0, defaultFillRate: process.scenario.defaultFillRate });
    if (overBudget) {
      problems.push({
        severity: 'warning',
        code: 'over-budget',
        path: formatPath(['stages', index, 'adminBudgetMinutes']),
        message: `${quote(stage.name)} takes ${formatMinutes(minutes)} of admin per visit, over its agreed budget of ${formatMinutes(stage.adminBudgetMinutes)}`,
        stageId: stage.id,
      });
    }
  });
  return problems;
}

function formatMinutes(minutes: number): string {
  return `${trimZeros(minutes.toFixed(1))} min`;
}

function checkNearDuplicates(process: Process): Problem[] {
  const groups = new Map<string, FieldRef[]>();
  for (const ref of allFields(process)) {
    if (ref.field.status === 'retired') continue;
    const key = fieldLabelKey(ref.field);
    const group = groups.get(key);
    if (group) group.push(ref);
    else groups.set(key, [ref]);
  }
  const found: { ref: FieldRef; problem: Problem }[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // One finding per group, on the field that came last (the likely copy): a pair is one problem.
    const ref = group[group.length - 1]!;
    const others = group.slice(0, -1);
    const shown = others
      .slice(0, 3)
      .map((other) => `${quote(other.field.label)} on ${quote(other.stage.name)}`)
      .join(', ');
    const more = others.length > 3 ? ` and ${others.length - 3} more` : '';
    found.push({
      ref,
      problem: {
        severity: 'warning',
        code: 'near-duplicate',
        path: fieldPath(ref, 'label'),
        message: `${quote(ref.field.label)} on ${quote(ref.stage.name)} looks like ${shown}${more}: reps may be asked for the same thing twice`,
        stageId: ref.stage.id,
        fieldId: ref.field.id,
      },
    });
  }
  // Report in document order, like every other rule (by index, not by re-parsing paths).
  found.sort((a, b) => a.ref.stageIndex - b.ref.stageIndex || a.ref.fieldIndex - b.ref.fieldIndex);
  return found.map((entry) => entry.problem);
}
