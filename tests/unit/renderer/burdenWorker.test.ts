import { describe, expect, it } from 'vitest';
import { setProbability } from '../../../src/shared/model/commands';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { runMonteCarloJob, type JobHost } from '../../../src/renderer/src/workers/monteCarloJob';
import type { McResponse } from '../../../src/renderer/src/workers/monteCarloProtocol';

const doc = createSampleProcess('2026-11-27T09:00:00.000Z');

function host(cancelAfter = Infinity): JobHost & { messages: McResponse[] } {
  const messages: McResponse[] = [];
  let turns = 0;
  return {
    messages,
    post: (m) => messages.push(m),
    cancelled: () => turns >= cancelAfter,
    yieldTurn: async () => {
      turns++;
    },
    now: () => 0,
  };
}

describe('runMonteCarloJob', () => {
  it('reports progress in chunks, then percentiles', async () => {
    const h = host();
    await runMonteCarloJob({ type: 'run', id: 7, process: doc, runs: 2_000, seed: 1 }, h, 500);
    const progress = h.messages.filter((m) => m.type === 'progress');
    expect(progress.map((m) => (m.type === 'progress' ? m.done : -1))).toEqual([0, 500, 1000, 1500, 2000]);
    const done = h.messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.id).toBe(7);
    const m = done.summary.minutesPerOpportunity;
    expect(m.p10).toBeLessThanOrEqual(m.p50);
    expect(m.p50).toBeLessThanOrEqual(m.p90);
    expect(m.mean).toBeGreaterThan(0);
  });

  it('gives the same result for the same seed, whatever the chunk size', async () => {
    const a = host();
    const b = host();
    await runMonteCarloJob({ type: 'run', id: 1, process: doc, runs: 3_000, seed: 9 }, a, 1_000);
    await runMonteCarloJob({ type: 'run', id: 2, process: doc, runs: 3_000, seed: 9 }, b, 700);
    const summary = (h: typeof a) => {
      const last = h.messages.at(-1)!;
      return last.type === 'done' ? last.summary.minutesPerOpportunity : null;
    };
    expect(summary(a)).toEqual(summary(b));
  });

  it('stops between chunks when cancelled', async () => {
    const h = host(1);
    await runMonteCarloJob({ type: 'run', id: 3, process: doc, runs: 10_000, seed: 1 }, h, 1_000);
    expect(h.messages.at(-1)).toEqual({ type: 'cancelled', id: 3 });
  });

  it('passes the engine refusal on with located problems', async () => {
    const exit = doc.transitions.find((t) => t.from === 'negotiation')!;
    const h = host();
    await runMonteCarloJob({ type: 'run', id: 4, process: setProbability(doc, exit.id, 0), runs: 100, seed: 1 }, h);
    const last = h.messages.at(-1)!;
    expect(last.type).toBe('refused');
    if (last.type === 'refused') expect(last.problems[0]!.stageId).toBe('negotiation');
  });

  it('applies what-if overrides', async () => {
    const base = host();
    const off = host();
    await runMonteCarloJob({ type: 'run', id: 5, process: doc, runs: 2_000, seed: 1 }, base);
    await runMonteCarloJob({ type: 'run', id: 6, process: doc, runs: 2_000, seed: 1, overrides: { 'lead-source-detail': { enabled: false } } }, off);
    const mean = (h: typeof base) => {
      const last = h.messages.at(-1)!;
      return last.type === 'done' ? last.summary.minutesPerOpportunity.mean : NaN;
    };
    expect(mean(off)).toBeLessThan(mean(base));
  });
});
