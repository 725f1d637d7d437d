/**
 * A mergeable quantile sketch with a stated relative-error bound (the DDSketch construction:
 * Masson, Rim & Lee, "DDSketch: A fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019), so Monte Carlo statistics stream: memory grows with the spread of the
 * values (about ln(max / min) / ln γ buckets), never with the number of runs.
 *
 * Values > 0 fall in bucket i = ⌈log_γ v⌉, γ = (1 + α) / (1 − α), covering (γ^(i−1), γ^i]; a
 * quantile is read as the bucket's value 2γ^i / (γ + 1), which is within relative error α of any
 * value in the bucket. Values ≤ `ZERO_THRESHOLD` (a deal with no admin at all) are counted apart
 * and read as 0. Count, sum, min and max are kept exactly.
 *
 * Guarantee: for a quantile q over n values, with the exact order statistics x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎,
 * the estimate lies within [x₍ₗ₎·(1 − α), x₍ₕ₎·(1 + α)] for l = ⌊(n − 1)q⌋, h = ⌈(n − 1)q⌉
 * (and within [min, max]) — so within α of the exact, interpolated percentile whenever the two
 * closest ranks are close. Two sketches with the same α merge by adding counts; the merged sketch
 * equals one fed all the values.
 */

/** Values at or below this count as zero. */
const ZERO_THRESHOLD = 1e-9;
/** Default relative accuracy: 0.5 %. */
export const DEFAULT_SKETCH_ALPHA = 0.005;
const GROW = 64;

/** The sketch's state; plain data (structured-clone safe), updated in place by `sketchAdd`. */
export interface QuantileSketch {
  /** Relative accuracy α, 0 < α < 1. */
  alpha: number;
  /** 1 / ln γ, kept so adding a value costs one logarithm. */
  indexScale: number;
  /** Values counted as zero. */
  zeros: number;
  /** Bucket index of `counts[0]`. */
  offset: number;
  /** Counts per bucket; `counts[k]` is bucket `offset + k`. Grows as needed. */
  counts: Float64Array;
  /** Exact count, sum, min and max of everything added. */
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** An empty sketch with relative accuracy `alpha` (default 0.5 %). */
export function createSketch(alpha: number = DEFAULT_SKETCH_ALPHA): QuantileSketch {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be between 0 and 1');
  return { alpha, indexScale: 1 / logGamma(alpha), zeros: 0, offset: 0, counts: new Float64Array(0), count: 0, sum: 0, min: Infinity, max: -Infinity };
}

function logGamma(alpha: number): number {
  return Math.log((1 + alpha) / (1 - alpha));
}

/** Makes room for bucket `index` (amortised: grows in steps of at least 64). */
function ensure(sketch: QuantileSketch, index: number): void {
  const length = sketch.counts.length;
  if (length === 0) {
    sketch.offset = index - (GROW >> 1);
    sketch.counts = new Float64Array(GROW);
    return;
  }
  if (index >= sketch.offset && index < sketch.offset + length) return;
  const lo = Math.min(sketch.offset, index - (index < sketch.offset ? GROW : 0));
  const hi = Math.max(sketch.offset + length, index + 1 + (index >= sketch.offset + length ? GROW : 0));
  const grown = new Float64Array(hi - lo);
  grown.set(sketch.counts, sketch.offset - lo);
  sketch.counts = grown;
  sketch.offset = lo;
}

/** Adds `weight` (default 1) occurrences of a finite value ≥ 0. Mutates `sketch` only. */
export function sketchAdd(sketch: QuantileSketch, value: number, weight = 1): void {
  sketch.count += weight;
  sketch.sum += value * weight;
  if (value < sketch.min) sketch.min = value;
  if (value > sketch.max) sketch.max = value;
  if (value <= ZERO_THRESHOLD) {
    sketch.zeros += weight;
    return;
  }
  const index = Math.ceil(Math.log(value) * sketch.indexScale);
  const k = index - sketch.offset;
  if (k >= 0 && k < sketch.counts.length) sketch.counts[k] = sketch.counts[k]! + weight;
  else {
    ensure(sketch, index);
    sketch.counts[index - sketch.offset] = sketch.counts[index - sketch.offset]! + weight;
  }
}

/** Adds everything in `other` to `into` (same α required). Mutates `into` only. */
export function sketchMerge(into: QuantileSketch, other: QuantileSketch): void {
  if (other.alpha !== into.alpha) throw new RangeError('cannot merge sketches with different accuracy');
  into.count += other.count;
  into.sum += other.sum;
  into.zeros += other.zeros;
  if (other.min < into.min) into.min = other.min;
  if (other.max > into.max) into.max = other.max;
  if (other.counts.length === 0) return;
  ensure(into, other.offset);
  ensure(into, other.offset + other.counts.length - 1);
  const shift = other.offset - into.offset;
  for (let k = 0; k < other.counts.length; k++) into.counts[shift + k] = into.counts[shift + k]! + other.counts[k]!;
}

/** The value bucket `index` stands for: within relative α of every value in it. */
function bucketValue(alpha: number, index: number): number {
  const gamma = (1 + alpha) / (1 - alpha);
  return (2 * Math.exp(index * logGamma(alpha))) / (gamma + 1);
}

/** The value at 0-based rank `rank` (0 ≤ rank < count) as the sketch knows it. */
function valueAtRank(sketch: QuantileSketch, rank: number): number {
  if (rank < sketch.zeros) return 0;
  let seen = sketch.zeros;
  for (let k = 0; k < sketch.counts.length; k++) {
    seen += sketch.counts[k]!;
    if (seen > rank) return Math.min(sketch.max, Math.max(sketch.min, bucketValue(sketch.alpha, sketch.offset + k)));
  }
  return sketch.max;
}

/**
 * Estimated quantiles for each q in 0..1, interpolating between the two closest ranks like the
 * exact definition; 0 for an empty sketch. q = 0 and q = 1 give the exact min and max.
 */
export function sketchQuantiles(sketch: QuantileSketch, qs: readonly number[]): number[] {
  const n = sketch.count;
  if (n === 0) return qs.map(() => 0);
  return qs.map((q) => {
    const pos = (n - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(pos);
    if (lo <= 0 && pos === 0) return sketch.min;
    if (lo >= n - 1) return sketch.max;
    const a = valueAtRank(sketch, lo);
    const b = valueAtRank(sketch, lo + 1);
    return a + (b - a) * (pos - lo);
  });
}

/**
 * Counts per equal-width bin from `lo` to `hi` (the last bin includes `hi`) and how many lie
 * above `hi`, placing each sketch bucket by its value — a bar may be off by one bucket's width
 * (relative α) at its edges; the counts add up to the exact total.
 */
export function sketchHistogram(sketch: QuantileSketch, lo: number, hi: number, bins: number): { counts: number[]; above: number } {
  const counts = new Array<number>(bins).fill(0);
  let above = 0;
  const width = hi > lo ? (hi - lo) / bins : 0;
  const place = (value: number, count: number): void => {
    if (count === 0) return;
    if (value > hi) {
      above += count;
      return;
    }
    const b = width > 0 ? Math.min(bins - 1, Math.max(0, Math.floor((value - lo) / width))) : 0;
    counts[b] = counts[b]! + count;
  };
  place(Math.max(0, sketch.min), sketch.zeros);
  for (let k = 0; k < sketch.counts.length; k++) {
    place(Math.min(sketch.max, Math.max(sketch.min, bucketValue(sketch.alpha, sketch.offset + k))), sketch.counts[k]!);
  }
  return { counts, above };
}
