import { createMonteCarlo } from '../../../shared/sim/monteCarlo';
import type { McResponse, McRunRequest, McSummary } from './monteCarloProtocol';

/** How the job talks to its host; injected so the job runs (and is tested) outside a worker. */
export interface JobHost {
  post(message: McResponse): void;
  /** True once the run was cancelled; checked between chunks. */
  cancelled(): boolean;
  /** Gives the event loop a turn between chunks, so a cancel message can arrive. */
  yieldTurn(): Promise<void>;
  /** Milliseconds, for the elapsed time. */
  now(): number;
}

/** Opportunities simulated between progress reports. */
export const CHUNK_RUNS = 5_000;

/**
 * Runs a Monte Carlo request in chunks, posting progress after each chunk and one final message:
 * `done` with the summary, `refused` with located problems, `cancelled`, or `error`.
 */
export async function runMonteCarloJob(request: McRunRequest, host: JobHost, chunk = CHUNK_RUNS): Promise<void> {
  const { id } = request;
  try {
    const started = host.now();
    const start = createMonteCarlo(request.process, {
      runs: request.runs,
      seed: request.seed,
      ...(request.overrides ? { overrides: request.overrides } : {}),
      ...(request.today ? { today: request.today } : {}),
    });
    if (!start.ok) {
      host.post({ type: 'refused', id, problems: start.problems });
      return;
    }
    const runner = start.runner;
    host.post({ type: 'progress', id, done: 0, total: runner.total });
    for (;;) {
      const progress = runner.step(chunk);
      host.post({ type: 'progress', id, done: progress.done, total: progress.total });
      if (progress.finished) break;
      await host.yieldTurn();
      if (host.cancelled()) {
        host.post({ type: 'cancelled', id });
        return;
      }
    }
    const result = runner.result();
    const summary: McSummary = {
      runs: result.runs,
      seed: request.seed,
      truncated: result.truncated,
      winProbability: result.winProbability,
      minutesPerOpportunity: result.minutesPerOpportunity,
      hoursPerRepMonth: result.hoursPerRepMonth,
      daysToClose: result.daysToCloseDistribution,
      histogram: result.histogram,
      elapsedMs: host.now() - started,
    };
    host.post({ type: 'done', id, summary });
  } catch (error) {
    host.post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
}
