import { updateField, type FieldPatch } from '../model/fieldCommands';
import type { Field, Process, Requirement } from '../model/schema';

/**
 * What-if changes to fields, and the one function that says what a field becomes under them.
 * The engines' preview (`compileProcess` with overrides) and "Apply to the process"
 * (`applyWhatIf`) both go through `whatIfField`, so the figures a user previews are the figures
 * the applied process gives.
 */

/**
 * A what-if change to one field, applied for a simulation only (the document is untouched).
 * - `enabled: false` — the field is switched off and costs nothing (applied: retired);
 * - `secondsToComplete` — a new typical fill time, seconds; `secondsMin`/`secondsMax` keep
 *   their proportions to the typical value, to 0.1 s (or collapse onto it when the old typical
 *   was 0);
 * - `requirement` — a new requirement; `optional` makes the field cost fill-rate × time.
 */
export interface FieldOverride {
  enabled?: boolean;
  secondsToComplete?: number;
  requirement?: Requirement;
}

/**
 * What-if overrides keyed by field id. A field id that appears on several stages is changed on
 * all of them.
 */
export type FieldOverrides = Readonly<Record<string, FieldOverride>>;

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The changes an override makes to a field, as a patch `updateField` accepts; empty when the
 * override changes nothing. The single definition of what a what-if does to a field.
 */
export function whatIfPatch(field: Field, override: FieldOverride | undefined): FieldPatch {
  const patch: FieldPatch = {};
  if (!override) return patch;
  if (override.enabled === false && field.status !== 'retired') patch.status = 'retired';
  if (override.requirement !== undefined && override.requirement !== field.requirement) patch.requirement = override.requirement;
  const s = override.secondsToComplete;
  if (s !== undefined && s !== field.secondsToComplete) {
    const old = field.secondsToComplete;
    const ratio = old > 0 ? s / old : 1;
    patch.secondsToComplete = s;
    if (field.secondsMin !== undefined) patch.secondsMin = Math.min(s, old > 0 ? round1(field.secondsMin * ratio) : s);
    if (field.secondsMax !== undefined) patch.secondsMax = Math.max(s, old > 0 ? round1(field.secondsMax * ratio) : s);
  }
  return patch;
}

/** The field as the what-if makes it (the input itself when the override changes nothing). */
export function whatIfField(field: Field, override: FieldOverride | undefined): Field {
  const patch = whatIfPatch(field, override);
  return Object.keys(patch).length === 0 ? field : { ...field, ...patch };
}

/**
 * Writes a what-if into the document: switched-off fields are retired, new seconds and
 * requirements are set, exactly as `whatIfField` describes. Overrides of fields that no longer
 * exist are skipped. Pure; throws `CommandError` like `updateField` if a change is refused.
 */
export function applyWhatIf(doc: Process, overrides: FieldOverrides): Process {
  let next = doc;
  for (const [fieldId, override] of Object.entries(overrides)) {
    for (const stage of next.stages) {
      const field = stage.fields.find((f) => f.id === fieldId);
      if (!field) continue;
      const patch = whatIfPatch(field, override);
      if (Object.keys(patch).length > 0) next = updateField(next, fieldId, patch);
      break;
    }
  }
  return next;
}

/**
 * Sets (or clears) one part of a field's override, dropping values equal to the document's so
 * the override list only holds real changes. Returns a new object; `overrides` is not mutated.
 */
export function setOverride(overrides: FieldOverrides, doc: Process, fieldId: string, patch: FieldOverride): FieldOverrides {
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
