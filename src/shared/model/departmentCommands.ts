import { applyPatch, check, checkFreeId, checkId, CommandError, plural, removeAt, replaceAt, requireIndex, sameValues } from './commandSupport';
import { DepartmentSchema, type Department, type Process } from './schema';

/** Pure commands on departments (who asks for fields and who reads them). */


/** Adds a department at the end of the list. Refuses a taken id. */
export function addDepartment(doc: Process, department: Department): Process {
  checkId(department.id, 'Department');
  checkFreeId(doc.departments, department.id, 'department');
  check(DepartmentSchema, department, `Department “${department.name}”`);
  return { ...doc, departments: [...doc.departments, { ...department }] };
}

/** The department properties `updateDepartment` may change (not the id, which fields reference). */
export type DepartmentPatch = Partial<Pick<Department, 'name' | 'color'>>;

/** Renames or recolors a department. */
export function updateDepartment(doc: Process, departmentId: string, patch: DepartmentPatch): Process {
  const index = requireIndex(doc.departments, departmentId, 'department');
  const department = doc.departments[index]!;
  const allowed: DepartmentPatch = {};
  if (Object.hasOwn(patch, 'name')) allowed.name = patch.name?.trim();
  if (Object.hasOwn(patch, 'color')) allowed.color = patch.color;
  if (sameValues(department, allowed)) return doc;
  const next = applyPatch(department, allowed);
  check(DepartmentSchema, next, `Department “${department.name}”`);
  return { ...doc, departments: replaceAt(doc.departments, index, next) };
}

/** How much a department is referenced: fields it requested, fields it reads, KPIs it set. */
export interface DepartmentUsage {
  requested: number;
  consumed: number;
  kpis: number;
}

/** Counts the references to a department, e.g. to explain why it cannot be deleted. */
export function departmentUsage(doc: Process, departmentId: string): DepartmentUsage {
  let requested = 0;
  let consumed = 0;
  for (const stage of doc.stages) {
    for (const field of stage.fields) {
      if (field.requestedBy === departmentId) requested++;
      if (field.consumers.includes(departmentId)) consumed++;
    }
  }
  const kpis = doc.kpis.filter((kpi) => kpi.setBy === departmentId).length;
  return { requested, consumed, kpis };
}

/**
 * Deletes a department nobody references. Refused (`in-use`) while any field was requested by it
 * or lists it as a consumer, or a KPI names it as setter: reassign those first, so no field
 * silently loses who asked for it or who reads it.
 */
export function deleteDepartment(doc: Process, departmentId: string): Process {
  const index = requireIndex(doc.departments, departmentId, 'department');
  const usage = departmentUsage(doc, departmentId);
  const uses: string[] = [];
  if (usage.requested > 0) uses.push(`requested ${plural(usage.requested, 'field')}`);
  if (usage.consumed > 0) uses.push(`reads ${plural(usage.consumed, 'field')}`);
  if (usage.kpis > 0) uses.push(`set ${plural(usage.kpis, 'KPI')}`);
  if (uses.length > 0) {
    const name = doc.departments[index]!.name;
    throw new CommandError('in-use', `${name} cannot be deleted: it ${uses.join(', ')}. Reassign them first.`);
  }
  return { ...doc, departments: removeAt(doc.departments, index) };
}

