/**
 * Review benchmarks. Run with `npx tsx bench/review.ts`; prints `name: value unit` lines.
 * - `diff+delta.300x3000`: diff of two 300-stage, 3,000-field documents plus the burden delta
 *   (both sides through the expected-value engine) and who loses data; median of RUNS.
 * - `history.list.1000-revisions`: the `history:list` channel's work (make sure the current
 *   revision is in the history, read 1,000 audit headers, group autosaves) on a workspace opened
 *   fresh each run, so no header is cached; median.
 * - `history.save.rev1000-vs-rev2`: bytes the save path writes for revision 1,000 ÷ for revision 2
 *   (history file + backup + document); 1.0 means no rewriting of the past.
 */
import { copyFile, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { nodeAtomicIo, type AtomicIo } from '../src/main/services/atomicAdapter';
import { createReviewService } from '../src/main/services/review';
import { createWorkspace } from '../src/main/services/workspace';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { createSampleProcess } from '../src/shared/model/sample';
import type { Process } from '../src/shared/model/schema';
import { burdenDelta } from '../src/shared/review/delta';
import { diffProcesses } from '../src/shared/review/diff';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function benchDiff(): void {
  const a = createGeneratedProcess({ stages: 300, fields: 3000, seed: 1 });
  const b: Process = structuredClone(a);
  // A realistic proposal: 60 fields removed, 150 changed, 20 stages moved, 10 transitions re-weighted.
  b.stages.forEach((s, i) => {
    if (i % 15 === 0) s.position = { x: s.position.x + 40, y: s.position.y };
    s.fields = s.fields.filter((_f, j) => (i * 7 + j) % 50 !== 0);
    s.fields.forEach((f, j) => {
      if ((i + j) % 20 === 0) f.requirement = 'optional';
    });
  });
  burdenDelta(a, b, diffProcesses(a, b));
  const times: number[] = [];
  const cpu: number[] = [];
  let changes = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const diff = diffProcesses(a, b);
    const delta = burdenDelta(a, b, diff);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    changes = diff.fields.length + diff.stages.length;
    if (!delta.figures.ok) throw new Error('the generated documents should simulate');
  }
  console.log(`diff+delta.300x3000: ${median(times).toFixed(1)} ms`);
  // CPU time of this process: on a shared machine wall time also counts other processes' turns.
  console.log(`diff+delta.300x3000.cpu: ${median(cpu).toFixed(1)} ms`);
  console.log(`diff+delta.300x3000.changes: ${changes} items`);
}

async function benchHistory(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-bench-history-'));
  try {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: 'Bench', departmentId: 'sales' } }));
    const bytes: number[] = [];
    let mark = 0;
    const written: number[] = [];
    // Real files, counted; fsync left out so 1,000 saves take seconds, not minutes (the bytes
    // written do not depend on it).
    const io: AtomicIo = {
      readFile: nodeAtomicIo.readFile,
      async copyDurable(from, to) {
        await copyFile(from, `${to}.tmp`);
        await rename(`${to}.tmp`, to);
        written.push((await stat(to)).size);
      },
      async writeAtomic(file, data) {
        await writeFile(`${file}.tmp`, data);
        await rename(`${file}.tmp`, file);
        written.push(Buffer.byteLength(data));
      },
    };
    const ws = createWorkspace({ dir, io });
    let doc = await ws.importProcess({ process: createSampleProcess(new Date().toISOString()) });
    for (let n = 1; n <= 1000; n++) {
      mark = written.length;
      doc = await ws.save({
        process: { ...doc, description: `edit ${n}` },
        baseRevision: doc.revision,
        author: { name: n % 3 === 0 ? 'Fiona' : 'Sam', departmentId: n % 3 === 0 ? 'finance' : 'sales' },
        kind: n % 10 === 0 ? 'save' : 'autosave',
      });
      bytes[n] = written.slice(mark).reduce((s, b) => s + b, 0);
    }
    console.log(`history.save.rev1000-vs-rev2: ${(bytes[1000]! / bytes[2]!).toFixed(3)} ratio`);
    console.log(`history.save.bytes.rev1000: ${bytes[1000]} bytes`);

    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const fresh = createWorkspace({ dir });
      const review = createReviewService(fresh);
      await fresh.recovery();
      const t0 = performance.now();
      const listed = await review.historyList(doc.id);
      times.push(performance.now() - t0);
      rows = listed.rows.length;
    }
    console.log(`history.list.1000-revisions: ${median(times).toFixed(1)} ms`);
    console.log(`history.list.1000-revisions.rows: ${rows} rows`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  benchDiff();
  await benchHistory();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
