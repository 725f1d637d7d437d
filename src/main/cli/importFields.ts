import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planFieldImport, type ImportFile } from '../../shared/io/fieldImport';
import { applyImport, summarizePlan } from '../../shared/io/importPlan';
import { PRESET_IDS, type ColumnMapping, type PresetId } from '../../shared/io/mapping';
import { parseMapping } from '../../shared/io/sources';
import { parseJsonText } from '../../shared/model/jsonText';
import { println, type CliIo } from './io';
import { describeError, parseArgs, readImportBytes, readProcessFile, stageMapFrom, writeProcessFile } from './processFile';

export const IMPORT_FIELDS_USAGE = `Usage: stagecraft import-fields SOURCE… --into PROCESS.json [options]

Imports a CRM's field list into a process file (in place; the previous version is kept as .bak).
Several SOURCE files combine: a Salesforce describe + its Path, HubSpot properties + stage
requirements, and a field-usage audit for fill rates.

Recognised by their headers or keys: ${PRESET_IDS.filter((p) => p !== 'generic').join(', ')};
any other CSV is mapped by guessing from its headers, or by --mapping.

Options:
  --into PROCESS.json     the process to import into (required)
  --mapping MAP.json      a saved column mapping (CSV): {"columns": {"label": "Field Label", …}}
  --preset NAME           force a preset (${PRESET_IDS.join(', ')})
  --stage STAGE_ID        put fields that name no stage on this stage (default: leave them unassigned)
  --map "NAME=STAGE_ID"   map a stage name in the file to a process stage (repeatable)
  --dry-run               print what would change, write nothing

Exit codes: 0 done, 1 the input has problems (nothing written), 2 bad arguments or unreadable file.
`;

/** `stagecraft import-fields SOURCE… --into PROCESS.json`. */
export async function importFieldsCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(IMPORT_FIELDS_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, ['--into', '--mapping', '--preset', '--stage', '--map'], ['--map']);
  const unknown = [...parsed.flags.keys()].find((flag) => !['--into', '--mapping', '--preset', '--stage', '--map', '--dry-run'].includes(flag));
  const into = parsed.flags.get('--into')?.[0];
  const preset = parsed.flags.get('--preset')?.[0];
  const error =
    parsed.error ??
    (unknown ? `unknown option "${unknown}"` : into === undefined ? '--into PROCESS.json is required' : parsed.positional.length === 0 ? 'give at least one SOURCE file' : preset !== undefined && !PRESET_IDS.includes(preset as PresetId) ? `unknown preset "${preset}" (${PRESET_IDS.join(', ')})` : undefined);
  if (error) {
    println(io.stderr, `stagecraft import-fields: ${error} (see stagecraft import-fields --help)`);
    return 2;
  }
  const stageMap = stageMapFrom(parsed.flags.get('--map') ?? []);
  if (!stageMap.ok) {
    println(io.stderr, `stagecraft import-fields: ${stageMap.message}`);
    return 2;
  }
  let mapping: ColumnMapping | undefined;
  const mappingFile = parsed.flags.get('--mapping')?.[0];
  if (mappingFile !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, mappingFile), 'utf8');
    } catch (err) {
      println(io.stderr, `${mappingFile}: cannot read the file (${describeError(err)})`);
      return 2;
    }
    const json = parseJsonText(text);
    const result = json.ok ? parseMapping(json.value) : { ok: false as const, message: `not valid JSON (${json.message})` };
    if (!result.ok) {
      println(io.stderr, `${mappingFile}: ${result.message}`);
      return 1;
    }
    mapping = result.mapping;
  }
  const read = await readProcessFile(into!, io);
  if (!read.ok) return read.code;
  const defaultStageId = parsed.flags.get('--stage')?.[0];
  if (defaultStageId !== undefined && !read.process.stages.some((stage) => stage.id === defaultStageId)) {
    println(io.stderr, `stagecraft import-fields: --stage "${defaultStageId}" is not a stage of ${into} (${read.process.stages.map((s) => s.id).join(', ')})`);
    return 2;
  }
  const files: ImportFile[] = [];
  for (const source of parsed.positional) {
    const bytes = await readImportBytes(source, io);
    if (!bytes.ok) return 2;
    files.push({ name: source, bytes: bytes.bytes });
  }
  const result = planFieldImport(read.process, files, {
    stageMap: stageMap.map,
    ...(mapping ? { mapping } : {}),
    ...(preset ? { preset: preset as PresetId } : {}),
    ...(defaultStageId !== undefined ? { defaultStageId } : {}),
  });
  if (!result.ok) {
    println(io.stderr, result.message);
    return 1;
  }
  const { plan } = result;
  const stageName = new Map(read.process.stages.map((s) => [s.id, s.name]));
  for (const source of result.sources) println(io.stdout, `read ${source.fields.length} fields as ${source.preset}${source.skipped > 0 ? ` (${source.skipped} system or read-only skipped)` : ''}`);
  for (const add of plan.added) println(io.stdout, `added     ${add.field.label}${add.field.apiName ? ` (${add.field.apiName})` : ''} → ${stageName.get(add.stageId)}`);
  for (const update of plan.updated) println(io.stdout, `updated   ${update.label}: ${update.changes.map((c) => c.property).join(', ')}`);
  for (const item of plan.unassigned) println(io.stdout, `unassigned ${item.field.label ?? item.field.apiName}${item.field.apiName && item.field.label ? ` (${item.field.apiName})` : ''}: ${item.reason}`);
  if (plan.unmatchedStages.length > 0) println(io.stdout, `stages not matched: ${plan.unmatchedStages.map((s) => `"${s}"`).join(', ')} — map them with --map "NAME=STAGE_ID"`);
  for (const warning of plan.warnings) println(io.stdout, `warning: ${warning}`);
  println(io.stdout, summarizePlan(plan));
  const next = applyImport(read.process, plan);
  if (parsed.flags.has('--dry-run')) {
    println(io.stdout, 'dry run: nothing written');
    return 0;
  }
  if (next === read.process) {
    println(io.stdout, 'nothing to change');
    return 0;
  }
  await writeProcessFile(read.path, next);
  println(io.stdout, `wrote ${into} (previous version kept as ${into}.bak)`);
  return 0;
}
