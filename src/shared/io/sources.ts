import type { FieldType } from '../model/schema';
import { parseCsv } from './csv';
import { decodeText, type TextEncodingChoice, type TextEncodingUsed } from './decode';
import { fieldTypeFromCrm } from './fieldTypes';
import { ColumnMappingSchema, detectCsvMapping, mapRows, type ColumnMapping, type CrmField, type PresetId } from './mapping';

/**
 * Reading one import file — CSV or JSON, any preset — into CRM fields. JSON presets are
 * recognised by their keys, CSV presets by their headers; a CSV that matches none gets a guessed
 * mapping that the wizard shows for correction (or `--mapping` replaces).
 */

/** Guidance text a file attaches to a stage (Salesforce Path step `info`). */
export interface StageGuidance {
  /** The stage as the file names it. */
  stage: string;
  text: string;
}

/** What one file gave. */
export interface ReadSource {
  preset: PresetId;
  /** The mapping used for a CSV (reusable); undefined for JSON. */
  mapping?: ColumnMapping;
  /** CSV headers and the first rows, for the wizard's live preview. */
  preview?: { headers: string[]; rows: string[][] };
  /** The CSV delimiter used (chosen or detected). */
  delimiter?: string;
  /** How the bytes were decoded (absent when text was given). */
  encoding?: TextEncodingUsed;
  fields: CrmField[];
  guidance: StageGuidance[];
  /** Entries skipped on purpose (system or read-only fields), with counts, for the summary. */
  skipped: number;
  /** Notes worth showing (unknown types fell back to text…). */
  notes: string[];
}

/** A file read, or why not (located). */
export type ReadSourceResult = { ok: true; source: ReadSource } | { ok: false; message: string };

/** How to read a file. */
export interface ReadSourceOptions {
  /** File name for messages. */
  name: string;
  /** A preset to force instead of detecting one. */
  preset?: PresetId;
  /** A saved mapping for a CSV (wins over detection). */
  mapping?: ColumnMapping;
  encoding?: TextEncodingChoice;
  /** Rows kept for the preview (default 5). */
  previewRows?: number;
}

/**
 * Reads the bytes of an import file. Never throws: empty, oversized, binary, malformed or
 * unrecognised input comes back as `{ ok: false, message }` naming the file and, where it can,
 * the line or the JSON path.
 */
export function readFieldSource(bytes: Uint8Array, options: ReadSourceOptions): ReadSourceResult {
  const decoded = decodeText(bytes, options.mapping?.encoding ?? options.encoding ?? 'auto');
  if (!decoded.ok) return { ok: false, message: `${options.name}: ${decoded.message}` };
  const read = readFieldText(decoded.text, options);
  return read.ok ? { ok: true, source: { ...read.source, encoding: decoded.encoding } } : read;
}

/** `readFieldSource` for text already decoded. */
export function readFieldText(text: string, options: ReadSourceOptions): ReadSourceResult {
  try {
    const trimmed = text.replace(/^\ufeff/, '').trimStart();
    const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
    // A saved mapping describes CSV columns: a JSON file next to it keeps its own preset.
    const forcedCsv = options.preset !== undefined && CSV_PRESET_IDS.has(options.preset);
    if (looksJson && !forcedCsv) return readJson(trimmed, options);
    return readCsv(text, options);
  } catch (error) {
    // A last guard so a hostile file can never crash the app or the CLI.
    return { ok: false, message: `${options.name}: could not be read (${(error as Error).message})` };
  }
}

const CSV_PRESET_IDS = new Set<PresetId>(['salesforce-field-usage', 'hubspot-stage-requirements', 'stagecraft-register', 'generic']);

function readCsv(text: string, options: ReadSourceOptions): ReadSourceResult {
  const parsed = parseCsv(text, options.mapping?.delimiter !== undefined ? { delimiter: options.mapping.delimiter } : {});
  if (!parsed.ok) return { ok: false, message: `${options.name}: ${parsed.message}` };
  const table = parsed.table;
  let mapping = options.mapping ?? detectCsvMapping(table.headers);
  if (options.preset !== undefined && options.mapping === undefined && mapping.preset !== options.preset && options.preset !== 'generic') {
    return { ok: false, message: `${options.name}: the headers do not match the ${options.preset} preset (found ${table.headers.map((h) => `"${h}"`).join(', ')})` };
  }
  mapping = { ...mapping, delimiter: table.delimiter };
  const mapped = mapRows(table, mapping, options.name);
  if (!mapped.ok) return mapped;
  return {
    ok: true,
    source: {
      preset: mapping.preset,
      mapping,
      preview: { headers: table.headers, rows: table.rows.slice(0, options.previewRows ?? 5) },
      delimiter: table.delimiter,
      fields: mapped.fields,
      guidance: [],
      skipped: 0,
      notes: unknownTypeNotes(mapped.fields),
    },
  };
}

function unknownTypeNotes(fields: readonly CrmField[]): string[] {
  const unknown = [...new Set(fields.map((field) => field.unknownType).filter((type): type is string => type !== undefined))];
  return unknown.length === 0 ? [] : [`unknown field types read as text: ${unknown.join(', ')}`];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readJson(text: string, options: ReadSourceOptions): ReadSourceResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${options.name}: not valid JSON (${(error as Error).message})` };
  }
  const preset = options.preset ?? detectJsonPreset(raw);
  if (preset === undefined) {
    return {
      ok: false,
      message: `${options.name}: JSON not recognised — expected a Salesforce describe (fields[]), Salesforce Path (pathAssistantSteps[]), HubSpot properties (results[]) or Pipedrive dealFields (data[] with key, name, field_type)`,
    };
  }
  switch (preset) {
    case 'salesforce-describe':
      return salesforceDescribe(raw, options.name);
    case 'salesforce-path':
      return salesforcePath(raw, options.name);
    case 'hubspot-properties':
      return hubspotProperties(raw, options.name);
    case 'pipedrive-deal-fields':
      return pipedriveDealFields(raw, options.name);
    default:
      return { ok: false, message: `${options.name}: the ${preset} preset reads CSV, but the file is JSON` };
  }
}

/** Which JSON preset a parsed document looks like, by its keys; undefined when none. */
export function detectJsonPreset(raw: unknown): PresetId | undefined {
  if (isObject(raw) && Array.isArray(raw.fields) && raw.fields.some((f) => isObject(f) && 'name' in f && 'type' in f && 'label' in f)) return 'salesforce-describe';
  if (pathSteps(raw) !== undefined) return 'salesforce-path';
  if (isObject(raw) && Array.isArray(raw.results) && raw.results.some((p) => isObject(p) && 'name' in p && 'fieldType' in p)) return 'hubspot-properties';
  const pipedrive = isObject(raw) ? raw.data : raw;
  if (Array.isArray(pipedrive) && pipedrive.some((f) => isObject(f) && 'key' in f && 'field_type' in f)) return 'pipedrive-deal-fields';
  return undefined;
}

function pathSteps(raw: unknown): { steps: Json[]; at: string } | undefined {
  if (isObject(raw) && Array.isArray(raw.pathAssistantSteps)) return { steps: raw.pathAssistantSteps, at: 'pathAssistantSteps' };
  // A Tooling API query result, or a list of PathAssistant records: the first with steps.
  const records = isObject(raw) && Array.isArray(raw.records) ? raw.records : Array.isArray(raw) ? raw : undefined;
  if (!records) return undefined;
  const index = records.findIndex((record) => isObject(record) && Array.isArray(record.pathAssistantSteps));
  if (index < 0) return undefined;
  const record = records[index] as Record<string, Json>;
  return { steps: record.pathAssistantSteps as Json[], at: `${isObject(raw) ? 'records' : ''}[${index}].pathAssistantSteps` };
}

function typed(source: string, rawType: string | undefined, field: CrmField): void {
  if (rawType === undefined) return;
  const type: FieldType | undefined = fieldTypeFromCrm(rawType);
  if (type) field.type = type;
  else {
    field.type = 'text';
    field.unknownType = rawType;
  }
  void source;
}

// Salesforce system fields reps never fill, even when the describe marks them createable.
const SALESFORCE_SYSTEM = new Set(['id', 'isdeleted', 'ownerid', 'createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp', 'lastactivitydate', 'lastvieweddate', 'lastreferenceddate']);

function salesforceDescribe(raw: unknown, name: string): ReadSourceResult {
  if (!isObject(raw) || !Array.isArray(raw.fields)) return { ok: false, message: `${name}: a Salesforce describe needs a "fields" array` };
  const fields: CrmField[] = [];
  let skipped = 0;
  for (let i = 0; i < raw.fields.length; i++) {
    const entry = raw.fields[i];
    const at = `${name} fields[${i}]`;
    if (!isObject(entry)) return { ok: false, message: `${at}: expected an object` };
    const apiName = str(entry.name);
    if (!apiName) return { ok: false, message: `${at}.name: missing` };
    // Formula, roll-up and system fields cost the rep nothing: only fields a rep can set count.
    if (entry.createable === false || entry.calculated === true || SALESFORCE_SYSTEM.has(apiName.toLowerCase())) {
      skipped++;
      continue;
    }
    const field: CrmField = { source: at, apiName };
    const label = str(entry.label);
    if (label) field.label = label;
    typed(at, str(entry.type), field);
    // Booleans are never nillable in Salesforce; that does not make a checkbox required.
    const required = entry.nillable === false && entry.defaultedOnCreate !== true && entry.type !== 'boolean';
    field.requirement = required ? 'required' : 'optional';
    const help = str(entry.inlineHelpText);
    if (help) field.helpText = help;
    fields.push(field);
  }
  return done(fields, [], skipped, name, 'salesforce-describe');
}

function salesforcePath(raw: unknown, name: string): ReadSourceResult {
  const found = pathSteps(raw);
  if (!found) return { ok: false, message: `${name}: a Salesforce Path export needs "pathAssistantSteps"` };
  const fields: CrmField[] = [];
  const guidance: StageGuidance[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (let i = 0; i < found.steps.length; i++) {
    const step = found.steps[i];
    const at = `${name} ${found.at}[${i}]`;
    if (!isObject(step)) return { ok: false, message: `${at}: expected an object` };
    const stage = str(step.picklistValueName);
    if (!stage) return { ok: false, message: `${at}.picklistValueName: missing` };
    const info = str(step.info);
    if (info) guidance.push({ stage, text: stripHtml(info) });
    const names = step.fieldNames;
    if (names !== undefined && !Array.isArray(names)) return { ok: false, message: `${at}.fieldNames: expected a list of API names` };
    for (const fieldName of names ?? []) {
      const apiName = str(fieldName);
      if (!apiName) return { ok: false, message: `${at}.fieldNames: an entry is not a name` };
      // A field shown on several steps is filled once, where it first appears.
      if (seen.has(apiName.toLowerCase())) {
        skipped++;
        continue;
      }
      seen.add(apiName.toLowerCase());
      fields.push({ source: at, apiName, stage });
    }
  }
  return done(fields, guidance, skipped, name, 'salesforce-path');
}

function hubspotProperties(raw: unknown, name: string): ReadSourceResult {
  if (!isObject(raw) || !Array.isArray(raw.results)) return { ok: false, message: `${name}: HubSpot properties need a "results" array` };
  const fields: CrmField[] = [];
  let skipped = 0;
  for (let i = 0; i < raw.results.length; i++) {
    const entry = raw.results[i];
    const at = `${name} results[${i}]`;
    if (!isObject(entry)) return { ok: false, message: `${at}: expected an object` };
    const apiName = str(entry.name);
    if (!apiName) return { ok: false, message: `${at}.name: missing` };
    const readOnly = isObject(entry.modificationMetadata) && entry.modificationMetadata.readOnlyValue === true;
    if (entry.calculated === true || readOnly || entry.hidden === true) {
      skipped++;
      continue;
    }
    const field: CrmField = { source: at, apiName };
    const label = str(entry.label);
    if (label) field.label = label;
    // `fieldType` tells a textarea from a one-line text; `type` says what the value is.
    const fieldType = str(entry.fieldType);
    typed(at, fieldType === 'textarea' ? 'textarea' : (str(entry.type) ?? fieldType), field);
    const help = str(entry.description);
    if (help) field.helpText = help;
    fields.push(field);
  }
  return done(fields, [], skipped, name, 'hubspot-properties');
}

function pipedriveDealFields(raw: unknown, name: string): ReadSourceResult {
  const list = isObject(raw) ? raw.data : raw;
  const prefix = isObject(raw) ? 'data' : '';
  if (!Array.isArray(list)) return { ok: false, message: `${name}: Pipedrive dealFields need a "data" array` };
  const fields: CrmField[] = [];
  let skipped = 0;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const at = `${name} ${prefix}[${i}]`;
    if (!isObject(entry)) return { ok: false, message: `${at}: expected an object` };
    const apiName = str(entry.key);
    if (!apiName) return { ok: false, message: `${at}.key: missing` };
    if (entry.active_flag === false || entry.edit_flag === false && entry.mandatory_flag !== true && PIPEDRIVE_SYSTEM.has(apiName)) {
      skipped++;
      continue;
    }
    const field: CrmField = { source: at, apiName };
    const label = str(entry.name);
    if (label) field.label = label;
    typed(at, str(entry.field_type), field);
    // `mandatory_flag` is true, false, or an object naming the pipelines/stages that require it.
    const mandatory = entry.mandatory_flag === true || isObject(entry.mandatory_flag);
    field.requirement = mandatory ? 'required' : 'optional';
    const help = str(entry.description);
    if (help) field.helpText = help;
    fields.push(field);
  }
  return done(fields, [], skipped, name, 'pipedrive-deal-fields');
}

const PIPEDRIVE_SYSTEM = new Set(['id', 'creator_user_id', 'add_time', 'update_time', 'stage_change_time', 'next_activity_date', 'last_activity_date', 'won_time', 'lost_time', 'close_time', 'activities_count', 'done_activities_count', 'undone_activities_count', 'email_messages_count', 'last_incoming_mail_time', 'last_outgoing_mail_time', 'weighted_value', 'products_count', 'files_count', 'notes_count', 'followers_count', 'participants_count']);

function done(fields: CrmField[], guidance: StageGuidance[], skipped: number, name: string, preset: PresetId): ReadSourceResult {
  if (fields.length === 0 && guidance.length === 0) return { ok: false, message: `${name}: no fields a rep fills were found (${skipped} skipped as system or read-only)` };
  return { ok: true, source: { preset, fields, guidance, skipped, notes: unknownTypeNotes(fields) } };
}

function stripHtml(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Parses a saved mapping file's JSON; a located message when it is not a mapping. */
export function parseMapping(raw: unknown): { ok: true; mapping: ColumnMapping } | { ok: false; message: string } {
  const result = ColumnMappingSchema.safeParse(raw);
  if (result.success) return { ok: true, mapping: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, message: `${issue.path.join('.') || '(mapping)'}: ${issue.message}` };
}

/**
 * Merges what several files say about the same fields (describe + Path + usage audit; HubSpot
 * properties + stage requirements), keyed by API name (case-insensitive), else by label. The
 * first file that states a property wins, except that a stage and a `required` from a
 * stage-specific file (Path, stage requirements) complete what the field list left open.
 */
export function mergeCrmFields(sources: readonly ReadSource[]): CrmField[] {
  const byKey = new Map<string, CrmField>();
  const order: CrmField[] = [];
  for (const source of sources) {
    for (const field of source.fields) {
      const key = (field.apiName ?? `label:${field.label ?? ''}`).toLowerCase();
      const existing = byKey.get(key);
      if (!existing) {
        const copy = { ...field };
        byKey.set(key, copy);
        order.push(copy);
        continue;
      }
      // A property required at a later stage of the same pipeline is filled there: that row wins.
      const promote = source.preset === 'hubspot-stage-requirements' && field.requirement === 'required' && existing.requirement !== 'required';
      for (const [prop, value] of Object.entries(field) as [keyof CrmField, unknown][]) {
        if (prop === 'source' || value === undefined) continue;
        const override = promote && (prop === 'requirement' || prop === 'stage');
        if (existing[prop] === undefined || override) (existing as unknown as Record<string, unknown>)[prop] = value;
      }
    }
  }
  return order;
}
