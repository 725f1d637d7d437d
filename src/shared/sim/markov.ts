/**
 * The stage graph as an absorbing Markov chain: won / lost stages absorb, every other stage is
 * transient, loops are allowed. Pure numeric code on flat typed arrays.
 *
 * With Q the transient→transient block and N = (I − Q)⁻¹ the fundamental matrix, N_sj is the
 * expected number of visits to j of a deal entering at s. Only row s is needed: the flow
 * equations x_j = δ_sj + Σ_i x_i Q_ij, i.e. (I − Q)ᵀ x = e_s.
 *
 * They are solved per strongly connected component, in topological order: once every component
 * upstream of C is solved, the flow into C is known and only C's own block (I − Q_C)ᵀ x_C = b_C
 * remains. A component without a loop is one division; a loop of k stages is a k×k LU
 * factorisation. Cost grows with the stages and transitions plus Σ k³ over loops — linear when
 * loops are small, where one dense m×m elimination over all transient stages grew with m² or worse
 * (0.6 ms at 300 stages, 640 ms at 3,000 in the bench on this machine).
 *
 * The probability of ever reaching transient j is h_j = N_sj / N_jj. N_jj = 1 / (1 − return
 * probability of j) depends only on j's component, so the diagonal comes from (I − Q_C)⁻¹ with
 * the same LU factors as the solve (one elimination routine, `factorLu`).
 */

/** The chain, as parallel arrays. Probabilities out of each transient stage should sum to 1. */
export interface ChainInput {
  /** Number of stages. */
  n: number;
  /** Index of the stage every deal enters. */
  start: number;
  /** Per stage: 0 transient, 1 won, 2 lost (`STAGE_*` in `compile.ts`). */
  kind: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  probability: Float64Array;
}

/** What the chain implies for one deal entering at the start stage. */
export interface ChainAnalysis {
  /** Expected visits per stage per deal (won / lost: the absorption probability). */
  visits: Float64Array;
  /** Probability each stage is ever reached, 0..1. */
  reach: Float64Array;
  /** Probability the deal ends in a won stage, 0..1. */
  winProbability: number;
  /** Probability the deal ends in a lost stage, 0..1. */
  lossProbability: number;
}

/** The analysis, or the (transient) stage index where I − Q turned out singular. */
export type ChainResult =
  | { ok: true; analysis: ChainAnalysis }
  | { ok: false; reason: 'singular'; stageIndex: number };

/** A pivot below this (the matrix entries are ≤ 1 in size) is treated as singular. */
const SINGULAR_TOLERANCE = 1e-10;

/**
 * LU factors of a square matrix with partial pivoting, P A = L U, both stored as sparse rows
 * (stage graphs are sparse, so most of a loop's block stays zero).
 */
export interface LuFactors {
  /** Order of the matrix. */
  m: number;
  /** Row i of P A is row `perm[i]` of A. */
  perm: Int32Array;
  /** Strictly lower part of L (unit diagonal), CSR: row i holds `lCol/lVal[lOff[i]..lOff[i+1])`. */
  lOff: Int32Array;
  lCol: Int32Array;
  lVal: Float64Array;
  /** Strictly upper part of U, CSR, and U's diagonal. */
  uOff: Int32Array;
  uCol: Int32Array;
  uVal: Float64Array;
  uDiag: Float64Array;
}

/**
 * Factors the m×m row-major matrix `a` (destroyed) as P A = L U by Gaussian elimination with
 * partial pivoting, skipping zero multipliers and the zero tail of each pivot row. Returns the
 * factors, or the column whose pivot was (numerically) zero.
 */
export function factorLu(a: Float64Array, m: number): { ok: true; lu: LuFactors } | { ok: false; column: number } {
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  for (let k = 0; k < m; k++) {
    let pivotRow = k;
    let best = Math.abs(a[k * m + k]!);
    for (let i = k + 1; i < m; i++) {
      const v = Math.abs(a[i * m + k]!);
      if (v > best) {
        best = v;
        pivotRow = i;
      }
    }
    if (!(best > SINGULAR_TOLERANCE)) return { ok: false, column: k };
    if (pivotRow !== k) {
      const rk = k * m;
      const rp = pivotRow * m;
      for (let j = 0; j < m; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[pivotRow]!;
      perm[pivotRow] = t;
    }
    const rk = k * m;
    const pivot = a[rk + k]!;
    // The last non-zero column of the pivot row bounds every update below it.
    let end = m - 1;
    while (end > k && a[rk + end] === 0) end--;
    for (let i = k + 1; i < m; i++) {
      const ri = i * m;
      const aik = a[ri + k]!;
      if (aik === 0) continue;
      const f = aik / pivot;
      a[ri + k] = f; // L below the diagonal
      for (let j = k + 1; j <= end; j++) a[ri + j] = a[ri + j]! - f * a[rk + j]!;
    }
  }
  let nnzL = 0;
  let nnzU = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) if (a[i * m + j] !== 0) nnzL++;
    for (let j = i + 1; j < m; j++) if (a[i * m + j] !== 0) nnzU++;
  }
  const lOff = new Int32Array(m + 1);
  const lCol = new Int32Array(nnzL);
  const lVal = new Float64Array(nnzL);
  const uOff = new Int32Array(m + 1);
  const uCol = new Int32Array(nnzU);
  const uVal = new Float64Array(nnzU);
  const uDiag = new Float64Array(m);
  let pl = 0;
  let pu = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const v = a[i * m + j]!;
      if (v !== 0) {
        lCol[pl] = j;
        lVal[pl++] = v;
      }
    }
    lOff[i + 1] = pl;
    uDiag[i] = a[i * m + i]!;
    for (let j = i + 1; j < m; j++) {
      const v = a[i * m + j]!;
      if (v !== 0) {
        uCol[pu] = j;
        uVal[pu++] = v;
      }
    }
    uOff[i + 1] = pu;
  }
  return { ok: true, lu: { m, perm, lOff, lCol, lVal, uOff, uCol, uVal, uDiag } };
}

/**
 * Solves Aᵀ x = b with A's factors (Aᵀ = Uᵀ Lᵀ P): Uᵀ y = b forwards, Lᵀ w = y backwards, then
 * x = Pᵀ w. `b` is consumed; the answer is written to `x` (length m). Column-oriented, so each
 * sparse row is read once.
 */
export function solveTransposed(lu: LuFactors, b: Float64Array, x: Float64Array): void {
  const { m, perm, lOff, lCol, lVal, uOff, uCol, uVal, uDiag } = lu;
  for (let i = 0; i < m; i++) {
    const yi = b[i]! / uDiag[i]!;
    b[i] = yi;
    for (let e = uOff[i]!; e < uOff[i + 1]!; e++) b[uCol[e]!] = b[uCol[e]!]! - uVal[e]! * yi;
  }
  for (let i = m - 1; i >= 0; i--) {
    const wi = b[i]!;
    for (let e = lOff[i]!; e < lOff[i + 1]!; e++) b[lCol[e]!] = b[lCol[e]!]! - lVal[e]! * wi;
  }
  for (let i = 0; i < m; i++) x[perm[i]!] = b[i]!;
}

/**
 * Writes the diagonal of A⁻¹ to `out[0..m)`: for each column j a forward solve L z = P e_j from
 * the row holding e_j and a backward solve U x = z stopped at row j — O(nnz) per column.
 */
export function inverseDiagonal(lu: LuFactors, out: Float64Array): void {
  const { m, perm, lOff, lCol, lVal, uOff, uCol, uVal, uDiag } = lu;
  const where = new Int32Array(m);
  for (let i = 0; i < m; i++) where[perm[i]!] = i;
  const z = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const first = where[j]!;
    z.fill(0);
    z[first] = 1;
    for (let i = first + 1; i < m; i++) {
      let s = 0;
      for (let e = lOff[i]!; e < lOff[i + 1]!; e++) s += lVal[e]! * z[lCol[e]!]!;
      z[i] = -s;
    }
    for (let i = m - 1; i >= j; i--) {
      let s = z[i]!;
      for (let e = uOff[i]!; e < uOff[i + 1]!; e++) s -= uVal[e]! * z[uCol[e]!]!;
      z[i] = s / uDiag[i]!;
    }
    out[j] = z[j]!;
  }
}

/**
 * Analyses the chain from its start stage. Returns `{ ok: false, stageIndex }` when I − Q is
 * singular (some set of stages can never be left), naming a stage involved.
 */
export function analyzeChain(chain: ChainInput): ChainResult {
  const { n, start, kind, from, to, probability } = chain;
  const visits = new Float64Array(n);
  const reach = new Float64Array(n);
  if (kind[start] !== 0) {
    // A deal that starts in an outcome is simply there.
    visits[start] = 1;
    reach[start] = 1;
    return {
      ok: true,
      analysis: { visits, reach, winProbability: kind[start] === 1 ? 1 : 0, lossProbability: kind[start] === 2 ? 1 : 0 },
    };
  }

  // Transient stages get indexes 0..m−1; the transient→transient edges go into CSR form.
  const tIndex = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (kind[i] === 0) tIndex[i] = m++;
  const stageOf = new Int32Array(m);
  for (let i = 0; i < n; i++) if (tIndex[i]! >= 0) stageOf[tIndex[i]!] = i;
  const offsets = new Int32Array(m + 1);
  for (let e = 0; e < from.length; e++) {
    const i = tIndex[from[e]!]!;
    if (i >= 0 && tIndex[to[e]!]! >= 0) offsets[i + 1]!++;
  }
  for (let i = 0; i < m; i++) offsets[i + 1] = offsets[i + 1]! + offsets[i]!;
  const adj = new Int32Array(offsets[m]!);
  const adjP = new Float64Array(offsets[m]!);
  {
    const fill = offsets.slice(0, m);
    for (let e = 0; e < from.length; e++) {
      const i = tIndex[from[e]!]!;
      const j = tIndex[to[e]!]!;
      if (i < 0 || j < 0) continue;
      const at = fill[i]!++;
      adj[at] = j;
      adjP[at] = probability[e]!;
    }
  }

  const component = stronglyConnectedComponents(m, offsets, adj);
  // Members of each component, contiguous: component c holds members[count[c]..count[c+1]).
  const count = new Int32Array(component.count + 1);
  for (let v = 0; v < m; v++) count[component.of[v]! + 1]!++;
  for (let c = 0; c < component.count; c++) count[c + 1] = count[c + 1]! + count[c]!;
  const members = new Int32Array(m);
  {
    const put = count.slice(0, component.count);
    for (let v = 0; v < m; v++) members[put[component.of[v]!]!++] = v;
  }
  const local = new Int32Array(m).fill(-1);

  // inflow[j]: expected entries into j from outside its component (and 1 at the start).
  const inflow = new Float64Array(m);
  inflow[tIndex[start]!] = 1;
  const x = new Float64Array(m);
  const diagonal = new Float64Array(m);
  // Tarjan numbers components in reverse topological order: upstream components come last.
  for (let c = component.count - 1; c >= 0; c--) {
    const lo = count[c]!;
    const size = count[c + 1]! - lo;
    if (size === 1) {
      const v = members[lo]!;
      let self = 0;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if (adj[e] === v) self += adjP[e]!;
      if (!(1 - self > SINGULAR_TOLERANCE)) return { ok: false, reason: 'singular', stageIndex: stageOf[v]! };
      diagonal[v] = 1 / (1 - self);
      x[v] = inflow[v]! / (1 - self);
    } else {
      for (let k = 0; k < size; k++) local[members[lo + k]!] = k;
      // A = I − Q_C, row k = member k.
      const a = new Float64Array(size * size);
      for (let k = 0; k < size; k++) {
        const v = members[lo + k]!;
        a[k * size + k] = 1;
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
          const w = local[adj[e]!]!;
          if (w >= 0) a[k * size + w] = a[k * size + w]! - adjP[e]!;
        }
      }
      const factored = factorLu(a, size);
      if (!factored.ok) return { ok: false, reason: 'singular', stageIndex: stageOf[members[lo + factored.column]!]! };
      const b = new Float64Array(size);
      for (let k = 0; k < size; k++) b[k] = inflow[members[lo + k]!]!;
      const xc = new Float64Array(size);
      solveTransposed(factored.lu, b, xc);
      const dc = new Float64Array(size);
      inverseDiagonal(factored.lu, dc);
      for (let k = 0; k < size; k++) {
        const v = members[lo + k]!;
        x[v] = xc[k]!;
        diagonal[v] = dc[k]!;
        local[v] = -1;
      }
    }
    // Push the component's outflow downstream.
    for (let k = 0; k < size; k++) {
      const v = members[lo + k]!;
      const xv = x[v]!;
      if (xv === 0) continue;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = adj[e]!;
        if (component.of[w] !== c) inflow[w] = inflow[w]! + xv * adjP[e]!;
      }
    }
  }

  let win = 0;
  let loss = 0;
  for (let e = 0; e < from.length; e++) {
    const i = tIndex[from[e]!]!;
    const target = to[e]!;
    if (i < 0 || kind[target] === 0) continue;
    const flow = x[i]! * probability[e]!;
    visits[target] = visits[target]! + flow;
    if (kind[target] === 1) win += flow;
    else loss += flow;
  }
  for (let k = 0; k < n; k++) if (kind[k] !== 0) reach[k] = clamp01(visits[k]!);
  for (let t = 0; t < m; t++) {
    const s = stageOf[t]!;
    const v = Math.max(0, x[t]!);
    visits[s] = v;
    reach[s] = clamp01(v / diagonal[t]!);
  }
  reach[start] = 1;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(visits[k]!) || !Number.isFinite(reach[k]!)) return { ok: false, reason: 'singular', stageIndex: k };
  }
  return { ok: true, analysis: { visits, reach, winProbability: clamp01(win), lossProbability: clamp01(loss) } };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Tarjan's algorithm, iterative (no recursion limit on long chains). */
function stronglyConnectedComponents(
  m: number,
  offsets: Int32Array,
  adj: Int32Array,
): { of: Int32Array; count: number } {
  const index = new Int32Array(m).fill(-1);
  const low = new Int32Array(m);
  const onStack = new Uint8Array(m);
  const stack = new Int32Array(m);
  let sp = 0;
  const callV = new Int32Array(m);
  const callE = new Int32Array(m);
  const of = new Int32Array(m).fill(-1);
  let next = 0;
  let count = 0;
  for (let root = 0; root < m; root++) {
    if (index[root]! >= 0) continue;
    let depth = 0;
    callV[0] = root;
    callE[0] = offsets[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth]!;
      const e = callE[depth]!;
      if (e < offsets[v + 1]!) {
        callE[depth] = e + 1;
        const w = adj[e]!;
        if (index[w]! < 0) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callV[depth] = w;
          callE[depth] = offsets[w]!;
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          of[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callV[depth]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
    }
  }
  return { of, count };
}
