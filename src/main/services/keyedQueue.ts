/**
 * Runs jobs one after another per key, in call order, across the whole process: the second job
 * on a key starts when the first settles, whether it succeeded or failed. Keys with nothing
 * waiting are forgotten.
 */
export function createKeyedQueue(): <T>(key: string, job: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, job: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(job, job);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
