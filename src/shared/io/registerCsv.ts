import type { Process } from '../model/schema';
import { computeExpectedBurden } from '../sim/expected';
import { rollupBurden, type FieldRow } from '../sim/rollup';
import { writeCsv } from './csv';

/**
 * The field register as a spreadsheet for finance: one row per field with every property, plus
 * what it costs (minutes per deal, hours per rep per month, cost per month). Its column names are
 * also the `stagecraft-register` import preset, so export → import gives the same fields.
 */

/** The register's columns, in order. Changing one changes the import preset's recognition too. */
export const REGISTER_COLUMNS = [
  'Field id',
  'API name',
  'Label',
  'Stage id',
  'Stage',
  'Type',
  'Requirement',
  'Requested by id',
  'Requested by',
  'Consumer ids',
  'Consumers',
  'Justification',
  'Justification imported',
  'Decision supported',
  'Value to sales',
  'Seconds to complete',
  'Seconds min',
  'Seconds max',
  'Entries',
  'Fill rate',
  'Status',
  'Review by',
  'Minutes per deal',
  'Hours per rep per month',
  'Cost per month',
  'Currency',
  'Share of admin time',
] as const;

/** The per-field cost figures, from the expected-value engine; null when the process has errors. */
export function fieldCosts(process: Process): Map<string, FieldRow> | null {
  const expected = computeExpectedBurden(process);
  if (!expected.ok) return null;
  return new Map(rollupBurden(process, expected).fields.map((row) => [row.fieldId, row]));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The register as Excel-friendly CSV text (UTF-8 BOM, CRLF, every cell quoted, formulas
 * neutralised). Cost cells are empty when the process cannot be simulated (it has errors).
 */
export function registerCsv(process: Process): string {
  const costs = fieldCosts(process);
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const { reps, loadedHourlyCost, currency } = process.scenario;
  const rows: (string | number | undefined)[][] = [[...REGISTER_COLUMNS]];
  for (const stage of process.stages) {
    for (const field of stage.fields) {
      const cost = costs?.get(field.id);
      const hoursPerRep = cost ? cost.minutesPerRepMonth / 60 : undefined;
      rows.push([
        field.id,
        field.apiName,
        field.label,
        stage.id,
        stage.name,
        field.type,
        field.requirement,
        field.requestedBy,
        departments.get(field.requestedBy) ?? field.requestedBy,
        field.consumers.join('; '),
        field.consumers.map((id) => departments.get(id) ?? id).join('; '),
        field.justification,
        field.justificationImported ? 'yes' : '',
        field.decisionSupported,
        field.valueToSales,
        field.secondsToComplete,
        field.secondsMin,
        field.secondsMax,
        field.entries,
        field.fillRate,
        field.status,
        field.reviewBy,
        cost ? round(cost.secondsPerOpportunity / 60, 3) : undefined,
        hoursPerRep !== undefined ? round(hoursPerRep, 3) : undefined,
        hoursPerRep !== undefined ? round(hoursPerRep * reps * loadedHourlyCost, 2) : undefined,
        currency,
        cost ? round(cost.share, 4) : undefined,
      ]);
    }
  }
  return writeCsv(rows);
}
