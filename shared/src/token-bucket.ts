/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each admitted item takes one.
 * Used for per-device fix limits (pipeline) and per-connection frame limits (JT/T 808). `ratePerSecond` 0 means
 * unlimited. Time is passed in so tests can drive it without sleeping.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.at = nowMs;
  }

  /** Takes `n` tokens if they are all there (all or nothing); false leaves the bucket as it was. */
  take(nowMs: number, n = 1): boolean {
    if (this.ratePerSecond <= 0) return true;
    if (nowMs > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.at) / 1000) * this.ratePerSecond);
      this.at = nowMs;
    }
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/**
 * Buckets by key, bounded: when `maxKeys` is reached the map is cleared (every key starts with a full burst
 * again). Keys are authenticated units or open connections, so the bound is only a guard against a bug.
 */
export class KeyedBuckets<K> {
  private readonly buckets = new Map<K, TokenBucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: K, nowMs: number, n = 1): boolean {
    if (this.ratePerSecond <= 0) return true;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      b = new TokenBucket(this.ratePerSecond, this.burst, nowMs);
      this.buckets.set(key, b);
    }
    return b.take(nowMs, n);
  }
}
