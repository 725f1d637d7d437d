/**
 * Simulation benchmarks. Run: `npx tsx bench/sim.ts`. Prints `name: value unit` lines.
 * Figures, not assertions: compare runs on the same machine.
 */
import { createGeneratedProcess } from '../src/shared/model/generate';
import { createSampleProcess } from '../src/shared/model/sample';
import type { Process } from '../src/shared/model/schema';
import { compileProcess } from '../src/shared/sim/compile';
import { computeExpectedBurden } from '../src/shared/sim/expected';
import { analyzeChain } from '../src/shared/sim/markov';
import { runMonteCarlo } from '../src/shared/sim/monteCarlo';
import { rollupBurden } from '../src/shared/sim/rollup';

const NOW = '2026-01-01T00:00:00.000Z';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function timeMs(fn: () => void, repeats: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Best of three runs, opportunities per second (after a warm-up run). */
function monteCarloRate(process: Process, runs: number): number {
  runMonteCarlo(process, { runs: Math.max(1, runs >> 2), seed: 0 });
  let best = 0;
  for (let i = 1; i <= 3; i++) {
    const t0 = performance.now();
    const r = runMonteCarlo(process, { runs, seed: i });
    const dt = performance.now() - t0;
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    best = Math.max(best, (runs / dt) * 1000);
  }
  return best;
}

function line(name: string, value: number, unit: string, digits = 0): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

const sample = createSampleProcess(NOW);
const big = createGeneratedProcess({ stages: 300, fields: 3000, seed: 42 });

line('mc-sample-opportunities-per-second', monteCarloRate(sample, 1_000_000), 'opp/s');
line('mc-generated-300-opportunities-per-second', monteCarloRate(big, 50_000), 'opp/s');

const compiled = compileProcess(big);
if (!compiled.ok) throw new Error('generated process does not compile');
const c = compiled.compiled;
const chain = {
  n: c.stageIds.length,
  start: c.startIndex,
  kind: c.stageKind,
  from: c.transitionFrom,
  to: c.transitionTo,
  probability: c.transitionProbability,
};
analyzeChain(chain);
line('expected-chain-solve-300-median', timeMs(() => analyzeChain(chain), 200), 'ms', 3);
computeExpectedBurden(big);
line('expected-burden-300-with-validation-median', timeMs(() => computeExpectedBurden(big), 50), 'ms', 3);
line('expected-burden-sample-with-validation-median', timeMs(() => computeExpectedBurden(sample), 200), 'ms', 3);

const bigExpected = computeExpectedBurden(big);
if (!bigExpected.ok) throw new Error('generated process does not simulate');
line('rollup-300-median', timeMs(() => rollupBurden(big, bigExpected), 50), 'ms', 3);
