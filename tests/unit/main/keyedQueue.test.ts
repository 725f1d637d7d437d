import { describe, it, expect } from 'vitest';
import { createKeyedQueue } from '../../../src/main/services/keyedQueue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('keyed queue', () => {
  it('runs jobs on one key in call order, one at a time, even after a failure', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const job = (name: string, fail = false) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue('a', job('1', true)), queue('a', job('2')), queue('a', job('3'))]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('lets different keys run side by side', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
    };
    await Promise.all([queue('a', job('a')), queue('b', job('b'))]);
    expect(events.slice(0, 2)).toEqual(['start a', 'start b']);
  });
});
