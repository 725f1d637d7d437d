import { describeProblem } from '../model/problems';
import { createMonteCarlo } from './monteCarlo';
import { DEFAULT_CHUNK, type SimRequest, type SimResponse } from './protocol';

/**
 * The worker's logic, free of any worker API: the Node worker (`src/main/simWorker.ts`) and the
 * renderer's Web Worker wrap it with their own `post` and `schedule`.
 *
 * Each run advances one chunk at a time and hands control back through `schedule` between
 * chunks, so a `cancel` message can be handled mid-run.
 *
 * @param post sends a message to whoever started the worker.
 * @param schedule runs a callback after pending messages are handled (`setImmediate`, or a
 *   `MessageChannel` / `setTimeout(0)` in a browser).
 * @returns the handler to call with every incoming message.
 */
export function createSimHost(
  post: (message: SimResponse) => void,
  schedule: (next: () => void) => void,
): (message: SimRequest) => void {
  const cancelled = new Set<string>();
  const running = new Set<string>();

  function start(request: Extract<SimRequest, { type: 'run' }>): void {
    const { id } = request;
    let started;
    try {
      started = createMonteCarlo(request.process, {
        runs: request.runs,
        seed: request.seed,
        ...(request.overrides !== undefined ? { overrides: request.overrides } : {}),
        ...(request.daysDistribution !== undefined ? { daysDistribution: request.daysDistribution } : {}),
      });
    } catch (error) {
      post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (!started.ok) {
      post({ type: 'error', id, message: started.problems.map(describeProblem).join('\n'), problems: started.problems });
      return;
    }
    const runner = started.runner;
    const chunk = request.chunk !== undefined && request.chunk >= 1 ? Math.floor(request.chunk) : DEFAULT_CHUNK;
    cancelled.delete(id);
    running.add(id);
    let done = 0;
    const tick = (): void => {
      if (cancelled.has(id)) {
        cancelled.delete(id);
        running.delete(id);
        post({ type: 'cancelled', id, done });
        return;
      }
      try {
        const progress = runner.step(chunk);
        done = progress.done;
        post({ type: 'progress', id, done: progress.done, total: progress.total });
        if (progress.finished) {
          running.delete(id);
          if (request.partial) post({ type: 'partial', id, partial: runner.partial() });
          else post({ type: 'result', id, result: runner.result() });
          return;
        }
      } catch (error) {
        running.delete(id);
        post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      schedule(tick);
    };
    schedule(tick);
  }

  return (message: SimRequest): void => {
    if (message.type === 'cancel') {
      if (running.has(message.id)) cancelled.add(message.id);
      return;
    }
    start(message);
  };
}
