import type { FieldRow } from '../../../../shared/sim/rollup';
import { formatMinutes } from '../../format';
import { finite, shorten } from './burdenFormat';

/** Chart rows for the burden panel: the Pareto of fields and the Monte Carlo histogram. */

/** One bar of the Pareto chart. */
export interface ParetoBar {
  key: string;
  fieldId: string;
  label: string;
  /** Label cut to fit the axis. */
  shortLabel: string;
  /** Admin minutes per rep-month. */
  minutes: number;
  /** Cumulative share of all admin time up to and including this field, in percent 0..100. */
  cumulativePercent: number;
  unjustified: boolean;
}


/**
 * The `top` heaviest fields (costing anything), heaviest first, with the cumulative share of all
 * admin time (so the line shows how few fields make most of the burden).
 */
export function paretoBars(fields: readonly FieldRow[], top = 15): ParetoBar[] {
  const sorted = fields.filter((f) => f.secondsPerOpportunity > 0).sort((a, b) => b.secondsPerOpportunity - a.secondsPerOpportunity);
  const total = sorted.reduce((acc, f) => acc + f.secondsPerOpportunity, 0);
  let running = 0;
  return sorted.slice(0, top).map((f) => {
    running += f.secondsPerOpportunity;
    return {
      key: f.key,
      fieldId: f.fieldId,
      label: f.label,
      shortLabel: shorten(f.label, 22),
      minutes: finite(f.minutesPerRepMonth),
      cumulativePercent: total > 0 ? (running / total) * 100 : 0,
      unjustified: f.unjustified,
    };
  });
}

/** Fewest fields whose time adds up to `share` of the total (e.g. "6 fields make 80%"). */
export function fieldsForShare(fields: readonly FieldRow[], share: number): number {
  const sorted = fields.map((f) => f.secondsPerOpportunity).filter((s) => s > 0).sort((a, b) => b - a);
  const total = sorted.reduce((acc, s) => acc + s, 0);
  if (total <= 0) return 0;
  let running = 0;
  for (let i = 0; i < sorted.length; i++) {
    running += sorted[i]!;
    if (running >= share * total - 1e-9) return i + 1;
  }
  return sorted.length;
}

/** One histogram bar: the bin's range in minutes and its share of opportunities. */
export interface HistogramBar {
  /** Bin centre, minutes. */
  mid: number;
  label: string;
  count: number;
  /** Share of all simulated opportunities, percent. */
  percent: number;
}

/** Histogram bins as chart rows; empty when there is nothing to draw. */
export function histogramBars(h: { lo: number; binWidth: number; counts: readonly number[]; above: number }): HistogramBar[] {
  const total = h.counts.reduce((acc, c) => acc + c, 0) + h.above;
  if (total === 0) return [];
  return h.counts.map((count, i) => {
    const a = finite(h.lo + i * h.binWidth);
    const b = finite(a + h.binWidth);
    return {
      mid: (a + b) / 2,
      label: `${formatMinutes(a)}–${formatMinutes(b)}`,
      count,
      percent: (count / total) * 100,
    };
  });
}
