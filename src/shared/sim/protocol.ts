import type { Problem } from '../model/problems';
import type { Process } from '../model/schema';
import type { FieldOverrides } from './compile';
import type { KernelState } from './mcKernel';
import type { McResult } from './monteCarlo';
import type { Seed } from './rng';

/**
 * Messages between a simulation worker (Node `worker_threads` in main, a Web Worker in the
 * renderer) and whoever started it. Plain structured-clone data; `id` pairs answers with requests
 * so one worker can serve several runs. The logic behind it is `createSimHost` in `workerHost.ts`;
 * a renderer Web Worker is three lines:
 * `const handle = createSimHost((m) => self.postMessage(m), (next) => setTimeout(next, 0));`
 * `self.onmessage = (event) => handle(event.data);`
 */

/** Start a Monte Carlo run. */
export interface SimRunRequest {
  type: 'run';
  id: string;
  process: Process;
  /** Opportunities to simulate. */
  runs: number;
  seed: Seed;
  overrides?: FieldOverrides;
  /** Opportunities per chunk between progress messages; default `DEFAULT_CHUNK`. */
  chunk?: number;
  /**
   * Answer with the raw sums and sketches (`partial`) instead of a result, so a caller running
   * one part per thread (`splitRuns`) can merge them (`mergeMonteCarlo`).
   */
  partial?: boolean;
  /** See `McOptions.daysDistribution`; default true. */
  daysDistribution?: boolean;
}

/** Stop a run; the worker answers `cancelled` (or nothing if the run already ended). */
export interface SimCancelRequest {
  type: 'cancel';
  id: string;
}

/** Anything sent to a simulation worker. */
export type SimRequest = SimRunRequest | SimCancelRequest;

/** `done` of `total` opportunities simulated so far. */
export interface SimProgressMessage {
  type: 'progress';
  id: string;
  done: number;
  total: number;
}

/** The finished run. */
export interface SimResultMessage {
  type: 'result';
  id: string;
  result: McResult;
}

/** One part of a threaded run: what it added up, to merge in part order. */
export interface SimPartialMessage {
  type: 'partial';
  id: string;
  partial: KernelState;
}

/** The run could not start or failed; `problems` when the process or options were invalid. */
export interface SimErrorMessage {
  type: 'error';
  id: string;
  message: string;
  problems?: Problem[];
}

/** The run stopped on request. */
export interface SimCancelledMessage {
  type: 'cancelled';
  id: string;
  /** Opportunities simulated before the cancel arrived. */
  done: number;
}

/** Anything a simulation worker sends back. */
export type SimResponse = SimProgressMessage | SimResultMessage | SimPartialMessage | SimErrorMessage | SimCancelledMessage;

/** Opportunities per chunk: ~20–50 ms on the sample, so a cancel is seen quickly. */
export const DEFAULT_CHUNK = 50_000;
