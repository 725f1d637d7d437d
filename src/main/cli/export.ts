import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Process } from '../../shared/model/schema';
import { calibrate, type Calibration } from '../../shared/io/calibrate';
import { changeListCsv } from '../../shared/io/changeList';
import { graphSvg } from '../../shared/io/graphSvg';
import { handoutHtml, helpTextCsv } from '../../shared/io/handout';
import { readHistory } from '../../shared/io/history';
import { registerCsv } from '../../shared/io/registerCsv';
import { reportHtml, type ReportReviewItem } from '../../shared/io/reportHtml';
import { reviewItemsFromStore } from '../../shared/io/reportReview';
import { CommentSchema, ProposalSchema, type Comment, type Proposal } from '../../shared/review/schema';
import { REVIEW_DIR } from '../services/reviewStore';
import { findChromium, renderWithChromium } from './chromium';
import { println, type CliIo } from './io';
import { describeError, parseArgs, readImportBytes, readProcessFile, stageMapFrom } from './processFile';

/** Every `--format` of `stagecraft export`. */
export const EXPORT_FORMATS = ['csv', 'svg', 'png', 'html', 'pdf', 'handout', 'handout-pdf', 'helptext', 'changes'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const SUFFIX: Record<ExportFormat, string> = {
  csv: '.register.csv',
  svg: '.graph.svg',
  png: '.graph.png',
  html: '.report.html',
  pdf: '.report.pdf',
  handout: '.handout.html',
  'handout-pdf': '.handout.pdf',
  helptext: '.help-text.csv',
  changes: '.crm-changes.csv',
};

export const EXPORT_USAGE = `Usage: stagecraft export FILE --format FORMAT [--out PATH] [options]

Formats:
  csv          field register (Excel-friendly: UTF-8 BOM, CRLF, quoted, formulas neutralised)
  svg | png    the stage graph (png through a local Chromium); --heat shades stages by admin time
  html | pdf   the workshop report (pdf through a local Chromium; HTML when none is installed)
  handout      the rep handout, one page per stage (handout-pdf: as PDF)
  helptext     CRM help text per field: API name, label, stage, text
  changes      CRM change list from --baseline BASELINE.json to FILE

Options:
  --out PATH          where to write ("-" for standard output; default next to FILE)
  --heat              graph: shade stages by admin minutes per deal
  --history FILE.csv  report: add model-vs-history calibration (--map "NAME=STAGE_ID" repeatable)
  --baseline FILE     changes: the process as it is in the CRM today
  --workspace DIR     report: list the comments and proposals stored in this workspace
                      (default: FILE's folder when it holds review/<process id>/)

Chromium is found via PLAYWRIGHT_CHROMIUM_EXECUTABLE, STAGECRAFT_CHROMIUM or the usual paths.
Exit codes: 0 written, 1 the process or an input has problems, 2 bad arguments or unreadable file.
`;

export const REPORT_USAGE = `Usage: stagecraft report FILE [--pdf] [--out PATH] [--workspace DIR] [--history FILE.csv [--map "NAME=STAGE_ID"]…]

Writes the workshop report as one self-contained HTML file, or as PDF through a local Chromium
(HTML when none is installed). Open challenges and decisions come from the document; comments and
proposals from the workspace (--workspace DIR, or FILE's folder when it holds review/<process id>/).
`;

/** `stagecraft export FILE --format …`. */
export async function exportCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(EXPORT_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, ['--format', '--out', '--history', '--baseline', '--map', '--workspace'], ['--map']);
  const unknown = [...parsed.flags.keys()].find((flag) => !['--format', '--out', '--history', '--baseline', '--map', '--heat', '--workspace'].includes(flag));
  const error = parsed.error ?? (unknown ? `unknown option "${unknown}"` : parsed.positional.length !== 1 ? 'give exactly one FILE' : undefined);
  const format = parsed.flags.get('--format')?.[0] as ExportFormat | undefined;
  if (error || format === undefined || !EXPORT_FORMATS.includes(format)) {
    println(io.stderr, `stagecraft export: ${error ?? (format === undefined ? '--format is required' : `unknown format "${format}" (${EXPORT_FORMATS.join(', ')})`)} (see stagecraft export --help)`);
    return 2;
  }
  return run(parsed.positional[0]!, format, parsed.flags, io, now);
}

/** `stagecraft report FILE [--pdf]` — the report as HTML or PDF. */
export async function reportCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(REPORT_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, ['--out', '--history', '--map', '--workspace'], ['--map']);
  const unknown = [...parsed.flags.keys()].find((flag) => !['--out', '--history', '--map', '--pdf', '--workspace'].includes(flag));
  const error = parsed.error ?? (unknown ? `unknown option "${unknown}"` : parsed.positional.length !== 1 ? 'give exactly one FILE' : undefined);
  if (error) {
    println(io.stderr, `stagecraft report: ${error} (see stagecraft report --help)`);
    return 2;
  }
  return run(parsed.positional[0]!, parsed.flags.has('--pdf') ? 'pdf' : 'html', parsed.flags, io, now);
}

async function run(file: string, format: ExportFormat, flags: Map<string, string[]>, io: CliIo, now: () => Date): Promise<number> {
  const read = await readProcessFile(file, io);
  if (!read.ok) return read.code;
  const process_ = read.process;
  const stamp = now().toISOString();
  const outFlag = flags.get('--out')?.[0];
  const defaultOut = resolve(io.cwd, `${basename(file).replace(/\.stagecraft\.json$|\.json$/i, '')}${SUFFIX[format]}`);
  const out = outFlag === undefined ? defaultOut : outFlag === '-' ? '-' : resolve(io.cwd, outFlag);

  let calibration: Calibration | undefined;
  const historyFile = flags.get('--history')?.[0];
  if (historyFile !== undefined) {
    const outcome = await loadCalibration(process_, historyFile, flags.get('--map') ?? [], io);
    if (!outcome.ok) return outcome.code;
    calibration = outcome.calibration;
  }
  let review: ReportReviewItem[] = [];
  if (format === 'html' || format === 'pdf') {
    const loaded = await loadReview(process_, file, flags.get('--workspace')?.[0], io);
    if (!loaded.ok) return loaded.code;
    review = loaded.items;
  }
  const reportOptions = { now: stamp, ...(calibration ? { calibration } : {}), ...(review.length > 0 ? { review } : {}) };

  switch (format) {
    case 'csv':
      return emit(registerCsv(process_), out, io);
    case 'svg':
      return emit(`<?xml version="1.0" encoding="UTF-8"?>\n${graphSvg(process_, { heat: flags.has('--heat') })}\n`, out, io);
    case 'helptext':
      return emit(helpTextCsv(process_), out, io);
    case 'changes': {
      const baselineFile = flags.get('--baseline')?.[0];
      if (baselineFile === undefined) {
        println(io.stderr, 'stagecraft export: --format changes needs --baseline BASELINE.json (the process as the CRM has it today)');
        return 2;
      }
      const baseline = await readProcessFile(baselineFile, io);
      if (!baseline.ok) return baseline.code;
      return emit(changeListCsv(baseline.process, process_), out, io);
    }
    case 'html':
      return emit(reportHtml(process_, reportOptions), out, io);
    case 'handout':
      return emit(handoutHtml(process_, { now: stamp }), out, io);
    case 'pdf':
      return renderOrHtml(reportHtml(process_, reportOptions), out, { kind: 'pdf' }, io);
    case 'handout-pdf':
      return renderOrHtml(handoutHtml(process_, { now: stamp }), out, { kind: 'pdf' }, io);
    case 'png': {
      const svg = graphSvg(process_, { heat: flags.has('--heat') });
      const width = Math.ceil(Number(/width="([\d.]+)"/.exec(svg)?.[1] ?? 1200));
      const height = Math.ceil(Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 800));
      const page = `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}</style></head><body>${svg}</body></html>`;
      return renderOrHtml(page, out, { kind: 'png', width, height }, io);
    }
  }
}

async function emit(text: string, out: string, io: CliIo): Promise<number> {
  if (out === '-') {
    io.stdout.write(text);
    return 0;
  }
  try {
    await writeFile(out, text, 'utf8');
  } catch (error) {
    println(io.stderr, `${out}: cannot write (${describeError(error)})`);
    return 2;
  }
  println(io.stdout, `wrote ${out}`);
  return 0;
}

async function renderOrHtml(html: string, out: string, target: { kind: 'pdf' } | { kind: 'png'; width: number; height: number }, io: CliIo): Promise<number> {
  if (out === '-') {
    println(io.stderr, `stagecraft: ${target.kind.toUpperCase()} cannot go to standard output; give --out PATH`);
    return 2;
  }
  const chromium = findChromium(io.env);
  if (!chromium) {
    const htmlOut = out.replace(/\.(pdf|png)$/i, '') + '.html';
    println(io.stderr, `stagecraft: no Chromium found (set PLAYWRIGHT_CHROMIUM_EXECUTABLE) — wrote HTML instead; print it from a browser`);
    return emit(html, htmlOut, io);
  }
  try {
    await renderWithChromium(chromium, html, out, target);
  } catch (error) {
    println(io.stderr, `stagecraft: Chromium could not render ${out}: ${(error as Error).message}`);
    return 1;
  }
  println(io.stdout, `wrote ${out}`);
  return 0;
}

/** Reads a history and calibrates; prints the reason and returns an exit code on failure. */
export async function loadCalibration(
  process_: Process,
  historyFile: string,
  mapPairs: readonly string[],
  io: CliIo,
): Promise<{ ok: true; calibration: Calibration } | { ok: false; code: number }> {
  const stageMap = stageMapFrom(mapPairs);
  if (!stageMap.ok) {
    println(io.stderr, `stagecraft: ${stageMap.message}`);
    return { ok: false, code: 2 };
  }
  const bytes = await readImportBytes(historyFile, io);
  if (!bytes.ok) return { ok: false, code: 2 };
  const history = readHistory(bytes.bytes, { name: historyFile });
  if (!history.ok) {
    println(io.stderr, history.message);
    return { ok: false, code: 1 };
  }
  const result = calibrate(process_, history.history, { stageMap: stageMap.map });
  if (!result.ok) {
    println(io.stderr, `${historyFile}: ${result.message}`);
    return { ok: false, code: 1 };
  }
  return { ok: true, calibration: result.calibration };
}

const CommentsFileSchema = z.object({ comments: z.array(CommentSchema) });
const ProposalFileSchema = z.object({ proposal: ProposalSchema });

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Comments and proposals stored beside the document (`<workspace>/review/<id>/`), read without
 * touching anything: a report is no reason to move a damaged file aside, so an unreadable one is
 * named on stderr and left out.
 */
export async function loadReview(
  process_: Process,
  file: string,
  workspaceFlag: string | undefined,
  io: CliIo,
): Promise<{ ok: true; items: ReportReviewItem[] } | { ok: false; code: number }> {
  let workspace: string;
  if (workspaceFlag !== undefined) {
    workspace = resolve(io.cwd, workspaceFlag);
    if (!(await isDir(workspace))) {
      println(io.stderr, `${workspaceFlag}: not a folder (--workspace wants the workspace folder)`);
      return { ok: false, code: 2 };
    }
  } else {
    workspace = dirname(resolve(io.cwd, file));
  }
  const dir = join(workspace, REVIEW_DIR, process_.id);
  if (!(await isDir(dir))) return { ok: true, items: [] };

  async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      println(io.stderr, `${path}: cannot read (${describeError(error)}) — left out of the report`);
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      println(io.stderr, `${path}: not valid JSON (${(error as Error).message}) — left out of the report`);
      return undefined;
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    println(io.stderr, `${path}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected content'} — left out of the report`);
    return undefined;
  }

  const comments: Comment[] = (await readJson(join(dir, 'comments.json'), CommentsFileSchema))?.comments ?? [];
  const proposals: Proposal[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(join(dir, 'proposals'))).filter((n) => n.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const stored = await readJson(join(dir, 'proposals', name), ProposalFileSchema);
    if (stored && stored.proposal.processId === process_.id) proposals.push(stored.proposal);
  }
  proposals.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { ok: true, items: reviewItemsFromStore(process_, comments, proposals) };
}
