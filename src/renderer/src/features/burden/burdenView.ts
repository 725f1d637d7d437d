import type { Problem } from '../../../../shared/model/problems';
import type { Process } from '../../../../shared/model/schema';
import { stageAdminTime, type StageFlowFacts } from '../../../../shared/model/adminTime';
import type { FieldOverrides } from '../../../../shared/sim/whatIf';
import { computeExpectedBurden, type ExpectedResult } from '../../../../shared/sim/expected';
import { checkKpis, type KpiFinding } from '../../../../shared/sim/kpi';
import { compareBurden, rollupBurden, type BurdenComparison, type BurdenRollup } from '../../../../shared/sim/rollup';
import { finite } from './burdenFormat';

/**
 * The burden panel's figures: the document's own (computed once per document object) and a
 * what-if's, from the expected-value engine. No React, so they are unit-tested in node.
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
 * The roll-up is made when first asked for: the canvas needs only the engine's result (visits and
 * reach per stage), and on opening a large process the panel's roll-up and KPI checks were tens of
 * milliseconds before the first paint for a tab nobody had opened yet.
 */
const baseResults = new WeakMap<Process, { result: ExpectedResult; view?: BurdenView }>();

function baseFor(doc: Process): { result: ExpectedResult; view?: BurdenView } {
  let entry = baseResults.get(doc);
  if (!entry) {
    entry = { result: computeExpectedBurden(doc) };
    baseResults.set(doc, entry);
  }
  return entry;
}

function baseView(doc: Process): BurdenView {
  const entry = baseFor(doc);
  entry.view ??= viewOf(doc, entry.result);
  return entry.view;
}

function viewOf(doc: Process, result: ExpectedResult): BurdenView {
  if (!result.ok) return { ok: false, problems: result.problems };
  return { ok: true, rollup: rollupBurden(doc, result), findings: checkKpis(doc, result) };
}

/** Runs the expected-value engine and rolls it up; `overrides` are the what-if changes. */
export function computeBurdenView(doc: Process, overrides?: FieldOverrides): BurdenView {
  if (!overrides || Object.keys(overrides).length === 0) return baseView(doc);
  return viewOf(doc, computeExpectedBurden(doc, { overrides }));
}

/** Base and what-if side by side; `comparison` only when a what-if is active and both computed. */
export interface BurdenPair {
  base: BurdenView;
  whatIf: BurdenView | null;
  comparison: BurdenComparison | null;
}

/** Computes the document's figures and, when there are overrides, the what-if's and their deltas. */
export function computeBurdenPair(doc: Process, overrides: FieldOverrides): BurdenPair {
  const base = computeBurdenView(doc);
  if (Object.keys(overrides).length === 0) return { base, whatIf: null, comparison: null };
  const whatIf = computeBurdenView(doc, overrides);
  const comparison = base.ok && whatIf.ok ? compareBurden(base.rollup, whatIf.rollup) : null;
  return { base, whatIf, comparison };
}

/**
 * How deals flow through each stage (expected visits, reach) from the expected-value engine, or
 * null while the process is invalid and the engine refuses. Cached with the document's figures.
 */
export function stageFlows(doc: Process): Map<string, StageFlowFacts> | null {
  const { result } = baseFor(doc);
  if (!result.ok) return null;
  return new Map(result.stages.map((s) => [s.stageId, { visits: s.visitsPerOpportunity, reach: s.reachProbability }]));
}

/**
 * Per-stage heat for the canvas: admin minutes per deal (`stageAdminTime`, the engines' count);
 * while the process is invalid and the engine refuses, the minutes one visit costs instead.
 */
export function stageHeat(doc: Process): { source: 'per-opportunity' | 'per-visit'; minutes: Map<string, number> } {
  const flows = stageFlows(doc);
  const fill = doc.scenario.defaultFillRate;
  const minutes = new Map(
    doc.stages.map((s) => {
      const time = stageAdminTime(s, fill, flows?.get(s.id));
      return [s.id, finite(time.minutesPerDeal ?? time.minutesPerVisit)];
    }),
  );
  return { source: flows ? 'per-opportunity' : 'per-visit', minutes };
}
