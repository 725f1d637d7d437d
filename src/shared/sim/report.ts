import type { Process } from '../model/schema';
import type { BurdenSource } from './result';
import { checkKpis, type KpiFinding } from './kpi';
import type { Distribution, Histogram, McResult } from './monteCarlo';
import { rollupBurden, type BurdenRollup, type Bucket, type RollupOptions } from './rollup';

/** The Monte Carlo part of a report: the distributions, not the per-field detail. */
export interface MonteCarloSummary {
  runs: number;
  seed: number | string;
  truncated: number;
  winProbability: number;
  minutesPerOpportunity: Distribution;
  hoursPerRepMonth: Distribution & { samples: number };
  /** Absent when the run skipped the days distribution (`McOptions.daysDistribution`). */
  daysToClose?: Distribution;
  histogram: Histogram;
}

/** Everything the CLI prints (as text or JSON) and the renderer can export. */
export interface BurdenReport {
  process: { id: string; name: string; revision: number };
  /** Roll-ups of the exact expected values. */
  burden: BurdenRollup;
  kpis: KpiFinding[];
  monteCarlo: MonteCarloSummary | null;
}

/** Combines an expected-value result, optional Monte Carlo result, roll-ups and KPI findings. */
export function buildBurdenReport(
  process: Process,
  expected: BurdenSource,
  monteCarlo?: McResult,
  opts: RollupOptions = {},
): BurdenReport {
  return {
    process: { id: process.id, name: process.name, revision: process.revision },
    burden: rollupBurden(process, expected, opts),
    // The qualifying stage's win rate is worked out by checkKpis only when a win-rate KPI needs it.
    kpis: checkKpis(process, { winProbability: expected.winProbability, daysToClose: expected.daysToClose }),
    monteCarlo: monteCarlo ? summarizeMonteCarlo(monteCarlo) : null,
  };
}

/** The distributions of a Monte Carlo result, without its per-field detail. */
export function summarizeMonteCarlo(result: McResult): MonteCarloSummary {
  return {
    runs: result.runs,
    seed: result.seed,
    truncated: result.truncated,
    winProbability: result.winProbability,
    minutesPerOpportunity: result.minutesPerOpportunity,
    hoursPerRepMonth: result.hoursPerRepMonth,
    ...(result.daysToCloseDistribution ? { daysToClose: result.daysToCloseDistribution } : {}),
    histogram: result.histogram,
  };
}

// One formatter per digit count: toLocaleString with options builds a new Intl.NumberFormat on
// every call, which made formatting a 3,000-stage report take longer than computing it.
const formatters = new Map<number, Intl.NumberFormat>();
const num = (value: number, digits = 1): string => {
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(digits, formatter);
  }
  return formatter.format(value);
};
const pct = (share: number): string => `${num(share * 100, 1)}%`;
const money = (value: number, currency: string): string => `${currency} ${num(value, 0)}`;

/** Aligned columns: the first padded right, the others left (`numbers`: right-aligned). */
function table(rows: string[][], numbers = true): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    `  ${row.map((cell, i) => (i === 0 || !numbers ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd(),
  );
}

function buckets(title: string, list: Bucket[]): string[] {
  return [
    '',
    title,
    ...table(list.map((b) => [b.label, `${num(b.secondsPerOpportunity / 60, 2)} min/opp`, `${num(b.minutesPerRepMonth, 1)} min/rep-month`, pct(b.share)])),
  ];
}

/** The plain-text report, `topFields` heaviest fields listed. */
export function formatBurdenReport(report: BurdenReport, topFields = 10): string {
  const { burden: b, kpis, monteCarlo: mc } = report;
  const h = b.headline;
  const c = b.currency;
  const stageName = new Map(b.stages.map((s) => [s.stageId, s.label]));
  const lines: string[] = [
    `${report.process.name} — admin burden (expected values)`,
    '',
    'Headline',
    ...table([
      ['Admin per opportunity', `${num(h.minutesPerOpportunity)} min`],
      ['Admin per rep per month', `${num(h.hoursPerRepPerMonth)} h (${pct(h.shareOfWorkingTime)} of working time)`],
      ['Team admin per month', `${num(h.teamHoursPerMonth)} h, ${money(h.monthlyCost, c)}`],
      ['Unjustified burden', `${num(h.unjustifiedMinutesPerOpportunity)} min/opp (${pct(h.unjustifiedShare)}), ${num(h.unjustifiedTeamHoursPerMonth)} team h/month`],
      ['Win probability', pct(h.winProbability)],
      ['Expected days to close', num(h.daysToClose)],
      [
        'As selling time',
        `${num(h.opportunitiesForgonePerMonth)} opportunities/month ≈ ${money(h.revenueEquivalentPerMonth, c)} revenue/month`,
      ],
    ], false),
    `  (selling time assumed ${pct(b.assumptions.sellingShare)} of working hours — ${b.assumptions.sellingShareSource})`,
    '',
    `Top ${Math.min(topFields, b.fields.length)} fields by burden`,
    ...table(
      b.fields
        .slice(0, topFields)
        .map((f, i) => [
          `${i + 1}. ${f.label} (${stageName.get(f.stageId) ?? f.stageId})`,
          `${num(f.secondsPerOpportunity / 60, 2)} min/opp`,
          `${num(f.minutesPerRepMonth, 1)} min/rep-month`,
          pct(f.share),
          f.unjustified ? 'unjustified' : '',
        ]),
    ),
    '',
    'Per stage',
    ...table(
      b.stages.map((s) => [
        s.label,
        `${num(s.visitsPerOpportunity, 2)} visits`,
        `reached ${pct(s.reachProbability)}`,
        `${num(s.minutesPerVisit, 1)} min/visit`,
        `${num(s.secondsPerOpportunity / 60, 2)} min/opp`,
        s.adminBudgetMinutes !== undefined ? `budget ${num(s.adminBudgetMinutes, 0)} min${s.overBudget ? ' — over' : ''}` : '',
      ]),
    ),
    ...buckets('Per requesting department', b.byRequester),
    ...buckets('Per consuming department (split evenly)', b.byConsumer),
    ...buckets('By value to sales', b.byValueToSales),
    ...buckets('By requirement', b.byRequirement),
    '',
    'KPI findings',
    ...(kpis.length === 0 ? ['  (no KPIs set)'] : kpis.map((k) => `  [${k.severity}] ${k.message}`)),
  ];
  if (mc) {
    const d = (x: Distribution, digits = 1): string =>
      `mean ${num(x.mean, digits)}  P10 ${num(x.p10, digits)}  P50 ${num(x.p50, digits)}  P90 ${num(x.p90, digits)}`;
    lines.push(
      '',
      `Monte Carlo (${mc.runs.toLocaleString('en-US')} opportunities, seed ${mc.seed})`,
      ...table([
        ['Admin minutes per opportunity', d(mc.minutesPerOpportunity)],
        ['Admin hours per rep-month', d(mc.hoursPerRepMonth, 2)],
        ...(mc.daysToClose ? [['Days to close', d(mc.daysToClose)]] : []),
        ['Win share', pct(mc.winProbability)],
      ], false),
    );
    lines.push('  Percentiles are streamed: within 0.5% of the exact values.');
    if (mc.truncated > 0) lines.push(`  ${mc.truncated} opportunities cut off at the path-length cap`);
  }
  return `${lines.join('\n')}\n`;
}

