import { create } from 'zustand';
import type { Problem } from '../../../../shared/model/problems';
import type { Process } from '../../../../shared/model/schema';
import type { FieldOverrides } from '../../../../shared/sim/compile';
import type { MonteCarloSummary } from '../../../../shared/sim/report';

/** What the panel shows of a finished run, and how long it took (ms, wall clock). */
export type McSummary = MonteCarloSummary & { elapsedMs: number };

/** Where the Monte Carlo run stands. */
export type McState =
  | { status: 'idle' }
  | { status: 'running'; id: number; done: number; total: number }
  | { status: 'done'; summary: McSummary; ranOn: Process; ranWith: FieldOverrides }
  | { status: 'refused'; problems: Problem[] }
  | { status: 'error'; message: string }
  | { status: 'cancelled'; done: number; total: number };

/**
 * View state of the burden panel, kept outside the document (never saved, never undone) and
 * outside the component so it survives switching side-panel tabs. Reset when another process opens.
 */
export interface BurdenState {
  /** Process the state belongs to. */
  processId: string | null;
  /** What-if changes, keyed by field id. */
  overrides: FieldOverrides;
  mc: McState;
  /** Opportunities per Monte Carlo run. */
  runs: number;
  seed: number;
  /** Disclosure sections the user opened or closed. */
  open: Record<string, boolean>;
  attach(processId: string): void;
  setOverrides(overrides: FieldOverrides): void;
  setMc(mc: McState): void;
  setRuns(runs: number): void;
  setSeed(seed: number): void;
  setOpen(section: string, open: boolean): void;
}

export const useBurden = create<BurdenState>()((set, get) => ({
  processId: null,
  overrides: {},
  mc: { status: 'idle' },
  runs: 100_000,
  seed: 1,
  open: {},
  attach(processId) {
    if (get().processId === processId) return;
    set({ processId, overrides: {}, mc: { status: 'idle' } });
  },
  setOverrides(overrides) {
    set({ overrides });
  },
  setMc(mc) {
    set({ mc });
  },
  setRuns(runs) {
    set({ runs });
  },
  setSeed(seed) {
    set({ seed });
  },
  setOpen(section, open) {
    set({ open: { ...get().open, [section]: open } });
  },
}));
