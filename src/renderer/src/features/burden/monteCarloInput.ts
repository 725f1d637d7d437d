/** What the Monte Carlo form offers and accepts. */

/** Run sizes offered for the Monte Carlo run. */
export const RUN_SIZES: readonly number[] = [10_000, 100_000, 500_000, 1_000_000];


/** Parses the seed input: a whole number from 0 to 2^32 − 1, else an error message. */
export function parseSeed(raw: string): { ok: true; seed: number } | { ok: false; message: string } {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'The seed must be a whole number, like 1.' };
  const seed = Number(trimmed);
  if (seed > 4294967295) return { ok: false, message: 'The seed must be at most 4294967295.' };
  return { ok: true, seed };
}
