import { ColumnMappingSchema, headerKey, type ColumnMapping } from '../../../../shared/io/mapping';

/**
 * Column mappings the user saved, kept in this browser profile and keyed by the file's headers:
 * next month's export from the same CRM report has the same headers and gets the same mapping.
 * A mapping can also be downloaded as JSON for `stagecraft import-fields --mapping MAP.json`.
 */
const KEY = 'stagecraft:import-mappings';

/** The key a header row is remembered under: folded header names, in order. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(headerKey).join('|');
}

function readAll(): Record<string, { mapping: unknown; savedAt: string }> {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, { mapping: unknown; savedAt: string }>) : {};
  } catch {
    return {};
  }
}

/** The mapping saved for these headers, if any still validates. */
export function savedMappingFor(headers: readonly string[]): { mapping: ColumnMapping; savedAt: string } | undefined {
  const entry = readAll()[headerSignature(headers)];
  if (!entry) return undefined;
  const parsed = ColumnMappingSchema.safeParse(entry.mapping);
  return parsed.success ? { mapping: parsed.data, savedAt: entry.savedAt } : undefined;
}

/** Remembers a mapping for files with these headers. */
export function saveMapping(headers: readonly string[], mapping: ColumnMapping, now: Date): void {
  const all = readAll();
  all[headerSignature(headers)] = { mapping, savedAt: now.toISOString() };
  localStorage.setItem(KEY, JSON.stringify(all));
}
