import type { Process } from '../../../../shared/model/schema';
import { decodeText, type TextEncodingChoice, type TextEncodingUsed } from '../../../../shared/io/decode';
import { matchStage, planImport, type ImportOptions, type ImportPlan } from '../../../../shared/io/importPlan';
import { calibrate, type Calibration } from '../../../../shared/io/calibrate';
import { readHistory, type HistoryFormat } from '../../../../shared/io/history';
import type { ColumnMapping } from '../../../../shared/io/mapping';
import { parseCsv } from '../../../../shared/io/csv';
import { mergeCrmFields, readFieldText, type ReadSource } from '../../../../shared/io/sources';

/**
 * The work the import worker does: plain calls into src/shared/io, so the worker, a unit test and
 * the CLI all run the same code. Kept free of worker APIs so it can be tested directly.
 */

/** One picked file, with the column mapping the user chose for it (CSV only). */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
  mapping?: ColumnMapping;
}

/**
 * Reads, merges and plans a field import; the wizard re-runs it on each mapping or stage
 * choice. Unlike `planFieldImport`, each file carries its own mapping: a describe JSON, a Path
 * JSON and a usage CSV are imported together, and only the CSV has columns to map.
 */
export interface PlanFieldsJob {
  kind: 'plan-fields';
  process: Process;
  files: PickedFile[];
  encoding: TextEncodingChoice;
  options: ImportOptions;
}

/** Reads a stage history and compares it with the process. */
export interface CalibrateJob {
  kind: 'calibrate';
  process: Process;
  file: PickedFile;
  /** History stage name → stage id, for names that do not match by themselves. */
  stageMap: Record<string, string>;
}

/** Any job the worker runs. */
export type IoJob = PlanFieldsJob | CalibrateJob;

/** What a calibrate job returns: the history's shape, names still unmatched, and the comparison. */
export type CalibrateResult =
  | {
      ok: true;
      format: HistoryFormat;
      events: number;
      stageNames: string[];
      /** History stage names that match no stage even with the map. */
      unknown: string[];
      /** Null while some stage is unknown. */
      calibration: Calibration | null;
      message: string | null;
    }
  | { ok: false; message: string };

/** How one file was read, for the wizard to show and let the user override. */
export interface FileFacts {
  name: string;
  size: number;
  encoding: TextEncodingUsed | null;
  hadBom: boolean;
  /** A CSV's headers, first rows and delimiter — present even when its mapping does not work yet. */
  preview?: { headers: string[]; rows: string[][]; delimiter: string };
  /** What the file gave, when it could be read. */
  source?: ReadSource;
  /** Why it could not be read (located). */
  error?: string;
}

/**
 * What a plan-fields job returns: every file's facts, and the plan when every file was read —
 * otherwise the first file's located problem. A CSV whose columns are not mapped yet still comes
 * back with its preview, so the wizard can show it for mapping.
 */
export interface PlanFieldsResult {
  files: FileFacts[];
  plan: ImportPlan | null;
  message: string | null;
}

/** The result type of a job. */
export type IoJobResult<J extends IoJob> = J extends PlanFieldsJob ? PlanFieldsResult : J extends CalibrateJob ? CalibrateResult : never;

/** Runs a job synchronously (inside the worker). Never changes its inputs. */
export function runIoJob<J extends IoJob>(job: J): IoJobResult<J> {
  const result = job.kind === 'plan-fields' ? planFields(job) : calibrateHistory(job as CalibrateJob);
  return result as IoJobResult<J>;
}

function calibrateHistory(job: CalibrateJob): CalibrateResult {
  const read = readHistory(job.file.bytes, { name: job.file.name });
  if (!read.ok) return read;
  const { history } = read;
  const unknown = history.stageNames.filter((name) => !matchStage(job.process, name, job.stageMap));
  const result = unknown.length === 0 ? calibrate(job.process, history, { stageMap: job.stageMap }) : null;
  return {
    ok: true,
    format: history.format,
    events: history.events,
    stageNames: history.stageNames,
    unknown,
    calibration: result?.ok ? result.calibration : null,
    message: result && !result.ok ? result.message : null,
  };
}

const PREVIEW_ROWS = 5;

function readOne(file: PickedFile, choice: TextEncodingChoice): FileFacts {
  const encoding = file.mapping?.encoding ?? choice;
  const facts: FileFacts = { name: file.name, size: file.bytes.length, encoding: null, hadBom: false };
  const decoded = decodeText(file.bytes, encoding);
  if (!decoded.ok) return { ...facts, error: `${file.name}: ${decoded.message}` };
  facts.encoding = decoded.encoding;
  facts.hadBom = decoded.hadBom;
  const read = readFieldText(decoded.text, { name: file.name, encoding, previewRows: PREVIEW_ROWS, ...(file.mapping ? { mapping: file.mapping } : {}) });
  if (read.ok) {
    const preview = read.source.preview;
    if (preview) facts.preview = { ...preview, delimiter: read.source.mapping?.delimiter ?? ',' };
    return { ...facts, source: read.source };
  }
  // A CSV whose columns are not mapped yet: parse it once more, only to show it for mapping.
  const head = decoded.text.trimStart();
  if (!(head.startsWith('{') || head.startsWith('['))) {
    const table = parseCsv(decoded.text, file.mapping?.delimiter !== undefined ? { delimiter: file.mapping.delimiter } : {});
    if (table.ok) facts.preview = { headers: table.table.headers, rows: table.table.rows.slice(0, PREVIEW_ROWS), delimiter: table.table.delimiter };
  }
  return { ...facts, error: read.message };
}

function planFields(job: PlanFieldsJob): PlanFieldsResult {
  if (job.files.length === 0) return { files: [], plan: null, message: 'Choose at least one file.' };
  const files = job.files.map((file) => readOne(file, job.encoding));
  const failed = files.find((file) => file.error !== undefined);
  if (failed) return { files, plan: null, message: failed.error ?? null };
  const sources = files.map((file) => file.source!);
  const plan = planImport(
    job.process,
    mergeCrmFields(sources),
    sources.flatMap((source) => source.guidance),
    job.options,
  );
  for (const source of sources) plan.warnings.push(...source.notes);
  return { files, plan, message: null };
}
