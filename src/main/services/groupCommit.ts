/** One item's outcome inside a group: its value, or the error that refuses it alone. */
export type ItemResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit per key: `add(key, item)` resolves when the group holding `item` has been
 * committed. While one commit for a key runs, later items wait and go together in the next one,
 * so N writers cost about as many commits as the write takes to finish, not N.
 *
 * `commit(key, items)` returns one result per item, in order; if it throws, every item of that
 * group is rejected with the error.
 */
export function groupCommit<T, R>(commit: (key: string, items: T[]) => Promise<ItemResult<R>[]>): {
  add(key: string, item: T): Promise<R>;
} {
  interface Waiting {
    item: T;
    resolve: (value: R) => void;
    reject: (error: unknown) => void;
  }
  /** Items waiting for the next commit, per key. */
  const waiting = new Map<string, Waiting[]>();
  /** Keys with a commit under way. */
  const running = new Set<string>();

  async function drain(key: string): Promise<void> {
    running.add(key);
    try {
      for (let group = waiting.get(key); group && group.length > 0; group = waiting.get(key)) {
        waiting.delete(key);
        try {
          const results = await commit(
            key,
            group.map((w) => w.item),
          );
          group.forEach((w, i) => {
            const result = results[i];
            if (!result) w.reject(new Error('The commit returned no result for this item.'));
            else if (result.ok) w.resolve(result.value);
            else w.reject(result.error);
          });
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      running.delete(key);
    }
  }

  return {
    add(key, item) {
      return new Promise<R>((resolve, reject) => {
        const group = waiting.get(key) ?? [];
        group.push({ item, resolve, reject });
        waiting.set(key, group);
        if (!running.has(key)) void drain(key);
      });
    },
  };
}
