import { applyCalibration, type Calibration } from '../../shared/io/calibrate';
import type { Process } from '../../shared/model/schema';
import { loadCalibration } from './export';
import { println, type CliIo } from './io';
import { parseArgs, readProcessFile, writeProcessFile } from './processFile';

export const CALIBRATE_USAGE = `Usage: stagecraft calibrate PROCESS.json HISTORY.csv [--apply] [--json] [--map "NAME=STAGE_ID"]…

Compares the process with the CRM's stage history: per transition the model's and the observed
probability with the number of deals behind it, per stage the observed days (median, mean),
entries and loop-backs, and KPI targets against the observed rates.

HISTORY.csv: "case id, stage, timestamp", Salesforce OpportunityFieldHistory or OpportunityHistory,
or HubSpot deals with hs_v2_date_entered_<stage> columns.

Options:
  --map "NAME=STAGE_ID"   map a history stage name to a process stage (repeatable)
  --apply                 write the observed figures into PROCESS.json (previous file kept as .bak)
  --json                  print JSON: { transitions: [{from, to, current, observed, n, count}], stages: [...] , ... }

Exit codes: 0 done, 1 the process or history has problems, 2 bad arguments or unreadable file.
`;

/** `stagecraft calibrate PROCESS.json HISTORY.csv [--apply] [--json]`. */
export async function calibrateCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(CALIBRATE_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, ['--map'], ['--map']);
  const unknown = [...parsed.flags.keys()].find((flag) => !['--map', '--apply', '--json'].includes(flag));
  const error = parsed.error ?? (unknown ? `unknown option "${unknown}"` : parsed.positional.length !== 2 ? 'give PROCESS.json and HISTORY.csv' : undefined);
  if (error) {
    println(io.stderr, `stagecraft calibrate: ${error} (see stagecraft calibrate --help)`);
    return 2;
  }
  const [file, historyFile] = parsed.positional as [string, string];
  const read = await readProcessFile(file, io);
  if (!read.ok) return read.code;
  const outcome = await loadCalibration(read.process, historyFile, parsed.flags.get('--map') ?? [], io);
  if (!outcome.ok) return outcome.code;
  const calibration = outcome.calibration;
  if (parsed.flags.has('--json')) io.stdout.write(`${JSON.stringify(calibrationJson(calibration), null, 2)}\n`);
  else io.stdout.write(formatCalibration(read.process, calibration));
  if (parsed.flags.has('--apply')) {
    const next = applyCalibration(read.process, calibration, 'all');
    if (next === read.process) println(parsed.flags.has('--json') ? io.stderr : io.stdout, 'nothing to apply: the model already matches');
    else {
      await writeProcessFile(read.path, next);
      println(parsed.flags.has('--json') ? io.stderr : io.stdout, `applied to ${file} (previous version kept as ${file}.bak)`);
    }
  }
  return 0;
}

/** The `--json` shape: transitions with stage ids, current and observed probabilities and n. */
export function calibrationJson(c: Calibration): unknown {
  return {
    deals: c.deals,
    won: c.won,
    lost: c.lost,
    open: c.open,
    events: c.events,
    conversion: c.conversion,
    transitions: c.transitions.map((t) => ({ from: t.from, to: t.to, current: t.current, observed: t.observed, n: t.n, count: t.count, smallSample: t.smallSample })),
    stages: c.stages.map((s) => ({
      id: s.stageId,
      name: s.name,
      entries: s.entries,
      loopBacks: s.loopBacks,
      open: s.open,
      currentDays: s.currentDays,
      observedDays: { median: s.medianDays, mean: s.meanDays, n: s.n },
      smallSample: s.smallSample,
    })),
    kpis: c.kpis,
    warnings: c.warnings,
  };
}

function pct(value: number | null): string {
  return value === null ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

function days(value: number | null): string {
  return value === null ? '—' : (Math.round(value * 10) / 10).toFixed(1);
}

/** The text report: transitions, stages and KPIs, flagged where the evidence is thin. */
export function formatCalibration(process_: Process, c: Calibration): string {
  const name = new Map(process_.stages.map((s) => [s.id, s.name]));
  const lines = [
    `${c.deals} deals: ${c.won} won, ${c.lost} lost, ${c.open} open; ${c.events} stage changes; observed conversion ${pct(c.conversion)}`,
    '',
    'Transitions                                   model  observed      n',
  ];
  for (const t of c.transitions) {
    const label = `${name.get(t.from) ?? t.from} → ${name.get(t.to) ?? t.to}`;
    lines.push(`  ${label.padEnd(42).slice(0, 42)} ${pct(t.current).padStart(6)}  ${pct(t.observed).padStart(8)} ${String(t.n).padStart(6)}${t.smallSample ? '  few deals' : ''}${t.current === null ? '  not in the model' : ''}`);
  }
  lines.push('', 'Stages                          entries loops open  days model  median    mean      n');
  for (const s of c.stages) {
    lines.push(`  ${s.name.padEnd(30).slice(0, 30)} ${String(s.entries).padStart(7)} ${String(s.loopBacks).padStart(5)} ${String(s.open).padStart(4)} ${days(s.currentDays).padStart(11)} ${days(s.medianDays).padStart(7)} ${days(s.meanDays).padStart(7)} ${String(s.n).padStart(6)}${s.entries > 0 && s.smallSample ? '  few' : ''}`);
  }
  if (c.kpis.length > 0) {
    lines.push('', 'KPIs');
    for (const k of c.kpis) lines.push(`  [${k.severity}] ${k.message}`);
  }
  for (const warning of c.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
