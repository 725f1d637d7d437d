// A tight typed-array Monte Carlo of a process file, run as its own Node process beside
// `stagecraft simulate` (bench/sim.ts): the same model (cumulative exits per stage, triangular
// days per visit, triangular seconds per fill, fill-rate draws, once/every/weekly entries, sfc32)
// with nothing else — no validation, no roll-ups, no percentiles. Its wall time is the floor the
// CLI is compared against. Usage: node bench/tightLoop.mjs FILE RUNS
import { readFileSync } from 'node:fs';

const [file, runsText] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(file, 'utf8'));
const runs = Number(runsText);
const stages = doc.stages;
const n = stages.length;
const index = new Map(stages.map((s, i) => [s.id, i]));
const kind = new Uint8Array(n);
const days = new Float64Array(n);
let start = 0;
stages.forEach((s, i) => {
  kind[i] = s.kind === 'won' ? 1 : s.kind === 'lost' ? 2 : 0;
  days[i] = kind[i] === 0 ? s.expectedDays : 0;
  if (s.kind === 'start') start = i;
});
const tOff = new Int32Array(n + 1);
const exits = doc.transitions.filter((t) => t.probability > 0);
for (const t of exits) tOff[index.get(t.from) + 1]++;
for (let i = 0; i < n; i++) tOff[i + 1] += tOff[i];
const tTo = new Int32Array(exits.length);
const tCum = new Float64Array(exits.length);
const put = tOff.slice(0, n);
for (const t of exits) {
  const at = put[index.get(t.from)]++;
  tTo[at] = index.get(t.to);
  tCum[at] = t.probability;
}
for (let i = 0; i < n; i++) {
  let acc = 0;
  for (let k = tOff[i]; k < tOff[i + 1]; k++) tCum[k] = acc += tCum[k];
  if (tOff[i + 1] > tOff[i]) tCum[tOff[i + 1] - 1] = 2;
}
const fields = [];
stages.forEach((s, i) => {
  for (const f of s.fields) {
    if (f.status === 'retired') continue;
    const c = f.secondsToComplete;
    const a = Math.min(f.secondsMin ?? c, c);
    const b = Math.max(f.secondsMax ?? c, c);
    const mandatory = f.requirement !== 'optional';
    const p = mandatory ? 1 : (f.fillRate ?? doc.scenario.defaultFillRate);
    if (p <= 0) continue;
    const entries = f.entries === 'once-per-deal' ? 0 : f.entries === 'every-stage-visit' ? 1 : 2;
    fields.push({ stage: i, a, b, c, p, entries });
  }
});
fields.sort((x, y) => x.stage - y.stage);
const fOff = new Int32Array(n + 1);
for (const f of fields) fOff[f.stage + 1]++;
for (let i = 0; i < n; i++) fOff[i + 1] += fOff[i];
const m = fields.length;
const fA = new Float64Array(m), fB = new Float64Array(m), fFc = new Float64Array(m);
const fK1 = new Float64Array(m), fK2 = new Float64Array(m), fP = new Float64Array(m), fE = new Uint8Array(m);
fields.forEach((f, k) => {
  fA[k] = f.a; fB[k] = f.b; fP[k] = f.p; fE[k] = f.entries;
  fFc[k] = f.b > f.a ? (f.c - f.a) / (f.b - f.a) : 0;
  fK1[k] = (f.b - f.a) * (f.c - f.a);
  fK2[k] = (f.b - f.a) * (f.b - f.c);
});
const stamp = new Int32Array(n).fill(-1);
const INV = 1 / 4294967296;
let ra = 0x9e3779b9 | 0, rb = 0x243f6a88 | 0, rc = 0xb7e15162 | 0, rd = 1;
let total = 0;
for (let run = 0; run < runs; run++) {
  let s = start;
  let seconds = 0;
  for (;;) {
    const first = stamp[s] !== run;
    stamp[s] = run;
    let stay = 0;
    if (kind[s] === 0) {
      const t = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + t) | 0;
      const u = (t >>> 0) * INV;
      const d = days[s], k = d * 0.5 * d;
      stay = u < 0.5 ? 0.5 * d + Math.sqrt(u * k) : 1.5 * d - Math.sqrt((1 - u) * k);
    }
    for (let f = fOff[s], fe = fOff[s + 1]; f < fe; f++) {
      if (fE[f] === 0 && !first) continue;
      const t = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + t) | 0;
      let u = (t >>> 0) * INV;
      const p = fP[f];
      if (p < 1) { if (u >= p) continue; u /= p; }
      let x = u < fFc[f] ? fA[f] + Math.sqrt(u * fK1[f]) : fB[f] - Math.sqrt((1 - u) * fK2[f]);
      if (fE[f] === 2) x *= stay / 7;
      seconds += x;
    }
    if (kind[s] !== 0) break;
    const t = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + t) | 0;
    const u = (t >>> 0) * INV;
    let e = tOff[s];
    const last = tOff[s + 1] - 1;
    while (e < last && u >= tCum[e]) e++;
    s = tTo[e];
  }
  total += seconds;
}
console.log(`mean minutes per opportunity: ${(total / runs / 60).toFixed(3)}`);
