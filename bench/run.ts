/**
 * `npm run bench`: runs every benchmark in turn and prints `name: value unit` lines.
 * Each benchmark is its own process so one's memory and JIT state do not skew the next.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['storage.ts', 'sim.ts', 'engine.ts', 'canvas.ts', 'register.ts', 'io.ts', 'review.ts', 'hostMemory.ts', 'workshop.ts'];
let failed = 0;
for (const bench of benches) {
  const file = join(__dirname, bench);
  if (!existsSync(file)) continue;
  console.log(`# ${bench}`);
  const result = spawnSync(process.execPath, [join(__dirname, '../node_modules/tsx/dist/cli.mjs'), file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
