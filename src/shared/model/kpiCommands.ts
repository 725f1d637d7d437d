import {
  applyPatch,
  check,
  checkFreeId,
  CommandError,
  insertAt,
  removeAt,
  replaceAt,
  requireIndex,
  sameValues,
} from './commandSupport';
import { KpiSchema, type Kpi, type Process } from './schema';

/**
 * Pure editing commands for the process's KPI targets (`doc.kpis`), built on the same helpers as
 * the other commands (`commandSupport.ts`): the input is never mutated, an edit that changes
 * nothing returns the input itself (the editor store treats that as "no edit"), and an edit that
 * would make the document schema-invalid or point at a department that does not exist is refused
 * with a `CommandError`.
 */

/** The KPI properties `updateKpi` may change. `setBy: undefined` clears who set the target. */
export type KpiPatch = Partial<Omit<Kpi, 'id'>>;

function checkKpi(doc: Process, kpi: Kpi): void {
  check(KpiSchema, kpi, 'KPI');
  if (kpi.setBy !== undefined && !doc.departments.some((department) => department.id === kpi.setBy)) {
    throw new CommandError('not-found', `KPI is set by department "${kpi.setBy}", which does not exist`);
  }
}

/**
 * Adds a KPI at `index` of the KPI list (default: the end; out-of-range positions are clamped).
 * Refuses a taken id, a value the schema rejects (e.g. a negative target) and a `setBy`
 * department that does not exist. Targets are in the units of `KpiSchema`: rates 0..1, coverage
 * as a multiple, cycle in days.
 */
export function addKpi(doc: Process, kpi: Kpi, index?: number): Process {
  checkFreeId(doc.kpis, kpi.id, 'KPI');
  checkKpi(doc, kpi);
  const at = index === undefined ? doc.kpis.length : Math.max(0, Math.min(doc.kpis.length, Math.trunc(index)));
  return { ...doc, kpis: insertAt(doc.kpis, at, { ...kpi }) };
}

/**
 * Changes a KPI's kind, target, `setBy` or note. The id cannot change (an `id` in the patch is
 * ignored). A key present with value `undefined` clears the optional `setBy`.
 */
export function updateKpi(doc: Process, kpiId: string, patch: KpiPatch): Process {
  const index = requireIndex(doc.kpis, kpiId, 'KPI');
  const current = doc.kpis[index]!;
  const allowed: KpiPatch = {};
  for (const key of ['kind', 'target', 'setBy', 'note'] as const) {
    if (Object.hasOwn(patch, key)) (allowed as Record<string, unknown>)[key] = patch[key];
  }
  if (sameValues(current, allowed)) return doc;
  const next = applyPatch(current, allowed);
  checkKpi(doc, next);
  return { ...doc, kpis: replaceAt(doc.kpis, index, next) };
}

/** Removes a KPI. Refuses an unknown id. */
export function deleteKpi(doc: Process, kpiId: string): Process {
  const index = requireIndex(doc.kpis, kpiId, 'KPI');
  return { ...doc, kpis: removeAt(doc.kpis, index) };
}

/** The first id of the form `kpi-<n>` not used by any KPI of the document. */
export function nextKpiId(doc: Process): string {
  const taken = new Set(doc.kpis.map((kpi) => kpi.id));
  let n = doc.kpis.length + 1;
  while (taken.has(`kpi-${n}`)) n++;
  return `kpi-${n}`;
}
