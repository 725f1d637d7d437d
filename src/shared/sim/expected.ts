import { entriesPerDeal } from '../model/adminTime';
import type { Problem } from '../model/problems';
import type { Process } from '../model/schema';
import { validationErrors } from '../model/validate';
import {
  compileProcess,
  STAGE_LOST,
  STAGE_TRANSIENT,
  STAGE_WON,
  type CompiledProcess,
  type EffectiveField,
  type FieldOverrides,
} from './compile';
import { analyzeChain } from './markov';
import { fieldBurden, type BurdenSource, type FieldBurden, type SimFailure, type StageFlow } from './result';

/** Options shared by both engines. */
export interface SimOptions {
  /** What-if changes applied for this run only. */
  overrides?: FieldOverrides;
}

/** The expected-value engine's answer. */
export type ExpectedResult = ({ ok: true } & BurdenSource & { engine: 'expected' }) | SimFailure;

/**
 * Checks the process for errors and compiles it with overrides; the common gate of both engines.
 * Only errors block, so the warning rules are not run here (`validationErrors`).
 */
export function prepare(process: Process, opts: SimOptions = {}): { ok: true; compiled: CompiledProcess } | SimFailure {
  const errors = validationErrors(process);
  if (errors.length > 0) return { ok: false, problems: errors };
  return compileProcess(process, opts.overrides);
}

/**
 * Expected admin burden per opportunity, exactly, from the absorbing Markov chain.
 *
 * Entry rules, for a field on stage j with weight w (1 if mandatory, the fill rate if optional,
 * 0 if retired or switched off) and mean seconds per fill t = (min + typical + max) / 3 (the mean
 * of the triangular distribution the Monte Carlo engine samples; just the typical value when the
 * field gives no spread):
 * - `once-per-deal`: w · t · P(j ever reached);
 * - `every-stage-visit`: w · t · E[visits to j];
 * - `weekly-while-in-stage`: w · t · E[visits to j] · expectedDays_j / 7 — partial weeks count pro
 *   rata (a 3-day stay costs 3/7 of an update), the plain expectation of days / 7.
 * Won / lost stages take no days, so weekly fields there cost 0.
 *
 * Returns `{ ok: false, problems }` for an invalid process or a singular system; never NaN.
 */
export function computeExpectedBurden(process: Process, opts: SimOptions = {}): ExpectedResult {
  const prepared = prepare(process, opts);
  if (!prepared.ok) return prepared;
  return expectedFromCompiled(prepared.compiled);
}

/** The expected-value engine on an already validated and compiled process. */
export function expectedFromCompiled(compiled: CompiledProcess): ExpectedResult {
  const n = compiled.stageIds.length;
  const chain = analyzeChain({
    n,
    start: compiled.startIndex,
    kind: compiled.stageKind,
    from: compiled.transitionFrom,
    to: compiled.transitionTo,
    probability: compiled.transitionProbability,
  });
  if (!chain.ok) {
    const i = chain.stageIndex;
    const stageId = compiled.stageIds[i] ?? '';
    const problem: Problem = {
      severity: 'error',
      code: 'singular',
      path: `stages[${i}]`,
      stageId,
      message: `deals that reach "${compiled.stageNames[i] ?? stageId}" can (almost) never reach won or lost, so the burden has no finite value`,
    };
    return { ok: false, problems: [problem] };
  }
  const { visits, reach, winProbability, lossProbability } = chain.analysis;

  const stages: StageFlow[] = [];
  let daysToClose = 0;
  for (let i = 0; i < n; i++) {
    const kind = compiled.stageKind[i];
    const days = kind === STAGE_TRANSIENT ? visits[i]! * compiled.stageDays[i]! : 0;
    daysToClose += days;
    const budget = compiled.stageBudgetMinutes[i]!;
    stages.push({
      stageId: compiled.stageIds[i]!,
      name: compiled.stageNames[i]!,
      kind: kind === STAGE_WON ? 'won' : kind === STAGE_LOST ? 'lost' : 'transient',
      visitsPerOpportunity: visits[i]!,
      reachProbability: reach[i]!,
      daysPerOpportunity: days,
      ...(Number.isNaN(budget) ? {} : { adminBudgetMinutes: budget }),
    });
  }

  // Sized once (one record per compiled field): pushing 30,000 grows and copies the array repeatedly.
  const fields = new Array<FieldBurden>(compiled.fields.length);
  let total = 0;
  let k = 0;
  for (let j = 0; j < compiled.stageFields.length; j++) {
    const burdens = stageBurdens(compiled.stageFields[j]!, visits[j]!, reach[j]!, compiled.stageDays[j]!);
    for (let i = 0; i < burdens.length; i++) {
      const burden = burdens[i]!;
      total += burden.secondsPerOpportunity;
      fields[k++] = burden;
    }
  }
  return {
    ok: true,
    engine: 'expected',
    fields,
    stages,
    winProbability,
    lossProbability,
    daysToClose,
    secondsPerOpportunity: total,
  };
}

/**
 * The burdens of one stage's effective fields for the stage's flow (visits, reach, days),
 * remembered per field group: compilation shares the groups of stages an edit leaves alone, and
 * their flow is usually unchanged too, so a recomputation after an edit builds few new results.
 */
const burdenCache = new WeakMap<readonly EffectiveField[], { visits: number; reach: number; days: number; burdens: readonly FieldBurden[] }>();

function stageBurdens(group: readonly EffectiveField[], visits: number, reach: number, days: number): readonly FieldBurden[] {
  const known = burdenCache.get(group);
  if (known && Object.is(known.visits, visits) && Object.is(known.reach, reach) && Object.is(known.days, days)) return known.burdens;
  const burdens = group.map((f) => {
    const entriesPerOpportunity = f.weight * entriesPerDeal(f.entries, { visits, reach }, days);
    return fieldBurden(f, entriesPerOpportunity, entriesPerOpportunity * f.meanSeconds);
  });
  burdenCache.set(group, { visits, reach, days, burdens });
  return burdens;
}
