import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimResponse } from '../../../src/shared/sim/protocol';
import { loopyPipeline } from '../shared/sim/fixtures';

const WORKER = resolve(__dirname, '../../../src/main/simWorker.ts');

/** Starts src/main/simWorker.ts in a real worker thread, compiled on the fly by tsx. */
function startWorker(): Worker {
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, { eval: true });
}

function collect(worker: Worker, until: (m: SimResponse) => boolean, onMessage?: (m: SimResponse) => void): Promise<SimResponse[]> {
  const messages: SimResponse[] = [];
  return new Promise((done, fail) => {
    worker.on('error', fail);
    worker.on('message', (m: SimResponse) => {
      messages.push(m);
      onMessage?.(m);
      if (until(m)) done(messages);
    });
  });
}

describe('Node simulation worker', () => {
  it('reports progress and a result over worker messages', async () => {
    const worker = startWorker();
    try {
      const pending = collect(worker, (m) => m.type !== 'progress');
      worker.postMessage({ type: 'run', id: 'w1', process: loopyPipeline(), runs: 30_000, seed: 1, chunk: 10_000 });
      const messages = await pending;
      expect(messages.filter((m) => m.type === 'progress')).toHaveLength(3);
      const last = messages.at(-1)!;
      expect(last.type).toBe('result');
      if (last.type === 'result') expect(last.result.runs).toBe(30_000);
    } finally {
      await worker.terminate();
    }
  });

  it('stops when sent a cancel message', async () => {
    const worker = startWorker();
    try {
      const pending = collect(
        worker,
        (m) => m.type !== 'progress',
        (m) => {
          if (m.type === 'progress' && m.done === 10_000) worker.postMessage({ type: 'cancel', id: 'w2' });
        },
      );
      worker.postMessage({ type: 'run', id: 'w2', process: loopyPipeline(), runs: 5_000_000, seed: 1, chunk: 10_000 });
      const last = (await pending).at(-1)!;
      expect(last.type).toBe('cancelled');
      if (last.type === 'cancelled') expect(last.done).toBeLessThan(5_000_000);
    } finally {
      await worker.terminate();
    }
  });
});
