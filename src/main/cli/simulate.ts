import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseJsonText } from '../../shared/model/jsonText';
import { describeProblem, parseProcess, type Problem } from '../../shared/model/problems';
import type { Process } from '../../shared/model/schema';
import { computeExpectedBurden } from '../../shared/sim/expected';
import type { KernelState } from '../../shared/sim/mcKernel';
import { createMonteCarlo, mergeMonteCarlo, splitRuns, type McResult } from '../../shared/sim/monteCarlo';
import { DEFAULT_CHUNK, type SimResponse, type SimRunRequest } from '../../shared/sim/protocol';
import { buildBurdenReport, formatBurdenReport } from '../../shared/sim/report';
import type { Seed } from '../../shared/sim/rng';

/** A writable stream or a plain function; the CLI passes streams, tests may pass functions. */
type Out = ((text: string) => void) | { write(text: string): unknown };

/** Where `simulate` writes; `cwd` resolves a relative FILE (default: the process's). */
export interface SimulateIo {
  stdout: Out;
  stderr: Out;
  cwd?: string;
}

/** Opportunities simulated when `--runs` is not given: ~10 ms on the sample, stable percentiles. */
export const DEFAULT_RUNS = 20_000;
/** Seed when `--seed` is not given, so two runs of the same file print the same report. */
export const DEFAULT_SEED = 1;

/** Worker threads when `--threads` is not given: one per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export const SIMULATE_USAGE = `Usage: stagecraft simulate FILE [--runs N] [--seed S] [--threads N] [--json]

Simulates the admin burden a process file puts on sales reps: exact expected values (absorbing
Markov chain), roll-ups per field, stage and department, KPI sanity checks, and Monte Carlo
percentiles (streamed: within 0.5% of exact, memory independent of --runs).

Options:
  --runs N      Monte Carlo opportunities, any whole number (default ${DEFAULT_RUNS}; 0 skips it)
  --seed S      seed for the Monte Carlo run, a number or text (default ${DEFAULT_SEED})
  --threads N   worker threads sharing the runs (default: one per core). The same seed and
                thread count always print the same report; another thread count draws other
                (equally valid) samples.
  --json        print the report as JSON instead of text

Exit codes: 0 report printed, 1 the process has errors, 2 bad arguments or unreadable file.
`;

function write(out: Out, text: string): void {
  if (typeof out === 'function') out(text);
  else out.write(text);
}

interface Flags {
  file: string;
  runs: number;
  seed: Seed;
  threads: number;
  json: boolean;
}

function parseFlags(args: string[]): Flags | string {
  let file: string | undefined;
  let runs = DEFAULT_RUNS;
  let seed: Seed = DEFAULT_SEED;
  let json = false;
  let threads = defaultThreads();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--json' && inline === undefined) json = true;
    else if (flag === '--runs') {
      const text = value();
      if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        return `--runs must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${text === undefined ? 'nothing' : `"${text}"`}`;
      }
      runs = Number(text);
    } else if (flag === '--threads') {
      const text = value();
      if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1024) {
        return `--threads must be a whole number from 1 to 1024, got ${text === undefined ? 'nothing' : `"${text}"`}`;
      }
      threads = Number(text);
    } else if (flag === '--seed') {
      const text = value();
      if (text === undefined || text === '') return '--seed needs a value';
      seed = /^-?\d{1,15}$/.test(text) ? Number(text) : text;
    } else if (arg.startsWith('-')) return `unknown option "${arg}"`;
    else if (file === undefined) file = arg;
    else return `unexpected argument "${arg}" (one FILE only)`;
  }
  if (file === undefined) return 'missing FILE';
  return { file, runs, seed, threads, json };
}

/**
 * `stagecraft simulate FILE [--runs N] [--seed S] [--threads N] [--json]`. Resolves to the exit code: 0 report
 * printed; 1 the document is not a valid process (one `path: message` line per problem on
 * stderr); 2 bad flags or an unreadable / non-JSON file (one line on stderr).
 * The Monte Carlo part runs in `sim-worker.js` next to the built CLI when present, otherwise (from
 * TypeScript sources, in tests) in-process.
 */
export async function simulateCommand(args: string[], io: SimulateIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    write(io.stdout, SIMULATE_USAGE);
    return 0;
  }
  const flags = parseFlags(args);
  if (typeof flags === 'string') {
    write(io.stderr, `stagecraft simulate: ${flags} (see stagecraft simulate --help)\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd ?? process.cwd(), flags.file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    write(io.stderr, `${flags.file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})\n`);
    return 2;
  }
  const json = parseJsonText(text);
  if (!json.ok) {
    write(io.stderr, `${flags.file}: not valid JSON (${json.message})\n`);
    return 2;
  }
  const parsed = parseProcess(json.value);
  if (!parsed.ok) return printProblems(io, flags.file, parsed.problems);
  const process_ = parsed.process;
  const expected = computeExpectedBurden(process_);
  if (!expected.ok) return printProblems(io, flags.file, expected.problems);

  let monteCarlo: McResult | undefined;
  if (flags.runs > 0) {
    const outcome = await monteCarloFor(process_, flags.runs, flags.seed, flags.threads, progressLine(io.stderr));
    if (!outcome.ok) return printProblems(io, flags.file, outcome.problems);
    monteCarlo = outcome.result;
  }
  const report = buildBurdenReport(process_, expected, monteCarlo);
  write(io.stdout, flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatBurdenReport(report));
  return 0;
}

function printProblems(io: SimulateIo, file: string, problems: Problem[]): number {
  write(io.stderr, `${file}: the process cannot be simulated:\n`);
  for (const problem of problems) write(io.stderr, `${describeProblem(problem)}\n`);
  return 1;
}

type McOutcome = { ok: true; result: McResult } | { ok: false; problems: Problem[] };

/**
 * A progress line for long runs, redrawn in place, on a terminal only: piped or redirected stderr
 * (scripts, CI logs) stays clean.
 */
function progressLine(out: Out): ((done: number, total: number) => void) | undefined {
  if (typeof out === 'function' || !(out as { isTTY?: boolean }).isTTY) return undefined;
  let shown = -1;
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === shown) return;
    shown = percent;
    write(out, `\rSimulating ${total.toLocaleString('en-US')} opportunities… ${percent}%${done >= total ? '\n' : ''}`);
  };
}

/**
 * Splits the run over `threads` parts (`splitRuns`), runs each in its own worker thread, and
 * merges the parts in order — deterministic for a seed and thread count. Without a built worker
 * next to this file (running from sources, in tests) the same parts run one after another here.
 */
async function monteCarloFor(
  process_: Process,
  runs: number,
  seed: Seed,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<McOutcome> {
  const workerFile = typeof __dirname === 'string' ? join(__dirname, 'sim-worker.js') : undefined;
  const setup = createMonteCarlo(process_, { runs: 0, seed });
  if (!setup.ok) return { ok: false, problems: setup.problems };
  const parts = splitRuns(runs, threads, seed);
  if (workerFile === undefined || !existsSync(workerFile)) {
    const partials: KernelState[] = [];
    let before = 0;
    for (const part of parts) {
      const started = createMonteCarlo(process_, { runs: part.runs, seed: part.seed });
      if (!started.ok) return { ok: false, problems: started.problems };
      for (;;) {
        const progress = started.runner.step(DEFAULT_CHUNK);
        onProgress?.(before + progress.done, runs);
        if (progress.finished) break;
      }
      before += part.runs;
      partials.push(started.runner.partial());
    }
    return { ok: true, result: mergeMonteCarlo(setup.compiled, process_, { runs, seed }, partials) };
  }
  const done = parts.map(() => 0);
  const outcomes = await Promise.all(
    parts.map((part, index) =>
      runPartInWorker(workerFile, { type: 'run', id: `cli-${index}`, process: process_, runs: part.runs, seed: part.seed, partial: true }, (partDone) => {
        done[index] = partDone;
        onProgress?.(
          done.reduce((sum, value) => sum + value, 0),
          runs,
        );
      }),
    ),
  );
  const partials: KernelState[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return outcome;
    partials.push(outcome.partial);
  }
  return { ok: true, result: mergeMonteCarlo(setup.compiled, process_, { runs, seed }, partials) };
}

type PartOutcome = { ok: true; partial: KernelState } | { ok: false; problems: Problem[] };

async function runPartInWorker(
  workerFile: string,
  request: SimRunRequest,
  onProgress: (done: number, total: number) => void,
): Promise<PartOutcome> {
  let partial: KernelState | undefined;
  const outcome = await runInWorker(workerFile, request, onProgress, (message) => {
    partial = message;
  });
  if (!outcome.ok) return outcome;
  return partial ? { ok: true, partial } : { ok: false, problems: [problem('the simulation worker sent no result')] };
}

function problem(message: string): Problem {
  return { severity: 'error', code: 'simulation', path: '(document)', message };
}

/**
 * Runs one Monte Carlo request in a fresh `worker_threads` worker and ends the worker after.
 * `onProgress` sees every progress message. Rejects if the worker crashes.
 */
export function runMonteCarloInWorker(
  workerFile: string,
  request: SimRunRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<McOutcome> {
  return runInWorker(workerFile, request, onProgress).then((outcome) =>
    outcome.ok && outcome.result === undefined ? { ok: false, problems: [problem('the simulation worker sent no result')] } : (outcome as McOutcome),
  );
}

function runInWorker(
  workerFile: string,
  request: SimRunRequest,
  onProgress?: (done: number, total: number) => void,
  onPartial?: (partial: KernelState) => void,
): Promise<McOutcome | { ok: true; result?: undefined }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile);
    let settled = false;
    const finish = (outcome: McOutcome | { ok: true; result?: undefined }): void => {
      settled = true;
      void worker.terminate();
      resolvePromise(outcome);
    };
    worker.on('message', (message: SimResponse) => {
      if (message.id !== request.id) return;
      if (message.type === 'progress') onProgress?.(message.done, message.total);
      else if (message.type === 'result') finish({ ok: true, result: message.result });
      else if (message.type === 'partial') {
        onPartial?.(message.partial);
        finish({ ok: true });
      } else if (message.type === 'error') {
        finish({ ok: false, problems: message.problems ?? [problem(message.message)] });
      } else finish({ ok: false, problems: [{ severity: 'error', code: 'cancelled', path: '(document)', message: 'cancelled' }] });
    });
    worker.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    worker.on('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`simulation worker exited with code ${code}`));
      }
    });
    worker.postMessage(request);
  });
}
