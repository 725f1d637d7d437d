import { updateField } from '../../../../shared/model/commands';
import type { Problem } from '../../../../shared/model/problems';
import type { KpiKind, Process, Requirement } from '../../../../shared/model/schema';
import type { FieldOverride, FieldOverrides } from '../../../../shared/sim/compile';
import { computeExpectedBurden, type ExpectedResult } from '../../../../shared/sim/expected';
import { checkKpis, type KpiFinding } from '../../../../shared/sim/kpi';
import { stageAdminTime, type StageFlowFacts } from '../../../../shared/model/adminTime';
import { compareBurden, rollupBurden, type BurdenComparison, type BurdenRollup, type FieldRow, type Headline } from '../../../../shared/sim/rollup';
import { formatHours, formatMinutes, formatMoney } from '../../format';

/**
 * Pure view-model helpers for the admin-burden panel: no React, so they are unit-tested in node.
 * Everything here is computed from the document plus what-if overrides held outside it.
 */

/** What the panel shows: the figures, or the engine's refusal with located problems. */
export type BurdenView =
  | {
      ok: true;
      rollup: BurdenRollup;
      /** KPI findings against the document as it is (what-ifs do not change KPIs' meaning). */
      findings: KpiFinding[];
    }
  | { ok: false; problems: Problem[] };

/**
 * The document's own figures (no what-if), kept per document object: the burden panel, the field
 * register and the heat view all ask for them after the same edit, and documents are immutable.
 */
const baseResults = new WeakMap<Process, { today: string | undefined; result: ExpectedResult; view: BurdenView }>();

function baseFor(doc: Process, today: string | undefined): { result: ExpectedResult; view: BurdenView } {
  const cached = baseResults.get(doc);
  if (cached && cached.today === today) return cached;
  const result = computeExpectedBurden(doc, today !== undefined ? { today } : {});
  const entry = { today, result, view: viewOf(doc, result) };
  baseResults.set(doc, entry);
  return entry;
}

function viewOf(doc: Process, result: ExpectedResult): BurdenView {
  if (!result.ok) return { ok: false, problems: result.problems };
  return { ok: true, rollup: rollupBurden(doc, result), findings: checkKpis(doc, result) };
}

/** Runs the expected-value engine and rolls it up; `overrides` are the what-if changes. */
export function computeBurdenView(doc: Process, overrides?: FieldOverrides, today?: string): BurdenView {
  if (!overrides || Object.keys(overrides).length === 0) return baseFor(doc, today).view;
  return viewOf(doc, computeExpectedBurden(doc, { overrides, ...(today !== undefined ? { today } : {}) }));
}

/** Base and what-if side by side; `comparison` only when a what-if is active and both computed. */
export interface BurdenPair {
  base: BurdenView;
  whatIf: BurdenView | null;
  comparison: BurdenComparison | null;
}

/** Computes the document's figures and, when there are overrides, the what-if's and their deltas. */
export function computeBurdenPair(doc: Process, overrides: FieldOverrides, today?: string): BurdenPair {
  const base = computeBurdenView(doc, undefined, today);
  if (Object.keys(overrides).length === 0) return { base, whatIf: null, comparison: null };
  const whatIf = computeBurdenView(doc, overrides, today);
  const comparison = base.ok && whatIf.ok ? compareBurden(base.rollup, whatIf.rollup) : null;
  return { base, whatIf, comparison };
}

/** A number safe to show: non-finite values become 0 so no NaN or Infinity reaches the screen. */
export function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** 0.137 → "14%"; one decimal under 10 %; never "NaN%". */
export function percent(share: number): string {
  const p = finite(share) * 100;
  if (p !== 0 && Math.abs(p) < 10) return `${Math.round(p * 10) / 10}%`;
  return `${Math.round(p)}%`;
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

/** Cuts a label to `max` characters with an ellipsis. */
export function shorten(label: string, max = 24): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
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

// ---------------------------------------------------------------------------------------------
// What-if

/** A field as the what-if list shows it. */
export interface WhatIfField {
  fieldId: string;
  label: string;
  stageId: string;
  requirement: Requirement;
  secondsToComplete: number;
  /** Admin minutes per rep-month the field costs in the document as it is. */
  minutesPerRepMonth: number;
  unjustified: boolean;
}

/** The fields of one stage, biggest first. */
export interface WhatIfGroup {
  stageId: string;
  stageName: string;
  minutesPerRepMonth: number;
  fields: WhatIfField[];
}

/**
 * Active fields grouped by stage for the what-if list, stages and fields biggest first (sizes
 * from the document without overrides, so rows do not jump while the user toggles them).
 * `query` keeps fields whose label or stage name contains it (case-insensitive).
 */
export function whatIfGroups(doc: Process, fields: readonly FieldRow[], query = ''): WhatIfGroup[] {
  const minutes = new Map(fields.map((f) => [`${f.stageId}/${f.fieldId}`, f]));
  const needle = query.trim().toLowerCase();
  const groups: WhatIfGroup[] = [];
  for (const stage of doc.stages) {
    const stageMatches = needle !== '' && stage.name.toLowerCase().includes(needle);
    const items: WhatIfField[] = [];
    for (const field of stage.fields) {
      if (field.status === 'retired') continue;
      if (needle !== '' && !stageMatches && !field.label.toLowerCase().includes(needle)) continue;
      const row = minutes.get(`${stage.id}/${field.id}`);
      items.push({
        fieldId: field.id,
        label: field.label,
        stageId: stage.id,
        requirement: field.requirement,
        secondsToComplete: field.secondsToComplete,
        minutesPerRepMonth: finite(row?.minutesPerRepMonth ?? 0),
        unjustified: row?.unjustified ?? false,
      });
    }
    if (items.length === 0) continue;
    items.sort((a, b) => b.minutesPerRepMonth - a.minutesPerRepMonth);
    groups.push({
      stageId: stage.id,
      stageName: stage.name,
      minutesPerRepMonth: items.reduce((acc, f) => acc + f.minutesPerRepMonth, 0),
      fields: items,
    });
  }
  return groups.sort((a, b) => b.minutesPerRepMonth - a.minutesPerRepMonth);
}

/**
 * Sets (or clears) one part of a field's override, dropping values equal to the document's so
 * the override list only holds real changes. Returns a new object; `overrides` is not mutated.
 */
export function setOverride(
  overrides: FieldOverrides,
  doc: Process,
  fieldId: string,
  patch: FieldOverride,
): FieldOverrides {
  const field = doc.stages.flatMap((s) => s.fields).find((f) => f.id === fieldId);
  const next: FieldOverride = { ...overrides[fieldId], ...patch };
  if (next.enabled !== false) delete next.enabled;
  if (field && next.secondsToComplete === field.secondsToComplete) delete next.secondsToComplete;
  if (field && next.requirement === field.requirement) delete next.requirement;
  for (const key of Object.keys(next) as (keyof FieldOverride)[]) if (next[key] === undefined) delete next[key];
  const out: Record<string, FieldOverride> = { ...overrides };
  if (Object.keys(next).length === 0) delete out[fieldId];
  else out[fieldId] = next;
  return out;
}

/** Overrides of fields that no longer exist (deleted since) or are retired are dropped. */
export function pruneOverrides(overrides: FieldOverrides, doc: Process): FieldOverrides {
  const live = new Set(doc.stages.flatMap((s) => s.fields.filter((f) => f.status !== 'retired').map((f) => f.id)));
  const keys = Object.keys(overrides);
  if (keys.every((k) => live.has(k))) return overrides;
  const out: Record<string, FieldOverride> = {};
  for (const k of keys) if (live.has(k)) out[k] = overrides[k]!;
  return out;
}

/**
 * Writes a what-if into the document: switched-off fields are retired, new seconds and
 * requirements are set. `secondsMin` / `secondsMax` are scaled with the typical value as the
 * engines do, so the field stays valid (min ≤ typical ≤ max). Pure; throws `CommandError` like
 * `updateField` if a change is refused.
 */
export function applyWhatIf(doc: Process, overrides: FieldOverrides): Process {
  let next = doc;
  for (const [fieldId, o] of Object.entries(overrides)) {
    const field = next.stages.flatMap((s) => s.fields).find((f) => f.id === fieldId);
    if (!field) continue;
    const patch: Parameters<typeof updateField>[2] = {};
    if (o.enabled === false) patch.status = 'retired';
    if (o.requirement !== undefined) patch.requirement = o.requirement;
    if (o.secondsToComplete !== undefined) {
      const old = field.secondsToComplete;
      const s = o.secondsToComplete;
      const ratio = old > 0 ? s / old : 1;
      patch.secondsToComplete = s;
      if (field.secondsMin !== undefined) patch.secondsMin = Math.min(s, old > 0 ? round1(field.secondsMin * ratio) : s);
      if (field.secondsMax !== undefined) patch.secondsMax = Math.max(s, old > 0 ? round1(field.secondsMax * ratio) : s);
    }
    next = updateField(next, fieldId, patch);
  }
  return next;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Counts of each kind of what-if change, for the summary line. */
export function describeOverrides(overrides: FieldOverrides): string {
  let off = 0;
  let seconds = 0;
  let requirement = 0;
  for (const o of Object.values(overrides)) {
    if (o.enabled === false) off++;
    if (o.secondsToComplete !== undefined) seconds++;
    if (o.requirement !== undefined) requirement++;
  }
  const parts: string[] = [];
  if (off) parts.push(`${off} ${off === 1 ? 'field' : 'fields'} switched off`);
  if (seconds) parts.push(`${seconds} new fill ${seconds === 1 ? 'time' : 'times'}`);
  if (requirement) parts.push(`${requirement} ${requirement === 1 ? 'requirement' : 'requirements'} changed`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Deltas

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

// ---------------------------------------------------------------------------------------------
// Problems

/** A problem as one plain sentence: the stage or field it is about, then what is wrong. */
export function problemSentence(problem: Problem, doc: Process): string {
  const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
  const quotedStage = /^“([^”]+)”: (.*)$/s.exec(problem.message);
  if (quotedStage) return `${quotedStage[1]} — ${quotedStage[2]}`;
  const named = /[“"]/.test(problem.message);
  if (named) return message;
  const stage = problem.stageId ? doc.stages.find((s) => s.id === problem.stageId) : undefined;
  const field = problem.fieldId ? doc.stages.flatMap((s) => s.fields).find((f) => f.id === problem.fieldId) : undefined;
  const where = field ? field.label : stage ? stage.name : problem.path !== '(document)' ? problem.path : '';
  return where ? `${where} — ${problem.message}` : message;
}

// ---------------------------------------------------------------------------------------------
// KPIs

/** Whether a KPI kind's target is a rate (0..1, edited in percent). */
export function isRateKpi(kind: KpiKind): boolean {
  return kind === 'opportunity-conversion' || kind === 'win-rate';
}

/** The number the user types for a target: percent for rates, the multiple or days otherwise. */
export function kpiTargetToInput(kind: KpiKind, target: number): number {
  return isRateKpi(kind) ? Math.round(target * 1000) / 10 : target;
}

/** The stored target for what the user typed. */
export function kpiInputToTarget(kind: KpiKind, input: number): number {
  return isRateKpi(kind) ? input / 100 : input;
}

/** Unit shown after the target input. */
export const KPI_UNIT: Record<KpiKind, string> = {
  'pipeline-coverage': '× target',
  'opportunity-conversion': '%',
  'win-rate': '%',
  'sales-cycle-days': 'days',
};

/** Words for KPI kinds. */
export const KPI_LABEL: Record<KpiKind, string> = {
  'pipeline-coverage': 'Pipeline coverage',
  'opportunity-conversion': 'Opportunity conversion',
  'win-rate': 'Win rate',
  'sales-cycle-days': 'Sales cycle',
};

/** A sensible starting target when the user picks a kind. */
export const KPI_DEFAULT_TARGET: Record<KpiKind, number> = {
  'pipeline-coverage': 3,
  'opportunity-conversion': 0.25,
  'win-rate': 0.3,
  'sales-cycle-days': 60,
};

/** Shows a stored target in its unit: "3×", "60%", "45 days". */
export function formatKpiTarget(kind: KpiKind, target: number): string {
  if (isRateKpi(kind)) return percent(target);
  if (kind === 'pipeline-coverage') return `${Number(finite(target).toFixed(1))}×`;
  return `${Math.round(finite(target))} days`;
}

// ---------------------------------------------------------------------------------------------
// Heat

/**
 * How deals flow through each stage (expected visits, reach) from the expected-value engine, or
 * null while the process is invalid and the engine refuses. Cached with the document's figures.
 */
export function stageFlows(doc: Process, today?: string): Map<string, StageFlowFacts> | null {
  const { result } = baseFor(doc, today);
  if (!result.ok) return null;
  return new Map(result.stages.map((s) => [s.stageId, { visits: s.visitsPerOpportunity, reach: s.reachProbability }]));
}

/**
 * Per-stage heat for the canvas: admin minutes per deal (`stageAdminTime`, the engines' count);
 * while the process is invalid and the engine refuses, the minutes one visit costs instead.
 */
export function stageHeat(doc: Process, today?: string): { source: 'per-opportunity' | 'per-visit'; minutes: Map<string, number> } {
  const flows = stageFlows(doc, today);
  const fill = doc.scenario.defaultFillRate;
  const minutes = new Map(
    doc.stages.map((s) => {
      const time = stageAdminTime(s, fill, flows?.get(s.id));
      return [s.id, finite(time.minutesPerDeal ?? time.minutesPerVisit)];
    }),
  );
  return { source: flows ? 'per-opportunity' : 'per-visit', minutes };
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo

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

/** Run sizes offered for the Monte Carlo run. */
export const RUN_SIZES: readonly number[] = [10_000, 100_000, 500_000, 1_000_000];

/** "100,000" with a thin grouping that does not depend on the machine's locale. */
export function formatCount(n: number): string {
  return Math.round(finite(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Parses the seed input: a whole number from 0 to 2^32 − 1, else an error message. */
export function parseSeed(raw: string): { ok: true; seed: number } | { ok: false; message: string } {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'The seed must be a whole number, like 1.' };
  const seed = Number(trimmed);
  if (seed > 4294967295) return { ok: false, message: 'The seed must be at most 4294967295.' };
  return { ok: true, seed };
}
