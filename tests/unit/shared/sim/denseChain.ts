// The dense expected-value solve the engine used before the per-component one (kept verbatim as
// the reference the property tests compare against: one m×m elimination over all transient stages).
import type { ChainInput, ChainResult } from '../../../../src/shared/sim/markov';


/** A pivot below this (the matrix entries are ≤ 1 in size) is treated as singular. */
const SINGULAR_TOLERANCE = 1e-10;

/**
 * Solves A x = b in place by Gaussian elimination with partial pivoting.
 * `a` is an m×m row-major matrix and is destroyed; `b` becomes x.
 * Returns -1 on success, or the column whose pivot was (numerically) zero.
 */
export function solveInPlace(a: Float64Array, b: Float64Array, m: number): number {
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
    if (!(best > SINGULAR_TOLERANCE)) return k;
    if (pivotRow !== k) {
      const rk = k * m;
      const rp = pivotRow * m;
      for (let j = k; j < m; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
      const t = b[k]!;
      b[k] = b[pivotRow]!;
      b[pivotRow] = t;
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
      a[ri + k] = 0;
      for (let j = k + 1; j <= end; j++) a[ri + j] = a[ri + j]! - f * a[rk + j]!;
      b[i] = b[i]! - f * b[k]!;
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    const ri = i * m;
    let s = b[i]!;
    for (let j = i + 1; j < m; j++) s -= a[ri + j]! * b[j]!;
    b[i] = s / a[ri + i]!;
  }
  return -1;
}

/**
 * Analyses the chain from its start stage. Returns `{ ok: false, stageIndex }` when I − Q is
 * singular (some set of stages can never be left), naming a stage involved.
 */
export function analyzeChainDense(chain: ChainInput): ChainResult {
  const { n, start, kind, from, to, probability } = chain;
  // Map stages to transient indices.
  const tIndex = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (kind[i] === 0) tIndex[i] = m++;
  const stageOf = new Int32Array(m);
  for (let i = 0; i < n; i++) if (tIndex[i]! >= 0) stageOf[tIndex[i]!] = i;

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

  // M = (I − Q)ᵀ: M[j][i] = δ_ij − Q_ij.
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) a[i * m + i] = 1;
  for (let e = 0; e < from.length; e++) {
    const i = tIndex[from[e]!]!;
    const j = tIndex[to[e]!]!;
    if (i < 0 || j < 0) continue;
    a[j * m + i] = a[j * m + i]! - probability[e]!;
  }
  const x = new Float64Array(m);
  x[tIndex[start]!] = 1;
  const bad = solveInPlace(a, x, m);
  if (bad >= 0) return { ok: false, reason: 'singular', stageIndex: stageOf[bad]! };

  const diag = diagonalOfFundamental(m, tIndex, from, to, probability);
  if (!diag.ok) return { ok: false, reason: 'singular', stageIndex: stageOf[diag.column]! };

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
    reach[s] = clamp01(v / diag.values[t]!);
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

type Diagonal = { ok: true; values: Float64Array } | { ok: false; column: number };

/** N_jj for every transient j, from (I − Q_C)⁻¹ per strongly connected component C. */
function diagonalOfFundamental(
  m: number,
  tIndex: Int32Array,
  from: Int32Array,
  to: Int32Array,
  probability: Float64Array,
): Diagonal {
  // Transient→transient adjacency in CSR form.
  const degree = new Int32Array(m + 1);
  for (let e = 0; e < from.length; e++) {
    const i = tIndex[from[e]!]!;
    if (i >= 0 && tIndex[to[e]!]! >= 0) degree[i + 1]!++;
  }
  for (let i = 0; i < m; i++) degree[i + 1] = degree[i + 1]! + degree[i]!;
  const adj = new Int32Array(degree[m]!);
  const adjP = new Float64Array(degree[m]!);
  const fill = degree.slice(0, m);
  for (let e = 0; e < from.length; e++) {
    const i = tIndex[from[e]!]!;
    const j = tIndex[to[e]!]!;
    if (i < 0 || j < 0) continue;
    const at = fill[i]!++;
    adj[at] = j;
    adjP[at] = probability[e]!;
  }

  const component = stronglyConnectedComponents(m, degree, adj);
  const values = new Float64Array(m);
  // Group members per component.
  const count = new Int32Array(component.count + 1);
  for (let v = 0; v < m; v++) count[component.of[v]! + 1]!++;
  for (let c = 0; c < component.count; c++) count[c + 1] = count[c + 1]! + count[c]!;
  const members = new Int32Array(m);
  const put = count.slice(0, component.count);
  for (let v = 0; v < m; v++) members[put[component.of[v]!]!++] = v;
  const local = new Int32Array(m).fill(-1);

  for (let c = 0; c < component.count; c++) {
    const lo = count[c]!;
    const size = count[c + 1]! - lo;
    if (size === 1) {
      const v = members[lo]!;
      let self = 0;
      for (let k = degree[v]!; k < degree[v + 1]!; k++) if (adj[k] === v) self += adjP[k]!;
      if (!(1 - self > SINGULAR_TOLERANCE)) return { ok: false, column: v };
      values[v] = 1 / (1 - self);
      continue;
    }
    for (let k = 0; k < size; k++) local[members[lo + k]!] = k;
    const base = new Float64Array(size * size);
    for (let k = 0; k < size; k++) {
      const v = members[lo + k]!;
      base[k * size + k] = 1;
      for (let e = degree[v]!; e < degree[v + 1]!; e++) {
        const w = local[adj[e]!]!;
        if (w >= 0 && component.of[adj[e]!] === c) base[k * size + w] = base[k * size + w]! - adjP[e]!;
      }
    }
    // Factor once, then one sparse solve per member for the diagonal entry of its column.
    const bad = inverseDiagonal(base, size, values, members, lo);
    if (bad >= 0) return { ok: false, column: members[lo + bad]! };
    for (let k = 0; k < size; k++) local[members[lo + k]!] = -1;
  }
  return { ok: true, values };
}

/**
 * Diagonal of A⁻¹ for a dense m×m row-major `a` (destroyed): LU with partial pivoting (P A = L U),
 * both factors compressed to sparse rows, then for each column j a forward solve from the row
 * holding e_j and a backward solve stopped at j — O(nnz) per column instead of O(m²).
 * Writes (A⁻¹)_kk to `out[members[lo + k]]`. Returns -1, or the column with a zero pivot.
 */
function inverseDiagonal(a: Float64Array, m: number, out: Float64Array, members: Int32Array, lo: number): number {
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
    if (!(best > SINGULAR_TOLERANCE)) return k;
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
  // Compress L (strictly lower, unit diagonal) and U (upper) into sparse rows.
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
  const where = new Int32Array(m);
  for (let i = 0; i < m; i++) where[perm[i]!] = i;
  const z = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    // L z = P e_j: z is zero before the row that holds e_j.
    const first = where[j]!;
    z.fill(0);
    z[first] = 1;
    for (let i = first + 1; i < m; i++) {
      let s = 0;
      for (let e = lOff[i]!; e < lOff[i + 1]!; e++) s += lVal[e]! * z[lCol[e]!]!;
      z[i] = -s;
    }
    // U x = z, from the bottom up to row j (x overwrites z).
    for (let i = m - 1; i >= j; i--) {
      let s = z[i]!;
      for (let e = uOff[i]!; e < uOff[i + 1]!; e++) s -= uVal[e]! * z[uCol[e]!]!;
      z[i] = s / uDiag[i]!;
    }
    out[members[lo + j]!] = z[j]!;
  }
  return -1;
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
