import { ENTRIES_ONCE, ENTRIES_WEEKLY, STAGE_TRANSIENT, STAGE_WON, entriesCode, type CompiledProcess } from './compile';
import { sketchAdd, type QuantileSketch } from './quantileSketch';
import { createRngState, type Seed } from './rng';

/**
 * The Monte Carlo kernel: sampled opportunities walk the stage graph from the start stage and
 * add what they cost into running sums and streaming sketches (`quantileSketch.ts`). Nothing is
 * kept per run, so memory does not grow with the number of runs. Statistics are read by
 * `monteCarlo.ts`.
 *
 * Model and choices (documented so the numbers can be argued about):
 * - **Generator**: sfc32 (see `rng.ts`), its step written out inline in the hot loop so the
 *   state stays in registers; the stream does not depend on chunk sizes.
 * - **Paths**: the next stage is drawn from a cumulative array per stage (linear scan; stage
 *   out-degrees are small, so this beats alias tables, which need a second draw or a split).
 * - **Days in stage**: triangular(min = 50 %, mode = 100 %, max = 150 % of `expectedDays`),
 *   drawn once per visit where something needs them — a weekly field on the stage, or the
 *   days-to-close distribution; elsewhere a visit adds its mean, `expectedDays`, so mean days
 *   stay exact in expectation. Won / lost take no days.
 * - **Field seconds**: triangular(`secondsMin`, `secondsToComplete`, `secondsMax`), min and max
 *   defaulting to the typical value; drawn per fill.
 * - **Entries**: `once-per-deal` fills on the first visit to the stage only; `every-stage-visit`
 *   on every visit; `weekly-while-in-stage` costs seconds × sampled days / 7 per visit (pro rata,
 *   as in the expected-value engine).
 * - **Optional fields**: a Bernoulli draw with the fill rate per fill. The same uniform u decides
 *   it and, rescaled as u / fillRate, samples the seconds — one draw per fill, not two.
 * - **Rep-months**: a rep-month is k = round(opportunitiesPerRepPerMonth) consecutive sampled
 *   opportunities, summed and scaled by opportunitiesPerRepPerMonth / k, so its spread is that of a
 *   sum (narrower than k × one opportunity's). The mean uses every opportunity.
 * - **Path cap**: an opportunity that takes more than `maxSteps` stage visits is cut off, counted
 *   in `truncated`, and counts as neither won nor lost.
 */

/** Everything the hot loop touches, as one monomorphic object of typed arrays. */
export interface Kernel {
  start: number;
  maxSteps: number;
  kind: Uint8Array;
  /** 1 where a visit's days are drawn, 0 where the visit adds `expectedDays`. */
  drawDays: Uint8Array;
  dayMean: Float64Array;
  dayA: Float64Array;
  dayB: Float64Array;
  dayK: Float64Array;
  tOff: Int32Array;
  tTo: Int32Array;
  tCum: Float64Array;
  fOff: Int32Array;
  fOut: Int32Array;
  fEntries: Uint8Array;
  fP: Float64Array;
  fA: Float64Array;
  fB: Float64Array;
  fFc: Float64Array;
  fK1: Float64Array;
  fK2: Float64Array;
  /** Rep-month block size k and the scale from a block's minutes to hours. */
  blockSize: number;
  blockScale: number;
  rng: Uint32Array;
  state: KernelState;
}

/**
 * What a run has added up so far — plain, structured-clone-safe data, so a worker thread can send
 * it back and `mergeKernelStates` can combine threads.
 */
export interface KernelState {
  runs: number;
  fieldSeconds: Float64Array;
  fieldEntries: Float64Array;
  stageVisits: Float64Array;
  stageReached: Float64Array;
  stageDaysSum: Float64Array;
  /** Won, lost, truncated. */
  counts: Float64Array;
  /** Run number of each stage's last visit (first-visit test); not merged. */
  stamp: Float64Array;
  /** Minutes in the current, unfinished rep-month block, and how many runs it holds. */
  block: Float64Array;
  minutes: QuantileSketch;
  /** Days to close, when drawn for the distribution; null otherwise. */
  days: QuantileSketch | null;
  /** Hours per rep-month block. */
  hours: QuantileSketch;
}

/** Builds a kernel for a compiled process; `state` is where its sums go. */
export function createKernel(
  compiled: CompiledProcess,
  oppsPerRepMonth: number,
  seed: Seed,
  maxSteps: number,
  state: KernelState,
): Kernel {
  const n = compiled.stageIds.length;
  const kind = compiled.stageKind;
  const drawAll = state.days !== null;

  // Days: triangular(0.5d, d, 1.5d) → x = a + sqrt(u·k1) for u < ½, else b − sqrt((1−u)·k2).
  const dayMean = new Float64Array(n);
  const dayA = new Float64Array(n);
  const dayB = new Float64Array(n);
  const dayK = new Float64Array(n);
  const drawDays = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const d = compiled.stageDays[i]!;
    dayMean[i] = d;
    dayA[i] = 0.5 * d;
    dayB[i] = 1.5 * d;
    dayK[i] = d * 0.5 * d; // (b − a)(c − a) = d · d/2 = (b − a)(b − c)
    drawDays[i] = kind[i] === STAGE_TRANSIENT && d > 0 && drawAll ? 1 : 0;
  }

  // Transitions, CSR with cumulative probabilities; the last exit takes any rounding slack.
  const tOff = new Int32Array(n + 1);
  const from = compiled.transitionFrom;
  for (let e = 0; e < from.length; e++) tOff[from[e]! + 1]!++;
  for (let i = 0; i < n; i++) tOff[i + 1] = tOff[i + 1]! + tOff[i]!;
  const tTo = new Int32Array(from.length);
  const tCum = new Float64Array(from.length);
  {
    const put = tOff.slice(0, n);
    for (let e = 0; e < from.length; e++) {
      const at = put[from[e]!]!++;
      tTo[at] = compiled.transitionTo[e]!;
      tCum[at] = compiled.transitionProbability[e]!;
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = tOff[i]!; k < tOff[i + 1]!; k++) tCum[k] = acc += tCum[k]!;
      if (tOff[i + 1]! > tOff[i]!) tCum[tOff[i + 1]! - 1] = 2; // > any u
    }
  }

  // Active fields grouped by stage.
  const all = compiled.fields;
  const active: number[] = [];
  for (let f = 0; f < all.length; f++) if (all[f]!.weight > 0) active.push(f);
  active.sort((x, y) => all[x]!.stageIndex - all[y]!.stageIndex || x - y);
  const fOff = new Int32Array(n + 1);
  for (const f of active) fOff[all[f]!.stageIndex + 1]!++;
  for (let i = 0; i < n; i++) fOff[i + 1] = fOff[i + 1]! + fOff[i]!;
  const m = active.length;
  const fOut = new Int32Array(m);
  const fEntries = new Uint8Array(m);
  const fP = new Float64Array(m);
  const fA = new Float64Array(m);
  const fB = new Float64Array(m);
  const fFc = new Float64Array(m);
  const fK1 = new Float64Array(m);
  const fK2 = new Float64Array(m);
  active.forEach((f, k) => {
    const field = all[f]!;
    const a = Math.min(field.secondsMin, field.seconds);
    const c = field.seconds;
    const b = Math.max(field.secondsMax, field.seconds);
    fOut[k] = f;
    fEntries[k] = entriesCode(field.entries);
    if (fEntries[k] === ENTRIES_WEEKLY && kind[field.stageIndex] === STAGE_TRANSIENT && compiled.stageDays[field.stageIndex]! > 0) {
      drawDays[field.stageIndex] = 1;
    }
    fP[k] = field.weight;
    fA[k] = a;
    fB[k] = b;
    fFc[k] = b > a ? (c - a) / (b - a) : 0;
    fK1[k] = (b - a) * (c - a);
    fK2[k] = (b - a) * (b - c);
  });

  const blockSize = Math.max(1, Math.round(oppsPerRepMonth));
  return {
    start: compiled.startIndex,
    maxSteps,
    kind,
    drawDays,
    dayMean,
    dayA,
    dayB,
    dayK,
    tOff,
    tTo,
    tCum,
    fOff,
    fOut,
    fEntries,
    fP,
    fA,
    fB,
    fFc,
    fK1,
    fK2,
    blockSize,
    blockScale: oppsPerRepMonth > 0 ? oppsPerRepMonth / blockSize / 60 : 0,
    rng: createRngState(seed),
    state,
  };
}

// Module-local copies of the shared codes: when this file is compiled to CommonJS (tsx, the CLI),
// an imported binding becomes a getter call on every access, which the hot loop cannot afford.
const ONCE = ENTRIES_ONCE;
const WEEKLY = ENTRIES_WEEKLY;
const TRANSIENT = STAGE_TRANSIENT;
const WON = STAGE_WON;
const INV_2_32 = 1 / 4294967296;

/** Index of won, lost and truncated in `KernelState.counts`. */
export const COUNT_WON = 0;
/** See `COUNT_WON`. */
export const COUNT_LOST = 1;
/** See `COUNT_WON`. */
export const COUNT_TRUNCATED = 2;

/**
 * Simulates `runs` more opportunities into `k.state`. The sfc32 step is written out inline three
 * times (stay, field, transition) so the generator state lives in local registers; no allocation
 * except when a sketch meets a value outside the buckets it has.
 */
export function simulate(k: Kernel, runs: number): void {
  const { start, maxSteps, kind, drawDays, dayMean, dayA, dayB, dayK, tOff, tTo, tCum, fOff, fOut, fEntries, fP, fA, fB, fFc, fK1, fK2 } = k;
  const { blockSize, blockScale, rng, state } = k;
  const { fieldSeconds, fieldEntries, stageVisits, stageReached, stageDaysSum, stamp, counts, block, minutes, days, hours } = state;
  let ra = rng[0]! | 0;
  let rb = rng[1]! | 0;
  let rc = rng[2]! | 0;
  let rd = rng[3]! | 0;
  let won = 0;
  let lost = 0;
  let truncated = 0;
  let blockSum = block[0]!;
  let blockFill = block[1]!;
  const first = state.runs;
  const end = first + runs;
  for (let run = first; run < end; run++) {
    let s = start;
    let steps = 0;
    let seconds = 0;
    let dayTotal = 0;
    for (;;) {
      const firstVisit = stamp[s] !== run;
      stamp[s] = run;
      stageVisits[s]!++;
      if (firstVisit) stageReached[s]!++;
      const sk = kind[s]!;
      let stay = 0;
      if (sk === TRANSIENT) {
        if (drawDays[s] === 1) {
          const t = (((ra + rb) | 0) + rd) | 0;
          rd = (rd + 1) | 0;
          ra = rb ^ (rb >>> 9);
          rb = (rc + (rc << 3)) | 0;
          rc = (rc << 21) | (rc >>> 11);
          rc = (rc + t) | 0;
          const u = (t >>> 0) * INV_2_32;
          stay = u < 0.5 ? dayA[s]! + Math.sqrt(u * dayK[s]!) : dayB[s]! - Math.sqrt((1 - u) * dayK[s]!);
        } else stay = dayMean[s]!;
        dayTotal += stay;
        stageDaysSum[s] = stageDaysSum[s]! + stay;
      }
      for (let f = fOff[s]!, fe = fOff[s + 1]!; f < fe; f++) {
        const entries = fEntries[f]!;
        if (entries === ONCE && !firstVisit) continue;
        const t = (((ra + rb) | 0) + rd) | 0;
        rd = (rd + 1) | 0;
        ra = rb ^ (rb >>> 9);
        rb = (rc + (rc << 3)) | 0;
        rc = (rc << 21) | (rc >>> 11);
        rc = (rc + t) | 0;
        let u = (t >>> 0) * INV_2_32;
        const p = fP[f]!;
        if (p < 1) {
          if (u >= p) continue;
          u = u / p;
        }
        let x = u < fFc[f]! ? fA[f]! + Math.sqrt(u * fK1[f]!) : fB[f]! - Math.sqrt((1 - u) * fK2[f]!);
        let count = 1;
        if (entries === WEEKLY) {
          count = stay / 7;
          x *= count;
        }
        const o = fOut[f]!;
        fieldSeconds[o] = fieldSeconds[o]! + x;
        fieldEntries[o] = fieldEntries[o]! + count;
        seconds += x;
      }
      if (sk !== TRANSIENT) {
        if (sk === WON) won++;
        else lost++;
        break;
      }
      if (++steps >= maxSteps) {
        truncated++;
        break;
      }
      const t = (((ra + rb) | 0) + rd) | 0;
      rd = (rd + 1) | 0;
      ra = rb ^ (rb >>> 9);
      rb = (rc + (rc << 3)) | 0;
      rc = (rc << 21) | (rc >>> 11);
      rc = (rc + t) | 0;
      const u = (t >>> 0) * INV_2_32;
      let e = tOff[s]!;
      const last = tOff[s + 1]! - 1;
      while (e < last && u >= tCum[e]!) e++;
      s = tTo[e]!;
    }
    const runMinutes = seconds / 60;
    sketchAdd(minutes, runMinutes);
    if (days !== null) sketchAdd(days, dayTotal);
    blockSum += runMinutes;
    if (++blockFill === blockSize) {
      if (blockScale > 0) sketchAdd(hours, blockSum * blockScale);
      blockSum = 0;
      blockFill = 0;
    }
  }
  rng[0] = ra;
  rng[1] = rb;
  rng[2] = rc;
  rng[3] = rd;
  block[0] = blockSum;
  block[1] = blockFill;
  state.runs = end;
  counts[COUNT_WON] = counts[COUNT_WON]! + won;
  counts[COUNT_LOST] = counts[COUNT_LOST]! + lost;
  counts[COUNT_TRUNCATED] = counts[COUNT_TRUNCATED]! + truncated;
}
