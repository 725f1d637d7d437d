/**
 * A writer process for the kill -9 loop (bundled and started by crossProcess.test.ts): saves one
 * process over and over from the revision it last saw, printing `ack <revision> <description>`
 * after each acknowledged save. The test kills it at a random moment and checks that every
 * printed acknowledgement survived.
 */
import { createWorkspace, ConflictError } from '../../../src/main/services/workspace';

async function main(): Promise<void> {
  const [dir, id, tag] = process.argv.slice(2) as [string, string, string];
  // Started ahead of time so the loop does not wait for Node to boot: touch nothing until "go".
  process.stdout.write('loaded\n');
  await new Promise<void>((go) => process.stdin.once('data', () => go()));
  const ws = createWorkspace({ dir });
  let doc = await ws.open(id);
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const description = `${tag}-${n}`;
    const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = doc;
    try {
      doc = await ws.save({ process: { ...content, description }, baseRevision: doc.revision });
      process.stdout.write(`ack ${doc.revision} ${description}\n`);
      // A breath between saves, as an editor's autosave has: a lock polled by other processes is
      // not a queue, and a writer re-taking it in a tight loop would starve them.
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 6));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      doc = await ws.open(id);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
