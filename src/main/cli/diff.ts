import { diffProcesses } from '../../shared/review/diff';
import { burdenDelta } from '../../shared/review/delta';
import { summarizeDiff } from '../../shared/review/summary';
import { formatDiffReport } from '../../shared/review/format';
import { println, type CliIo } from './io';
import { readProcessFile } from './processFile';

const USAGE = 'Usage: stagecraft diff OLD.json NEW.json [--json]';

/**
 * `stagecraft diff OLD NEW [--json]` — what changed between two process files, by id, with the
 * burden delta and who loses data. Exit 0 when both files are valid (whether or not they differ),
 * 1 when either is not a valid process (located problems on stderr), 2 when either cannot be read
 * or is not JSON, or the arguments are wrong.
 */
export async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 2 || files.some((f) => f.startsWith('-'))) {
    println(io.stderr, USAGE);
    return 2;
  }
  const [oldFile, newFile] = files as [string, string];
  const before = await readProcessFile(oldFile, io);
  const after = await readProcessFile(newFile, io);
  if (!before.ok || !after.ok) return Math.max(before.ok ? 0 : before.code, after.ok ? 0 : after.code);
  const diff = diffProcesses(before.process, after.process);
  const report = {
    diff,
    summary: summarizeDiff(diff, before.process, after.process),
    delta: burdenDelta(before.process, after.process, diff),
  };
  if (json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const names = new Map<string, string>();
  for (const s of before.process.stages) names.set(s.id, s.name);
  for (const s of after.process.stages) names.set(s.id, s.name);
  io.stdout.write(formatDiffReport(report, names));
  return 0;
}
