import type { Process } from '../model/schema';
import type { TextEncodingChoice } from './decode';
import { planImport, type ImportOptions, type ImportPlan } from './importPlan';
import type { ColumnMapping, PresetId } from './mapping';
import { mergeCrmFields, readFieldSource, type ReadSource } from './sources';

/**
 * The whole field import in one call, as the wizard and `stagecraft import-fields` use it: read
 * every file (describe + Path, properties + stage requirements…), merge what they say about each
 * field, and plan the import into `process`. Any file that cannot be read stops the import with
 * its located message; nothing is planned from a half-read set.
 */

/** One file to import. */
export interface ImportFile {
  /** Its name, for messages. */
  name: string;
  bytes: Uint8Array;
  /** This file's own column mapping (CSV), e.g. corrected in the wizard; wins over `options.mapping`. */
  mapping?: ColumnMapping;
}

/** Options for the whole import. */
export interface FieldImportOptions extends ImportOptions {
  /** A preset to force on every file. */
  preset?: PresetId;
  /** A saved mapping, used for CSV files. */
  mapping?: ColumnMapping;
  encoding?: TextEncodingChoice;
}

/** The preview, with what each file gave (preset, mapping, preview rows, notes). */
export type FieldImportResult = { ok: true; plan: ImportPlan; sources: ReadSource[] } | { ok: false; message: string };

/** Reads, merges and plans. Pure and total: never throws, never changes `process`. */
export function planFieldImport(process: Process, files: readonly ImportFile[], options: FieldImportOptions = {}): FieldImportResult {
  if (files.length === 0) return { ok: false, message: 'no file to import' };
  const sources: ReadSource[] = [];
  for (const file of files) {
    const read = readFieldSource(file.bytes, {
      name: file.name,
      ...(options.preset !== undefined ? { preset: options.preset } : {}),
      ...((file.mapping ?? options.mapping) !== undefined ? { mapping: (file.mapping ?? options.mapping)! } : {}),
      ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    });
    if (!read.ok) return read;
    sources.push(read.source);
  }
  const fields = mergeCrmFields(sources);
  const guidance = sources.flatMap((source) => source.guidance);
  // A saved mapping carries its stage map; names mapped in the wizard since then take precedence.
  const stageMap = { ...options.mapping?.stageMap, ...Object.assign({}, ...files.map((file) => file.mapping?.stageMap ?? {})), ...options.stageMap };
  const plan = planImport(process, fields, guidance, { ...options, stageMap });
  for (const source of sources) plan.warnings.push(...source.notes);
  return { ok: true, plan, sources };
}
