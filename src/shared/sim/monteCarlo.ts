import type { Process } from '../model/schema';
import { STAGE_LOST, STAGE_WON, type CompiledProcess } from './compile';
import { prepare, type SimOptions } from './expected';
import { COUNT_LOST, COUNT_TRUNCATED, COUNT_WON, createKernel, simulate, type KernelState } from './mcKernel';
import { createSketch, sketchHistogram, sketchMerge, sketchQuantiles, type QuantileSketch } from './quantileSketch';
import { fieldBurden, type BurdenSource, type FieldBurden, type SimFailure, type StageFlow } from './result';
import { seedToUint32, type Seed } from './rng';

/**
 * Monte Carlo statistics: sets up runs of the kernel (`mcKernel.ts`, where the model is
 * documented), splits a run across threads with deterministic seeds, merges what the threads
 * added up, and reads the result. Percentiles come from mergeable sketches with a stated bound
 * (`quantileSketch.ts`: within 0.5 % relative of the exact closest-rank values), so memory does
 * not grow with runs and `runs` has no cap beyond exact integer arithmetic.
 */

/** Monte Carlo options. */
export interface McOptions extends SimOptions {
  /** Opportunities to simulate: a whole number from 0 to `Number.MAX_SAFE_INTEGER`. */
  runs: number;
  /** Same seed → identical result. */
  seed: Seed;
  /** Stage visits per opportunity before it is cut off; default 10,000. */
  maxSteps?: number;
  /** Histogram bins; default 40. */
  bins?: number;
  /**
   * Draw days in every stage for the days-to-close distribution (default true). When false, days
   * are drawn only where a weekly field needs them, other visits add their mean, mean days stay
   * exact in expectation, and `daysToCloseDistribution` is absent.
   */
  daysDistribution?: boolean;
}

/** Summary of a sampled quantity. Percentiles are within the sketch's bound of exact ones. */
export interface Distribution {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
  min: number;
  max: number;
}

/** Counts of sampled minutes per opportunity in equal bins from `lo` to `hi` (the P99). */
export interface Histogram {
  /** Left edge of the first bin, minutes. */
  lo: number;
  /** Right edge of the last bin, minutes. */
  hi: number;
  /** Bin width, minutes. */
  binWidth: number;
  /** Opportunities per bin; the last bin includes `hi`. */
  counts: number[];
  /** Opportunities above `hi`, not drawn in the bins. */
  above: number;
}

/** The Monte Carlo engine's result, usable by the roll-ups like the expected-value one. */
export interface McResult extends BurdenSource {
  engine: 'monte-carlo';
  /** Opportunities simulated. */
  runs: number;
  /** The seed, as given. */
  seed: Seed;
  /** Opportunities cut off at `maxSteps`. */
  truncated: number;
  /** Admin minutes per opportunity. */
  minutesPerOpportunity: Distribution;
  /** Admin hours per rep-month (see `mcKernel.ts`); `samples` rep-months behind the percentiles. */
  hoursPerRepMonth: Distribution & { samples: number };
  /** Days from start to won / lost (truncated opportunities included at their cut-off). */
  daysToCloseDistribution?: Distribution;
  histogram: Histogram;
}

/** Progress of a chunked run. */
export interface McProgress {
  done: number;
  total: number;
  finished: boolean;
}

/** A chunked, cancellable run: call `step` until `finished`, or stop calling to cancel. */
export interface MonteCarloRunner {
  readonly total: number;
  /** Runs up to `maxRuns` more opportunities. */
  step(maxRuns: number): McProgress;
  /** The result over the opportunities done so far (all of them once finished). */
  result(): McResult;
  /** The raw sums and sketches so far, to merge with other threads' (`mergeMonteCarlo`). */
  partial(): KernelState;
}

/** A runner ready to `step`, or the problems that stopped it (invalid process or options). */
export type McStart = { ok: true; runner: MonteCarloRunner; compiled: CompiledProcess } | SimFailure;
/** A finished run's result, or the problems that stopped it. */
export type McOutcome = ({ ok: true } & McResult) | SimFailure;

/** Validates, compiles and sets up a chunked Monte Carlo run. Nothing runs until `step`. */
export function createMonteCarlo(process: Process, opts: McOptions): McStart {
  const runs = opts.runs;
  if (!Number.isSafeInteger(runs) || runs < 0) return fail('runs', 'must be a whole number ≥ 0');
  const maxSteps = opts.maxSteps ?? 10_000;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) return fail('maxSteps', 'must be a whole number ≥ 1');
  const bins = opts.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) return fail('bins', 'must be a whole number from 1 to 1000');
  const prepared = prepare(process, opts);
  if (!prepared.ok) return prepared;
  const compiled = prepared.compiled;
  const opps = process.scenario.opportunitiesPerRepPerMonth;
  const state = createKernelState(compiled, opts.daysDistribution ?? true);
  const kernel = createKernel(compiled, opps, opts.seed, maxSteps, state);
  const runner: MonteCarloRunner = {
    total: runs,
    step(maxRuns) {
      const todo = Math.min(runs - state.runs, Math.max(0, Math.floor(maxRuns)));
      if (todo > 0) simulate(kernel, todo);
      return { done: state.runs, total: runs, finished: state.runs >= runs };
    },
    result: () => monteCarloResult(compiled, opps, opts.seed, bins, [state]),
    partial: () => state,
  };
  return { ok: true, runner, compiled };
}

/** Runs a whole simulation at once, in this thread. */
export function runMonteCarlo(process: Process, opts: McOptions): McOutcome {
  const start = createMonteCarlo(process, opts);
  if (!start.ok) return start;
  start.runner.step(start.runner.total);
  return { ok: true, ...start.runner.result() };
}

/** One thread's share of a run: how many opportunities, from which seed. */
export interface McPart {
  runs: number;
  seed: Seed;
}

/**
 * Splits `runs` over `threads` parts deterministically: the first `runs mod threads` parts take
 * one more run; one thread keeps `seed` itself (so `--threads 1` is the plain run), several get
 * seeds derived from it and their index. The same seed and thread count always give the same
 * parts, hence — merged in index order — the same result.
 */
export function splitRuns(runs: number, threads: number, seed: Seed): McPart[] {
  const count = Math.max(1, Math.floor(threads));
  if (count === 1) return [{ runs, seed }];
  const base = Math.floor(runs / count);
  const extra = runs - base * count;
  const root = seedToUint32(seed);
  return Array.from({ length: count }, (_, index) => ({
    runs: base + (index < extra ? 1 : 0),
    seed: (root ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0,
  }));
}

/**
 * Runs the parts of `splitRuns` one after another in this thread and merges them: exactly what
 * worker threads produce for the same parts, for tests and for hosts without workers.
 */
export function runMonteCarloParts(process: Process, opts: McOptions, threads: number): McOutcome {
  const parts = splitRuns(opts.runs, threads, opts.seed);
  const partials: KernelState[] = [];
  let compiled: CompiledProcess | undefined;
  for (const part of parts) {
    const start = createMonteCarlo(process, { ...opts, runs: part.runs, seed: part.seed });
    if (!start.ok) return start;
    start.runner.step(part.runs);
    partials.push(start.runner.partial());
    compiled = start.compiled;
  }
  return { ok: true, ...mergeMonteCarlo(compiled!, process, opts, partials) };
}

/** The result of several threads' partial states, merged in the order given. */
export function mergeMonteCarlo(compiled: CompiledProcess, process: Process, opts: McOptions, partials: readonly KernelState[]): McResult {
  return monteCarloResult(compiled, process.scenario.opportunitiesPerRepPerMonth, opts.seed, opts.bins ?? 40, partials);
}

function fail(path: string, message: string): SimFailure {
  return { ok: false, problems: [{ severity: 'error', code: 'sim-options', path, message }] };
}

function createKernelState(compiled: CompiledProcess, daysDistribution: boolean): KernelState {
  const n = compiled.stageIds.length;
  const fields = compiled.fields.length;
  return {
    runs: 0,
    fieldSeconds: new Float64Array(fields),
    fieldEntries: new Float64Array(fields),
    stageVisits: new Float64Array(n),
    stageReached: new Float64Array(n),
    stageDaysSum: new Float64Array(n),
    counts: new Float64Array(3),
    stamp: new Float64Array(n).fill(-1),
    block: new Float64Array(2),
    minutes: createSketch(),
    days: daysDistribution ? createSketch() : null,
    hours: createSketch(),
  };
}

function copySketch(sketch: QuantileSketch): QuantileSketch {
  return { ...sketch, counts: sketch.counts.slice() };
}

function distribution(sketch: QuantileSketch, mean: number): Distribution {
  if (sketch.count === 0) return { mean, p10: mean, p50: mean, p90: mean, min: mean, max: mean };
  const [p10, p50, p90] = sketchQuantiles(sketch, [0.1, 0.5, 0.9]);
  return { mean, p10: p10!, p50: p50!, p90: p90!, min: sketch.min, max: sketch.max };
}

function monteCarloResult(
  compiled: CompiledProcess,
  oppsPerRepMonth: number,
  seed: Seed,
  bins: number,
  partials: readonly KernelState[],
): McResult {
  const n = compiled.stageIds.length;
  const all = compiled.fields;
  const fieldSeconds = new Float64Array(all.length);
  const fieldEntries = new Float64Array(all.length);
  const stageVisits = new Float64Array(n);
  const stageReached = new Float64Array(n);
  const stageDaysSum = new Float64Array(n);
  const counts = new Float64Array(3);
  let count = 0;
  const minutes = copySketch(partials[0]!.minutes);
  const hours = copySketch(partials[0]!.hours);
  const days = partials[0]!.days ? copySketch(partials[0]!.days) : null;
  partials.forEach((p, index) => {
    count += p.runs;
    for (let i = 0; i < all.length; i++) {
      fieldSeconds[i] = fieldSeconds[i]! + p.fieldSeconds[i]!;
      fieldEntries[i] = fieldEntries[i]! + p.fieldEntries[i]!;
    }
    for (let i = 0; i < n; i++) {
      stageVisits[i] = stageVisits[i]! + p.stageVisits[i]!;
      stageReached[i] = stageReached[i]! + p.stageReached[i]!;
      stageDaysSum[i] = stageDaysSum[i]! + p.stageDaysSum[i]!;
    }
    for (let i = 0; i < 3; i++) counts[i] = counts[i]! + p.counts[i]!;
    if (index > 0) {
      sketchMerge(minutes, p.minutes);
      sketchMerge(hours, p.hours);
      if (days && p.days) sketchMerge(days, p.days);
    }
  });

  const inv = count > 0 ? 1 / count : 0;
  const fields: FieldBurden[] = all.map((f, i) => fieldBurden(f, fieldEntries[i]! * inv, fieldSeconds[i]! * inv));
  let daysTotal = 0;
  const stages: StageFlow[] = compiled.stageIds.map((stageId, i) => {
    const budget = compiled.stageBudgetMinutes[i]!;
    const k = compiled.stageKind[i];
    daysTotal += stageDaysSum[i]!;
    return {
      stageId,
      name: compiled.stageNames[i]!,
      kind: k === STAGE_WON ? 'won' : k === STAGE_LOST ? 'lost' : 'transient',
      visitsPerOpportunity: stageVisits[i]! * inv,
      reachProbability: stageReached[i]! * inv,
      daysPerOpportunity: stageDaysSum[i]! * inv,
      ...(Number.isNaN(budget) ? {} : { adminBudgetMinutes: budget }),
    };
  });
  const secondsPerOpportunity = fields.reduce((acc, f) => acc + f.secondsPerOpportunity, 0);
  const meanMinutes = secondsPerOpportunity / 60;
  const minutesDist = count > 0 ? distribution(minutes, meanMinutes) : distribution(minutes, 0);
  const p99 = count > 0 ? sketchQuantiles(minutes, [0.99])[0]! : 0;
  const lo = count > 0 ? minutes.min : 0;
  const histogram: Histogram =
    count > 0
      ? { lo, hi: p99, binWidth: p99 > lo ? (p99 - lo) / bins : 0, ...sketchHistogram(minutes, lo, p99, bins) }
      : { lo: 0, hi: 0, binWidth: 0, counts: new Array<number>(bins).fill(0), above: 0 };
  const meanHours = (meanMinutes * oppsPerRepMonth) / 60;
  const hoursPerRepMonth =
    oppsPerRepMonth === 0 || hours.count === 0
      ? { mean: meanHours, p10: meanHours, p50: meanHours, p90: meanHours, min: meanHours, max: meanHours, samples: 0 }
      : { ...distribution(hours, meanHours), samples: hours.count };
  const daysToClose = daysTotal * inv;
  return {
    engine: 'monte-carlo',
    runs: count,
    seed,
    truncated: counts[COUNT_TRUNCATED]!,
    fields,
    stages,
    winProbability: counts[COUNT_WON]! * inv,
    lossProbability: counts[COUNT_LOST]! * inv,
    daysToClose,
    secondsPerOpportunity,
    minutesPerOpportunity: minutesDist,
    hoursPerRepMonth,
    ...(days ? { daysToCloseDistribution: count > 0 ? distribution(days, daysToClose) : distribution(days, 0) } : {}),
    histogram,
  };
}
