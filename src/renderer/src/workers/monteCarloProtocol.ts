import type { Problem } from '../../../shared/model/problems';
import type { Process } from '../../../shared/model/schema';
import type { FieldOverrides } from '../../../shared/sim/compile';
import type { Distribution, Histogram } from '../../../shared/sim/monteCarlo';

/**
 * Messages between the burden panel and the Monte Carlo worker. Every message carries the
 * request's `id`, so a late message from a cancelled run can be told apart and ignored.
 */

/** Start a run. */
export interface McRunRequest {
  type: 'run';
  id: number;
  process: Process;
  overrides?: FieldOverrides;
  /** Opportunities to simulate. */
  runs: number;
  seed: number;
  /** `YYYY-MM-DD`, for validation. */
  today?: string;
}

/** Stop the run with this id (the worker also stops when terminated). */
export interface McCancelRequest {
  type: 'cancel';
  id: number;
}

export type McRequest = McRunRequest | McCancelRequest;

/** What the panel shows of a finished run: the distributions, not the per-field tables. */
export interface McSummary {
  runs: number;
  seed: number;
  truncated: number;
  winProbability: number;
  minutesPerOpportunity: Distribution;
  hoursPerRepMonth: Distribution & { samples: number };
  daysToClose: Distribution;
  histogram: Histogram;
  /** Wall-clock milliseconds the run took. */
  elapsedMs: number;
}

export type McResponse =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'done'; id: number; summary: McSummary }
  | { type: 'refused'; id: number; problems: Problem[] }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string };
