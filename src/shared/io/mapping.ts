import { z } from 'zod';
import {
  EntriesSchema,
  FieldStatusSchema,
  FieldTypeSchema,
  ValueToSalesSchema,
  type Entries,
  type FieldStatus,
  type FieldType,
  type Requirement,
  type ValueToSales,
} from '../model/schema';
import type { CsvTable } from './csv';
import { fieldTypeFromCrm, requirementFromText } from './fieldTypes';

/**
 * The column-mapping model: which column of a CSV holds which property of a field. A preset is a
 * mapping recognised by its headers; a generic CSV gets a guessed mapping the user corrects. A
 * mapping is plain JSON (`ColumnMappingSchema`), so it can be saved and reused for the next
 * export from the same CRM.
 */

/**
 * Properties a column can map to. `fillRatePercent` is a fill rate written 0..100 (Salesforce's
 * `fill_rate_pct`); `fillRate` is 0..1 or a percentage with a `%` sign. `helpText` becomes a
 * justification draft marked as imported. The rest exist so the field register CSV imports back
 * to the same fields.
 */
export const MAPPING_TARGETS = [
  'label',
  'apiName',
  'type',
  'requirement',
  'helpText',
  'stage',
  'requestedBy',
  'fillRate',
  'fillRatePercent',
  'id',
  'consumers',
  'justification',
  'justificationImported',
  'decisionSupported',
  'valueToSales',
  'secondsToComplete',
  'secondsMin',
  'secondsMax',
  'entries',
  'status',
  'reviewBy',
] as const;

/** One mappable property. */
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

/** Built-in presets; `generic` is a hand-made mapping. */
export const PRESET_IDS = [
  'salesforce-describe',
  'salesforce-path',
  'salesforce-field-usage',
  'hubspot-properties',
  'hubspot-stage-requirements',
  'pipedrive-deal-fields',
  'stagecraft-register',
  'generic',
] as const;

/** A preset's id. */
export type PresetId = (typeof PRESET_IDS)[number];

/** Readable names for the presets, for the wizard and CLI messages. */
export const PRESET_LABELS: Readonly<Record<PresetId, string>> = {
  'salesforce-describe': 'Salesforce describe (JSON)',
  'salesforce-path': 'Salesforce Path steps (JSON)',
  'salesforce-field-usage': 'Salesforce field-usage audit (CSV)',
  'hubspot-properties': 'HubSpot properties (JSON)',
  'hubspot-stage-requirements': 'HubSpot stage requirements (CSV)',
  'pipedrive-deal-fields': 'Pipedrive dealFields (JSON)',
  'stagecraft-register': 'Stagecraft field register (CSV)',
  generic: 'Any CSV, mapped by hand',
};

/** A saved, reusable column mapping (the `--mapping MAP.json` file). */
export const ColumnMappingSchema = z.object({
  /** The preset it came from or `generic`. */
  preset: z.enum(PRESET_IDS).default('generic'),
  /** Target property → header name in the file (matched case- and spacing-insensitively). */
  columns: z.partialRecord(z.enum(MAPPING_TARGETS), z.string().min(1)),
  /** A delimiter to use instead of detection. */
  delimiter: z.string().min(1).max(1).optional(),
  /** Encoding to decode with; default detection. */
  encoding: z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  /** Raw type value in the file → field type, for types the built-in table does not know. */
  typeMap: z.record(z.string(), FieldTypeSchema).optional(),
  /** Stage name in the file → stage id in the process, for names that do not match by themselves. */
  stageMap: z.record(z.string(), z.string()).optional(),
});
/** A column mapping. */
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * A field as read from a CRM export, before it is matched to a process. Only what the file says:
 * absent properties stay undefined so merging several files (describe + Path + usage audit) can
 * fill them in, and planning can tell "the file says optional" from "the file says nothing".
 */
export interface CrmField {
  /** Where it was read, for messages: `describe.json fields[3]`, `usage.csv line 7`. */
  source: string;
  apiName?: string;
  label?: string;
  type?: FieldType;
  /** The type as the file wrote it, when it did not map to a known type (fell back to text). */
  unknownType?: string;
  requirement?: Requirement;
  /** Help text / description, the draft of a justification. */
  helpText?: string;
  /** The stage as the file names it (a name or a CRM stage id). */
  stage?: string;
  /** A department id or name. */
  requestedBy?: string;
  /** Observed share of deals with the field filled, 0..1. */
  fillRate?: number;
  /** Full-fidelity properties (the register CSV); absent for CRM exports. */
  id?: string;
  consumers?: string[];
  justification?: string;
  justificationImported?: boolean;
  decisionSupported?: string;
  valueToSales?: ValueToSales;
  secondsToComplete?: number;
  secondsMin?: number;
  secondsMax?: number;
  entries?: Entries;
  status?: FieldStatus;
  reviewBy?: string;
}

/** A mapped table: the fields, or the first located problem. */
export type MappedFields = { ok: true; fields: CrmField[] } | { ok: false; message: string };

/** Folds a header for matching: lower case, letters and digits only (`Field Label` = `field_label`). */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Header words that usually mean a target, for guessing a generic mapping. Checked in order.
const GUESSES: ReadonlyArray<[MappingTarget, readonly string[]]> = [
  ['id', ['fieldid']],
  ['apiName', ['apiname', 'fieldapiname', 'name', 'key', 'fieldname', 'propertyname', 'internalname', 'developername']],
  ['label', ['label', 'fieldlabel', 'displayname', 'title', 'field', 'fieldtitle']],
  ['type', ['type', 'fieldtype', 'datatype', 'inputtype']],
  ['requirement', ['requirement', 'required', 'mandatory', 'requiredfield', 'layoutbehavior', 'mandatoryflag']],
  ['helpText', ['helptext', 'inlinehelptext', 'description', 'help', 'tooltip', 'guidance']],
  ['stage', ['stage', 'stagename', 'stageid', 'dealstage', 'step', 'phase']],
  ['requestedBy', ['requestedbyid', 'requestedby', 'owner', 'requestinggroup', 'department', 'requester']],
  ['fillRatePercent', ['fillratepct', 'fillratepercent', 'populatedpct']],
  ['fillRate', ['fillrate', 'populatedshare']],
  ['consumers', ['consumerids', 'consumers', 'readby']],
  ['justification', ['justification', 'why']],
  ['justificationImported', ['justificationimported']],
  ['decisionSupported', ['decisionsupported', 'decision']],
  ['valueToSales', ['valuetosales']],
  ['secondsToComplete', ['secondstocomplete', 'seconds']],
  ['secondsMin', ['secondsmin']],
  ['secondsMax', ['secondsmax']],
  ['entries', ['entries']],
  ['status', ['status']],
  ['reviewBy', ['reviewby', 'reviewdate']],
];

/**
 * Guesses which column holds what from the header names alone, for a generic CSV: each target
 * takes the first unused header whose folded name is one of its usual words.
 */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const columns: Partial<Record<MappingTarget, string>> = {};
  const used = new Set<string>();
  for (const [target, words] of GUESSES) {
    for (const word of words) {
      const header = headers.find((candidate) => headerKey(candidate) === word && !used.has(candidate));
      if (header !== undefined) {
        columns[target] = header;
        used.add(header);
        break;
      }
    }
  }
  return { preset: 'generic', columns };
}

/** The mapping each CSV preset stands for, with the headers that recognise it. */
export const CSV_PRESETS: ReadonlyArray<{ preset: PresetId; required: readonly string[]; mapping: ColumnMapping }> = [
  {
    preset: 'stagecraft-register',
    required: ['Field id', 'Stage id', 'Seconds to complete'],
    mapping: {
      preset: 'stagecraft-register',
      columns: {
        id: 'Field id',
        apiName: 'API name',
        label: 'Label',
        stage: 'Stage id',
        type: 'Type',
        requirement: 'Requirement',
        requestedBy: 'Requested by id',
        consumers: 'Consumer ids',
        justification: 'Justification',
        justificationImported: 'Justification imported',
        decisionSupported: 'Decision supported',
        valueToSales: 'Value to sales',
        secondsToComplete: 'Seconds to complete',
        secondsMin: 'Seconds min',
        secondsMax: 'Seconds max',
        entries: 'Entries',
        fillRate: 'Fill rate',
        status: 'Status',
        reviewBy: 'Review by',
      },
    },
  },
  {
    preset: 'salesforce-field-usage',
    required: ['field_api_name', 'field_label', 'fill_rate_pct'],
    mapping: {
      preset: 'salesforce-field-usage',
      columns: {
        apiName: 'field_api_name',
        label: 'field_label',
        type: 'field_type',
        fillRatePercent: 'fill_rate_pct',
        requirement: 'layout_behavior',
      },
    },
  },
  {
    preset: 'hubspot-stage-requirements',
    required: ['pipeline_id', 'stage_id', 'property_name', 'required'],
    mapping: {
      preset: 'hubspot-stage-requirements',
      columns: { apiName: 'property_name', stage: 'stage_id', requirement: 'required' },
    },
  },
];

/** The CSV preset whose headers are all present, or a guessed generic mapping. */
export function detectCsvMapping(headers: readonly string[]): ColumnMapping {
  const keys = new Set(headers.map(headerKey));
  for (const preset of CSV_PRESETS) {
    if (preset.required.every((header) => keys.has(headerKey(header)))) return preset.mapping;
  }
  return guessMapping(headers);
}

/**
 * Reads every row of `table` through `mapping` into CRM fields. Refuses, naming the line and
 * column: a mapped header missing from the file, a mapping with neither label nor API name, a
 * fill rate outside 0..1 (0..100 for percentages), a number that is not one, an unknown
 * requirement, status, entries or value word. Rows with neither label nor API name are skipped.
 */
export function mapRows(table: CsvTable, mapping: ColumnMapping, sourceName: string): MappedFields {
  const index = new Map(table.headers.map((header, i) => [headerKey(header), i]));
  const col: Partial<Record<MappingTarget, number>> = {};
  for (const [target, header] of Object.entries(mapping.columns) as [MappingTarget, string][]) {
    const i = index.get(headerKey(header));
    if (i === undefined) return { ok: false, message: `${sourceName}: the mapping expects a column "${header}" (for ${target}) but the file has none; its columns are ${table.headers.map((h) => `"${h}"`).join(', ')}` };
    col[target] = i;
  }
  if (col.label === undefined && col.apiName === undefined) {
    return { ok: false, message: `${sourceName}: map at least the label or the API name column` };
  }
  const fields: CrmField[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const where = `${sourceName} line ${table.lines[r]}`;
    const cell = (target: MappingTarget): string | undefined => {
      const i = col[target];
      if (i === undefined) return undefined;
      const value = row[i]!.trim();
      return value === '' ? undefined : value;
    };
    const field: CrmField = { source: where };
    const apiName = cell('apiName');
    const label = cell('label');
    if (apiName === undefined && label === undefined) continue;
    if (apiName !== undefined) field.apiName = apiName;
    if (label !== undefined) field.label = label;
    const problem = readCells(field, cell, mapping, (target) => `${where}, column "${mapping.columns[target]}"`);
    if (problem) return { ok: false, message: problem };
    fields.push(field);
  }
  if (fields.length === 0) return { ok: false, message: `${sourceName}: no row has a label or an API name` };
  return { ok: true, fields };
}

function readCells(
  field: CrmField,
  cell: (target: MappingTarget) => string | undefined,
  mapping: ColumnMapping,
  at: (target: MappingTarget) => string,
): string | undefined {
  const type = cell('type');
  if (type !== undefined) {
    const mapped = mapping.typeMap?.[type] ?? fieldTypeFromCrm(type);
    if (mapped) field.type = mapped;
    else {
      field.type = 'text';
      field.unknownType = type;
    }
  }
  const requirement = cell('requirement');
  if (requirement !== undefined) {
    const mapped = requirementFromText(requirement);
    if (!mapped) return `${at('requirement')}: "${requirement}" is not a requirement (use required/optional, yes/no, true/false, blocks-stage or blocks-commission)`;
    field.requirement = mapped;
  }
  const text = (target: 'helpText' | 'stage' | 'requestedBy' | 'id' | 'justification' | 'decisionSupported'): void => {
    const value = cell(target);
    if (value !== undefined) field[target] = value;
  };
  text('helpText');
  text('stage');
  text('requestedBy');
  text('id');
  text('justification');
  text('decisionSupported');
  const consumers = cell('consumers');
  if (consumers !== undefined) field.consumers = consumers.split(/[;,|]/).map((c) => c.trim()).filter((c) => c !== '');
  const imported = cell('justificationImported');
  if (imported !== undefined) field.justificationImported = requirementFromText(imported) === 'required';

  for (const target of ['fillRate', 'fillRatePercent'] as const) {
    const raw = cell(target);
    if (raw === undefined) continue;
    const percent = target === 'fillRatePercent' || raw.endsWith('%');
    const value = parseNumber(raw.replace(/%$/, ''));
    if (value === undefined) return `${at(target)}: "${raw}" is not a number`;
    const share = percent ? value / 100 : value;
    if (!(share >= 0 && share <= 1)) return `${at(target)}: fill rate ${raw} is outside ${percent ? '0..100 %' : '0..1'}`;
    field.fillRate = share;
  }
  for (const target of ['secondsToComplete', 'secondsMin', 'secondsMax'] as const) {
    const raw = cell(target);
    if (raw === undefined) continue;
    const value = parseNumber(raw);
    if (value === undefined || value < 0) return `${at(target)}: "${raw}" is not a number of seconds ≥ 0`;
    field[target] = value;
  }
  const enumCell = <T extends string>(target: MappingTarget, schema: z.ZodType<T>, set: (value: T) => void): string | undefined => {
    const raw = cell(target);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw.toLowerCase());
    if (!parsed.success) return `${at(target)}: "${raw}" is not one of ${(schema as unknown as { options: string[] }).options.join(', ')}`;
    set(parsed.data);
    return undefined;
  };
  const enumProblem =
    enumCell('valueToSales', ValueToSalesSchema, (v) => (field.valueToSales = v)) ??
    enumCell('entries', EntriesSchema, (v) => (field.entries = v)) ??
    enumCell('status', FieldStatusSchema, (v) => (field.status = v));
  if (enumProblem) return enumProblem;
  const reviewBy = cell('reviewBy');
  if (reviewBy !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(reviewBy)) return `${at('reviewBy')}: "${reviewBy}" is not a date like 2026-12-31`;
    field.reviewBy = reviewBy;
  }
  return undefined;
}

/** Reads `12`, `12.5`, `12,5` (decimal comma), `1 234`; undefined when it is not a number. */
export function parseNumber(raw: string): number | undefined {
  const text = raw.trim().replace(/[\s\u00a0']/g, '');
  const normalised = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}
