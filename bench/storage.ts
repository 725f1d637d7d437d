/**
 * Storage benchmark: save and load of a 300-stage, 3,000-field process through the workspace
 * (lowdb + backup + atomic write with fsync), and the same save through the API (+ input parsing). Run with `npx tsx bench/storage.ts`.
 * Prints `name: value unit` lines (median of RUNS); no assertions on time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApi } from '../src/main/api/handlers';
import { createWorkspace } from '../src/main/services/workspace';
import { createGeneratedProcess } from '../src/shared/model/generate';

const RUNS = 21;
const STAGES = 300;
const FIELDS = 3000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-bench-'));
  try {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: '', departmentId: 'sales' } }));
    const ws = createWorkspace({ dir });
    const doc = createGeneratedProcess({ stages: STAGES, fields: FIELDS, seed: 1 });
    let current = await ws.importProcess({ process: doc });
    const saves: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      current = await ws.save({ process: { ...current, description: `run ${i}` }, baseRevision: current.revision });
      saves.push(performance.now() - t0);
      const t1 = performance.now();
      await ws.open(current.id);
      loads.push(performance.now() - t1);
    }
    // The same save through the API, which also parses the input with the contract.
    const { dispatch } = createApi(ws, { transport: 'ipc' });
    const apiSaves: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const result = await dispatch('process:save', { process: current, baseRevision: current.revision });
      apiSaves.push(performance.now() - t0);
      if (!result.ok) throw new Error(result.error.message);
      current = result.value;
    }
    const bytes = Buffer.byteLength(JSON.stringify(current, null, 2));
    console.log(`storage.document.300x3000: ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
    console.log(`storage.save.300x3000: ${median(saves).toFixed(1)} ms`);
    console.log(`storage.load.300x3000: ${median(loads).toFixed(1)} ms`);
    console.log(`api.save.300x3000: ${median(apiSaves).toFixed(1)} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
