import type { KpiKind } from '../../../../shared/model/schema';
import { finite, percent } from './burdenFormat';

/** KPI targets in the units users type and read: rates in percent, coverage as ×, cycle in days. */

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
