import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHistoryStore } from '../services/history';
import { IdSchema } from '../../shared/model/schema';
import { groupRevisions } from '../../shared/review/grouping';
import { formatHistory } from '../../shared/review/format';
import { println, type CliIo } from './io';

const USAGE = 'Usage: stagecraft history DIR ID [--json]';

/**
 * `stagecraft history DIR ID [--json]` — the revisions of process ID in workspace DIR, newest
 * first: revision, time, author, kind, summary, reason, accepted proposal. Read-only: it takes no
 * lock and writes nothing (a damaged entry is reported, not moved). Exit 0; 1 when the workspace
 * has no such process; 2 when DIR cannot be read or the arguments are wrong.
 */
export async function historyCommand(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  if (rest.length !== 2 || rest.some((a) => a.startsWith('-'))) {
    println(io.stderr, USAGE);
    return 2;
  }
  const [dirArg, id] = rest as [string, string];
  const dir = resolve(io.cwd, dirArg);
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    println(io.stderr, `${dirArg}: cannot read the workspace (${(error as Error).message})`);
    return 2;
  }
  if (!IdSchema.safeParse(id).success) {
    println(io.stderr, `${id}: not a process id`);
    return 1;
  }
  const store = createHistoryStore({ dir, readOnly: true });
  const { entries, setAside } = await store.list(id);
  if (entries.length === 0) {
    const exists = await access(join(dir, `${id}.json`)).then(() => true, () => false);
    if (!exists) {
      println(io.stderr, `${dirArg}: no process with id ${id}`);
      return 1;
    }
  }
  const rows = groupRevisions(entries);
  if (json) {
    io.stdout.write(`${JSON.stringify({ rows, setAside }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) println(io.stdout, `No revisions recorded yet for ${id} (history starts with its next save).`);
  else io.stdout.write(formatHistory(rows));
  for (const s of setAside) println(io.stderr, `warning: ${s.fileName} could not be read (${s.reason})`);
  return 0;
}
