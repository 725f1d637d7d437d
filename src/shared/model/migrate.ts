import { CURRENT_SCHEMA_VERSION, DEFAULT_REVIEW_EVERY_MONTHS } from './schema';
import { DEFAULT_SCENARIO } from './defaults';

/**
 * Upgrades a parsed JSON document to the current schema version, without validating it.
 * Unknown or missing versions are returned unchanged so validation reports them.
 * Version 1 → 2 adds the default `scenario` and an empty `kpis` list.
 * Version 2 → 3 writes the default review cadence (`reviewEveryMonths`, 12); fields keep no
 * review log until someone reviews them.
 * Never mutates its input.
 */
export function migrateDocument(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  let doc: Record<string, unknown> = raw;
  if (doc.schemaVersion === 1) {
    doc = {
      ...doc,
      schemaVersion: 2,
      scenario: doc.scenario ?? { ...DEFAULT_SCENARIO },
      kpis: doc.kpis ?? [],
    };
  }
  if (doc.schemaVersion === 2) {
    doc = {
      ...doc,
      schemaVersion: 3,
      reviewEveryMonths: doc.reviewEveryMonths ?? DEFAULT_REVIEW_EVERY_MONTHS,
    };
  }
  return doc.schemaVersion === CURRENT_SCHEMA_VERSION || doc !== raw ? doc : raw;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
