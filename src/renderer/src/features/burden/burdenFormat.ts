import type { Headline } from '../../../../shared/sim/rollup';
import { formatHours, formatMinutes, formatMoney, formatPercent } from '../../format';

/** How the burden panel writes its figures: never NaN, units named, deltas signed. */

/** A number safe to show: non-finite values become 0 so no NaN or Infinity reaches the screen. */
export function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** 0.137 → "14%"; one decimal under 10 %; never "NaN%". */
export function percent(share: number): string {
  return formatPercent(finite(share));
}

/**
 * The headline in the reps' words, answering "I'm supposed to be out there selling, not doing
 * admin!": hours a month, share of working time, and how much of it nobody has justified or reads.
 */
export function headlineSentence(h: Headline): string {
  const hours = formatHours(finite(h.hoursPerRepPerMonth));
  const share = percent(h.shareOfWorkingTime);
  const unjustified = finite(h.unjustifiedShare);
  const tail =
    unjustified > 0
      ? `; ${percent(unjustified)} of it on fields nobody has justified or reads.`
      : '; every minute of it is on fields someone has justified and reads.';
  return `Each rep spends ${hours} a month filling these forms — ${share} of their working time${tail}`;
}

/** How the admin share compares with published selling-time figures: admin ÷ selling time. */
export function shareOfSellingTime(h: Headline, sellingShare: number): number {
  return sellingShare > 0 ? finite(h.shareOfWorkingTime) / sellingShare : 0;
}

/** Cuts a label to `max` characters with an ellipsis. */
export function shorten(label: string, max = 24): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

/** How a headline figure is shown. */
export type FigureUnit = 'minutes' | 'hours' | 'share' | 'money' | 'count';

/** Formats a figure in its unit. */
export function formatFigure(value: number, unit: FigureUnit, currency: string): string {
  const v = finite(value);
  switch (unit) {
    case 'minutes':
      return formatMinutes(v);
    case 'hours':
      return formatHours(v);
    case 'share':
      return percent(v);
    case 'money':
      return formatMoney(v, currency);
    case 'count':
      return `${Math.round(v * 10) / 10}`;
  }
}

/**
 * A signed change, e.g. "−1.5 min", "+3 pts", "−€120"; share deltas are in percentage points.
 * Returns "no change" when the change rounds to nothing.
 */
export function formatDelta(delta: number, unit: FigureUnit, currency: string): string {
  const d = finite(delta);
  const shown = unit === 'share' ? `${Math.round(Math.abs(d) * 1000) / 10} pts` : formatFigure(Math.abs(d), unit, currency);
  const zero = unit === 'share' ? Math.abs(d) < 0.0005 : /^[^1-9]*$/.test(shown);
  if (zero) return 'no change';
  return `${d < 0 ? '−' : '+'}${shown}`;
}

/** "100,000" with a thin grouping that does not depend on the machine's locale. */
export function formatCount(n: number): string {
  return Math.round(finite(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
