/**
 * Token buckets for the workshop's per-participant rate limits (shared/live/README.md, "Network"):
 * each caller may make `ratePerSecond` calls on average and `burst` at once. The clock comes in as
 * an argument so tests can pin it.
 */

/** A workshop participant's share of the API: 20 calls a second, 40 at once. */
export const API_RATE = { ratePerSecond: 20, burst: 40 } as const;
/** A workshop participant's share of WebSocket messages (sync and awareness), all their connections together. */
export const LIVE_MESSAGE_RATE = { ratePerSecond: 60, burst: 120 } as const;

export interface RateOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Most tokens held at once (the largest burst allowed after a quiet spell). */
  burst: number;
  /** Milliseconds clock; default `performance.now`-like monotonic time. */
  now?: () => number;
}

const monotonic = () => performance.now();

/** One bucket: starts full; `take()` spends a token when there is one. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(options: RateOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) throw new RangeError('a token bucket needs a positive rate and a burst of at least 1');
    this.rate = options.ratePerSecond;
    this.burst = options.burst;
    this.now = options.now ?? monotonic;
    this.tokens = options.burst;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
  }

  /** Spends `cost` tokens and returns true, or returns false (and spends nothing) when too few are left. */
  take(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Milliseconds until `cost` tokens are available (0 when they are now); for `Retry-After`. */
  waitMs(cost = 1): number {
    this.refill();
    return this.tokens >= cost ? 0 : Math.ceil(((cost - this.tokens) / this.rate) * 1000);
  }

  /** True when the bucket is full again (nothing to remember about its caller). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }
}

/**
 * One bucket per key (a workshop session). Buckets that have refilled are forgotten when the map
 * grows past `maxKeys`, so memory stays bounded however many sessions come and go.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly options: RateOptions,
    private readonly maxKeys = 10_000,
  ) {}

  /** Spends a token of `key`'s bucket; false when the key is over its rate. */
  take(key: string, cost = 1): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune();
      bucket = new TokenBucket(this.options);
      this.buckets.set(key, bucket);
    }
    return bucket.take(cost);
  }

  /** Milliseconds until `key` may call again. */
  waitMs(key: string, cost = 1): number {
    return this.buckets.get(key)?.waitMs(cost) ?? 0;
  }

  /** Forgets `key` (its session ended). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full) this.buckets.delete(key);
    // Everyone is mid-burst: drop the oldest, which at worst gives one caller a fresh burst.
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
