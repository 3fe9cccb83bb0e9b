/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one username from one address within
 * `windowMs`, that pair is refused (429) until the window passes; one address failing across many usernames is
 * limited too (`maxFailuresPerAddress`). In memory, per core instance: enough against guessing through one
 * instance; a multi-instance deployment multiplies the allowance by the instance count.
 */
export interface LoginThrottleOptions {
  windowMs: number;
  maxFailures: number;
  maxFailuresPerAddress: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  windowMs: 15 * 60_000,
  maxFailures: 5,
  maxFailuresPerAddress: 50,
  maxKeys: 100_000,
};

interface Window {
  count: number;
  resetAt: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Window>();

  constructor(
    private readonly opts: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    const pair = this.live(pairKey(username, address), t);
    const addr = this.live(addrKey(address), t);
    const blocked = [
      pair && pair.count >= this.opts.maxFailures ? pair.resetAt : 0,
      addr && addr.count >= this.opts.maxFailuresPerAddress ? addr.resetAt : 0,
    ];
    const until = Math.max(...blocked);
    return until > t ? Math.ceil((until - t) / 1000) : 0;
  }

  fail(username: string, address: string): void {
    const t = this.now();
    if (this.failures.size >= this.opts.maxKeys) this.sweep(t);
    for (const key of [pairKey(username, address), addrKey(address)]) {
      const w = this.live(key, t);
      if (w) w.count++;
      else this.failures.set(key, { count: 1, resetAt: t + this.opts.windowMs });
    }
  }

  /** A successful sign-in clears the pair (not the address: one good account does not excuse many bad tries). */
  succeed(username: string, address: string): void {
    this.failures.delete(pairKey(username, address));
  }

  private live(key: string, t: number): Window | null {
    const w = this.failures.get(key);
    if (!w) return null;
    if (w.resetAt <= t) {
      this.failures.delete(key);
      return null;
    }
    return w;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.failures) if (w.resetAt <= t) this.failures.delete(k);
    if (this.failures.size >= this.opts.maxKeys) this.failures.clear();
  }
}

const pairKey = (username: string, address: string) => `u\u0000${username.toLowerCase()}\u0000${address}`;
const addrKey = (address: string) => `a\u0000${address}`;
