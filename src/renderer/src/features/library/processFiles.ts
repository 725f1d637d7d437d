import { parseJsonText } from '../../../../shared/model/jsonText';
import { blockingProblems, describeProblem, parseProcess } from '../../../../shared/model/problems';
import type { Process } from '../../../../shared/model/schema';

/** Saves a process as `<name>.stagecraft.json` through the browser's download. */
export function downloadProcess(process: Process): void {
  const blob = new Blob([`${JSON.stringify(process, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${fileStem(process.name)}.stagecraft.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name stem from a process name: letters, digits and dashes. */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return stem || 'process';
}

/**
 * Reads a process file the user picked, upgrading older versions. Throws a readable error
 * naming the first problems (with their locations) when it is not a Stagecraft process.
 */
export async function readProcessFile(file: File): Promise<Process> {
  // File.text() decodes UTF-8 and keeps a byte-order mark; the shared reader drops it and
  // locates syntax errors, the same answer the CLI and the workspace give.
  const json = parseJsonText(await file.text());
  if (!json.ok) throw new Error(`${file.name} is not valid JSON (${json.message}).`);
  const parsed = parseProcess(json.value);
  // Duplicate ids and dangling references parse but are unsafe to open; refuse them here with
  // their locations, as the workspace does, instead of after the round trip to main.
  const problems = parsed.ok ? blockingProblems(parsed.process) : parsed.problems;
  if (parsed.ok && problems.length === 0) return parsed.process;
  const shown = problems.slice(0, 3).map(describeProblem).join('; ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  throw new Error(`${file.name} is not a valid Stagecraft process: ${shown}${more}`);
}
