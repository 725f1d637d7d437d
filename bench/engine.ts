/**
 * Engine-at-scale benchmarks (issue 8). Run: `npx tsx bench/engine.ts` after `npm run build`
 * (the CLI lines spawn `node out/main/cli.js`). Prints `name: value unit` lines:
 *   engine.solve.<N> — expected-value chain solve, N stages × 10 fields, median ms;
 *   engine.expected-with-validation.<N> — validate + compile + solve, median ms;
 *   engine.validate.<F>-fields — validateProcess alone on 3,000 stages, median ms, and µs per field
 *     (linear validation keeps µs/field flat as F grows);
 *   engine.cli.runs0.3000x30000 — the whole `stagecraft simulate FILE --runs 0` process, median ms;
 *   engine.cli.mc5m.sample — the whole `stagecraft simulate sample.json --runs 5000000` process, ms;
 *   engine.tight-loop.mc5m.sample — bench/tightLoop.mjs on the same file and runs, ms;
 *   engine.cli.mc5m.sample.threads1 — the same with `--threads 1`;
 *   engine.cli.mc5m.speed-vs-tight-loop(.threads1) — tight-loop time ÷ CLI time (1 = as fast);
 *   *.cpu — the same child process's CPU time (user + system), which waiting for a core does
 *     not inflate;
 *   engine.load-average — the machine's 1-minute load when the bench started (figures from a
 *     shared, loaded machine are slower across the board; compare ratios run side by side).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { createSampleProcess } from '../src/shared/model/sample';
import { validateProcess } from '../src/shared/model/validate';
import { compileProcess } from '../src/shared/sim/compile';
import { computeExpectedBurden } from '../src/shared/sim/expected';
import { analyzeChain } from '../src/shared/sim/markov';

const root = join(__dirname, '..');
const cli = join(root, 'out/main/cli.js');

function line(name: string, value: number, unit: string, digits = 1): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

/** Median of repeated runs within a time budget (at least 3, at most `max`). */
function medianMs(fn: () => void, budgetMs = 3000, max = 200): number {
  fn();
  const samples: number[] = [];
  const begin = performance.now();
  while (samples.length < 3 || (samples.length < max && performance.now() - begin < budgetMs)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}

const TIME = '/usr/bin/time';

/**
 * Median wall time of a Node child process, and its CPU time (user + system, from GNU time when
 * present): on a shared, loaded machine the wall time includes waiting for a core, the CPU time
 * does not.
 */
function processMs(args: string[], repeats: number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  const timed = existsSync(TIME);
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const result = timed
      ? spawnSync(TIME, ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(performance.now() - t0);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    cpus.push(timed && Number.isFinite(user) && Number.isFinite(system) ? (user! + system!) * 1000 : Number.NaN);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
  return { wall: median(walls), cpu: median(cpus) };
}

line('engine.load-average', loadavg()[0]!, '', 2);

for (const stages of [300, 1000, 3000]) {
  const doc = createGeneratedProcess({ stages, fields: stages * 10, seed: 42 });
  const compiled = compileProcess(doc);
  if (!compiled.ok) throw new Error('generated process does not compile');
  const c = compiled.compiled;
  const chain = { n: c.stageIds.length, start: c.startIndex, kind: c.stageKind, from: c.transitionFrom, to: c.transitionTo, probability: c.transitionProbability };
  line(`engine.solve.${stages}`, medianMs(() => analyzeChain(chain)), 'ms', 3);
  line(`engine.expected-with-validation.${stages}`, medianMs(() => computeExpectedBurden(doc)), 'ms', 2);
}

for (const fields of [10_000, 30_000, 100_000]) {
  const doc = createGeneratedProcess({ stages: 3000, fields, seed: 42 });
  const ms = medianMs(() => validateProcess(doc), 4000, 20);
  line(`engine.validate.${fields}-fields`, ms, 'ms', 1);
  line(`engine.validate.${fields}-fields.per-field`, (ms * 1000) / fields, 'µs', 2);
}

const dir = mkdtempSync(join(tmpdir(), 'stagecraft-bench-'));
try {
  const bigFile = join(dir, 'big.json');
  writeFileSync(bigFile, JSON.stringify(createGeneratedProcess({ stages: 3000, fields: 30_000, seed: 42 })));
  const runs0 = processMs([cli, 'simulate', bigFile, '--runs', '0'], 3);
  line('engine.cli.runs0.3000x30000', runs0.wall, 'ms', 0);
  line('engine.cli.runs0.3000x30000.cpu', runs0.cpu, 'ms', 0);

  const sampleFile = join(dir, 'sample.json');
  writeFileSync(sampleFile, JSON.stringify(createSampleProcess('2026-01-01T00:00:00.000Z')));
  const cliMs = processMs([cli, 'simulate', sampleFile, '--runs', '5000000'], 1);
  const loopMs = processMs([join(__dirname, 'tightLoop.mjs'), sampleFile, '5000000'], 1);
  const cli1Ms = processMs([cli, 'simulate', sampleFile, '--runs', '5000000', '--threads', '1'], 1);
  line('engine.cli.mc5m.sample', cliMs.wall, 'ms', 0);
  line('engine.cli.mc5m.sample.threads1', cli1Ms.wall, 'ms', 0);
  line('engine.cli.mc5m.sample.threads1.cpu', cli1Ms.cpu, 'ms', 0);
  line('engine.tight-loop.mc5m.sample', loopMs.wall, 'ms', 0);
  line('engine.tight-loop.mc5m.sample.cpu', loopMs.cpu, 'ms', 0);
  line('engine.cli.mc5m.speed-vs-tight-loop', loopMs.wall / cliMs.wall, '×', 2);
  line('engine.cli.mc5m.speed-vs-tight-loop.threads1', loopMs.wall / cli1Ms.wall, '×', 2);
  line('engine.cli.mc5m.speed-vs-tight-loop.threads1.cpu', loopMs.cpu / cli1Ms.cpu, '×', 2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
