import { CommandError } from './commands';
import { formatPath } from './problems';
import { KpiSchema, type Kpi, type Process } from './schema';

/**
 * Pure editing commands for the process's KPI targets (`doc.kpis`), in the style of `commands.ts`:
 * the input is never mutated, an edit that changes nothing returns the input itself (the editor
 * store treats that as "no edit"), and an edit that would make the document schema-invalid or
 * point at a department that does not exist is refused with a `CommandError`.
 */

/** The KPI properties `updateKpi` may change. `setBy: undefined` clears who set the target. */
export type KpiPatch = Partial<Omit<Kpi, 'id'>>;

function checkKpi(doc: Process, kpi: Kpi): void {
  const result = KpiSchema.safeParse(kpi);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? ` ${formatPath(issue.path)}` : '';
    throw new CommandError('invalid', `KPI${where}: ${issue.message}`);
  }
  if (kpi.setBy !== undefined && !doc.departments.some((department) => department.id === kpi.setBy)) {
    throw new CommandError('not-found', `KPI is set by department "${kpi.setBy}", which does not exist`);
  }
}

function requireKpiIndex(doc: Process, kpiId: string): number {
  const index = doc.kpis.findIndex((kpi) => kpi.id === kpiId);
  if (index < 0) throw new CommandError('not-found', `There is no KPI with id "${kpiId}"`);
  return index;
}

/**
 * Adds a KPI at `index` of the KPI list (default: the end). Refuses a taken id, a value the schema
 * rejects (e.g. a negative target) and a `setBy` department that does not exist. Targets are in
 * the units of `KpiSchema`: rates 0..1, coverage as a multiple, cycle in days.
 */
export function addKpi(doc: Process, kpi: Kpi, index?: number): Process {
  if (doc.kpis.some((existing) => existing.id === kpi.id)) {
    throw new CommandError('duplicate-id', `A KPI with id "${kpi.id}" already exists`);
  }
  checkKpi(doc, kpi);
  const at = index === undefined ? doc.kpis.length : Math.max(0, Math.min(doc.kpis.length, Math.trunc(index)));
  const copy: Kpi = { ...kpi };
  return { ...doc, kpis: [...doc.kpis.slice(0, at), copy, ...doc.kpis.slice(at)] };
}

/**
 * Changes a KPI's kind, target, `setBy` or note. The id cannot change (an `id` in the patch is
 * ignored). A key present with value `undefined` clears the optional `setBy`.
 */
export function updateKpi(doc: Process, kpiId: string, patch: KpiPatch): Process {
  const index = requireKpiIndex(doc, kpiId);
  const current = doc.kpis[index]!;
  const next = { ...current } as Record<string, unknown>;
  let changed = false;
  for (const key of ['kind', 'target', 'setBy', 'note'] as const) {
    if (!Object.hasOwn(patch, key)) continue;
    const value = patch[key];
    if (Object.is(value, current[key])) continue;
    changed = true;
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  if (!changed) return doc;
  checkKpi(doc, next as Kpi);
  const kpis = doc.kpis.slice();
  kpis[index] = next as Kpi;
  return { ...doc, kpis };
}

/** Removes a KPI. Refuses an unknown id. */
export function deleteKpi(doc: Process, kpiId: string): Process {
  const index = requireKpiIndex(doc, kpiId);
  return { ...doc, kpis: [...doc.kpis.slice(0, index), ...doc.kpis.slice(index + 1)] };
}

/** The first id of the form `kpi-<n>` not used by any KPI of the document. */
export function nextKpiId(doc: Process): string {
  const taken = new Set(doc.kpis.map((kpi) => kpi.id));
  let n = doc.kpis.length + 1;
  while (taken.has(`kpi-${n}`)) n++;
  return `kpi-${n}`;
}
