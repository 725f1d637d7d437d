/**
 * Engine-at-scale benchmarks (issue 8). Run with `npm run bench` (builds first; the CLI lines spawn
 * `node bin/stagecraft.cjs`, the real `stagecraft` command). Prints `name: value unit` lines; every
 * time is a median of repeated runs, printed with the CPU time of the same runs (`.cpu`), which
 * waiting for a core on a shared, loaded machine does not inflate:
 *   engine.solve.<N> — expected-value chain solve, N stages × 10 fields each;
 *   engine.solve+validation.<N> — validateProcess (every rule) + compile + solve + per-field
 *     burden: the editor's work after an edit (one field relabelled through its command, which
 *     shares the untouched stages; per-stage results are remembered for those);
 *   engine.solve+validation.<N>.cold — the same on a fresh copy of the document each run (first
 *     open: nothing remembered per stage yet);
 *   engine.cli.runs0.<N> — the whole `stagecraft simulate FILE --runs 0` process on that file
 *     (start-up, read, parse, checks, solve, report);
 *   engine.validate.<F>-fields — validateProcess alone on 3,000 stages, and µs per field
 *     (linear validation keeps µs/field flat as F grows);
 *   engine.cli.mc5m.sample — the whole `stagecraft simulate sample.json --runs 5000000` process;
 *   engine.tight-loop.mc5m.sample — bench/tightLoop.mjs on the same file and runs;
 *   engine.cli.mc5m.sample.threads1 — the same with `--threads 1`;
 *   engine.cli.mc5m.speed-vs-tight-loop(.threads1) — tight-loop time ÷ CLI time (1 = as fast);
 *   engine.load-average — the machine's 1-minute load when the bench started.
 * On 2 shared cores at load ≈ 5–8 (2026-11-27): solve.3000 ~1.1 ms; solve+validation.3000 ~20–31 ms;
 * solve+validation.3000.cold ~80–125 ms wall and CPU, ~45–55 ms in runs without a collection
 * (issue 8 asks ≤ 50 ms; about 31 MB is allocated after the copy, so one or two scavenges of the
 * fresh copy, 12–17 ms each, fall inside most cold runs); validate.100000-fields ~0.5–0.7 µs a field.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateField } from '../src/shared/model/commands';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { createSampleProcess } from '../src/shared/model/sample';
import type { Process } from '../src/shared/model/schema';
import { validateProcess } from '../src/shared/model/validate';
import { compileProcess } from '../src/shared/sim/compile';
import { expectedFromCompiled } from '../src/shared/sim/expected';
import { analyzeChain } from '../src/shared/sim/markov';

const root = join(__dirname, '..');
const stagecraft = join(root, 'bin/stagecraft.cjs');

function line(name: string, value: number, unit: string, digits = 1): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * Median wall and CPU time of repeated runs within a time budget (at least `min`, at most `max`);
 * `prepare` runs before each, outside the timing.
 */
function timed(fn: () => void, { budgetMs = 3000, min = 5, max = 200, prepare }: { budgetMs?: number; min?: number; max?: number; prepare?: () => void } = {}): { wall: number; cpu: number } {
  prepare?.();
  fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  const begin = performance.now();
  while (walls.length < min || (walls.length < max && performance.now() - begin < budgetMs)) {
    prepare?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function lines(name: string, figure: { wall: number; cpu: number }, digits = 1): void {
  line(name, figure.wall, 'ms', digits);
  line(`${name}.cpu`, figure.cpu, 'ms', digits);
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
  const haveTime = existsSync(TIME);
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const result = haveTime
      ? spawnSync(TIME, ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(performance.now() - t0);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    cpus.push(haveTime && Number.isFinite(user) && Number.isFinite(system) ? (user! + system!) * 1000 : Number.NaN);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

line('engine.load-average', loadavg()[0]!, '', 2);

/** The editor's work after an edit: every rule, then the expected-value engine. */
function solveAndValidate(doc: Process): void {
  validateProcess(doc);
  const compiled = compileProcess(doc);
  if (!compiled.ok) throw new Error('generated process does not compile');
  expectedFromCompiled(compiled.compiled);
}

const dir = mkdtempSync(join(tmpdir(), 'stagecraft-bench-'));
try {
  for (const stages of [300, 1000, 3000]) {
    const doc = createGeneratedProcess({ stages, fields: stages * 10, seed: 42 });
    const compiled = compileProcess(doc);
    if (!compiled.ok) throw new Error('generated process does not compile');
    const c = compiled.compiled;
    const chain = { n: c.stageIds.length, start: c.startIndex, kind: c.stageKind, from: c.transitionFrom, to: c.transitionTo, probability: c.transitionProbability };
    lines(`engine.solve.${stages}`, timed(() => analyzeChain(chain)), 3);
    // After an edit: one field's label changed through the command, which shares every other stage.
    const fieldIds = doc.stages.flatMap((stage) => stage.fields.map((field) => field.id));
    let edited = doc;
    let edits = 0;
    const edit = (): void => {
      edits++;
      edited = updateField(edited, fieldIds[(edits * 7919) % fieldIds.length]!, { label: `Edited label ${edits}` });
    };
    lines(`engine.solve+validation.${stages}`, timed(() => solveAndValidate(edited), { prepare: edit }), 2);
    let fresh = doc;
    lines(`engine.solve+validation.${stages}.cold`, timed(() => solveAndValidate(fresh), { prepare: () => (fresh = structuredClone(doc)), max: 30 }), 2);
    const file = join(dir, `generated-${stages}.json`);
    writeFileSync(file, JSON.stringify(doc));
    lines(`engine.cli.runs0.${stages}`, processMs([stagecraft, 'simulate', file, '--runs', '0'], 5), 0);
  }

  for (const fields of [10_000, 30_000, 100_000]) {
    const doc = createGeneratedProcess({ stages: 3000, fields, seed: 42 });
    const figure = timed(() => validateProcess(doc), { budgetMs: 4000, max: 20 });
    lines(`engine.validate.${fields}-fields`, figure, 1);
    line(`engine.validate.${fields}-fields.per-field`, (figure.wall * 1000) / fields, 'µs', 2);
  }

  const sampleFile = join(dir, 'sample.json');
  writeFileSync(sampleFile, JSON.stringify(createSampleProcess('2026-01-01T00:00:00.000Z')));
  const cliMs = processMs([stagecraft, 'simulate', sampleFile, '--runs', '5000000'], 1);
  const loopMs = processMs([join(__dirname, 'tightLoop.mjs'), sampleFile, '5000000'], 1);
  const cli1Ms = processMs([stagecraft, 'simulate', sampleFile, '--runs', '5000000', '--threads', '1'], 1);
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
