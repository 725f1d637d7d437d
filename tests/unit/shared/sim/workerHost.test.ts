import { describe, expect, it } from 'vitest';
import { createSimHost } from '../../../../src/shared/sim/workerHost';
import { runMonteCarlo } from '../../../../src/shared/sim/monteCarlo';
import type { SimResponse } from '../../../../src/shared/sim/protocol';
import { loopyPipeline, makeProcess } from './fixtures';

/** A host whose scheduled callbacks run only when the test says so. */
function manualHost() {
  const sent: SimResponse[] = [];
  const queue: Array<() => void> = [];
  const handle = createSimHost(
    (m) => sent.push(m),
    (next) => queue.push(next),
  );
  const drain = (): void => {
    while (queue.length > 0) queue.shift()!();
  };
  return { sent, queue, handle, drain };
}

describe('simulation worker host', () => {
  it('posts progress per chunk, then the same result as a direct run', () => {
    const h = manualHost();
    h.handle({ type: 'run', id: 'r1', process: loopyPipeline(), runs: 1_000, seed: 4, chunk: 400 });
    h.drain();
    expect(h.sent.filter((m) => m.type === 'progress').map((m) => (m.type === 'progress' ? m.done : 0))).toEqual([400, 800, 1_000]);
    const last = h.sent.at(-1)!;
    expect(last.type).toBe('result');
    const direct = runMonteCarlo(loopyPipeline(), { runs: 1_000, seed: 4 });
    if (last.type === 'result') expect({ ok: true, ...last.result }).toEqual(direct);
  });

  it('stops a run between chunks when cancelled', () => {
    const h = manualHost();
    h.handle({ type: 'run', id: 'r1', process: loopyPipeline(), runs: 1_000, seed: 4, chunk: 100 });
    h.queue.shift()!();
    h.handle({ type: 'cancel', id: 'r1' });
    h.drain();
    expect(h.sent.at(-1)).toEqual({ type: 'cancelled', id: 'r1', done: 100 });
    expect(h.sent.some((m) => m.type === 'result')).toBe(false);
  });

  it('answers an invalid process with an error carrying located problems', () => {
    const h = manualHost();
    const bad = makeProcess([{ id: 'start', kind: 'start' }, { id: 'won', kind: 'won' }], [['start', 'won', 0.5]]);
    h.handle({ type: 'run', id: 'r2', process: bad, runs: 10, seed: 1 });
    const [message] = h.sent;
    expect(message?.type).toBe('error');
    if (message?.type === 'error') expect(message.problems?.[0]).toMatchObject({ code: 'probability-sum', stageId: 'start' });
  });

  it('applies what-if overrides sent with the run', () => {
    const process = loopyPipeline();
    const field = process.stages.flatMap((stage) => stage.fields).find((candidate) => candidate.secondsToComplete > 0);
    if (!field) throw new Error('fixture has no field with a cost');
    const result = (overrides?: Record<string, { enabled: boolean }>) => {
      const h = manualHost();
      h.handle({ type: 'run', id: 'w', process, runs: 2_000, seed: 9, ...(overrides ? { overrides } : {}) });
      h.drain();
      const last = h.sent.at(-1);
      if (last?.type !== 'result') throw new Error(`no result: ${JSON.stringify(last)}`);
      return last.result.minutesPerOpportunity.mean;
    };
    expect(result({ [field.id]: { enabled: false } })).toBeLessThan(result());
  });
});
