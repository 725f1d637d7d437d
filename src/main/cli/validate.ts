import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeProblem, parseProcess, type Problem } from '../../shared/model/problems';
import { parseJsonText } from '../../shared/model/jsonText';
import { validateProcess } from '../../shared/model/validate';
import { println, type CliIo } from './io';

/**
 * `stagecraft validate FILE` — exit 0 and `valid` (plus any `warning:` lines) for a good document;
 * exit 1 and one `path: message` line per problem for a bad one; exit 2 when the file cannot be
 * read or is not JSON.
 */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0 || file.startsWith('-')) {
    println(io.stderr, 'Usage: stagecraft validate FILE');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    println(io.stderr, `${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
    return 2;
  }
  const json = parseJsonText(text);
  if (!json.ok) {
    println(io.stderr, `${file}: not valid JSON (${json.message})`);
    return 2;
  }
  const parsed = parseProcess(json.value);
  if (!parsed.ok) {
    printProblems(io, parsed.problems);
    return 1;
  }
  const problems = validateProcess(parsed.process, { today: new Date().toISOString() });
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  printProblems(io, errors);
  for (const warning of warnings) println(io.stdout, `warning: ${describeProblem(warning)}`);
  if (errors.length > 0) return 1;
  println(io.stdout, 'valid');
  return 0;
}

function printProblems(io: CliIo, problems: Problem[]): void {
  for (const problem of problems) println(io.stdout, describeProblem(problem));
}
