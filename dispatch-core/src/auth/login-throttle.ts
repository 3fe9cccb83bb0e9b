/**
 * Slows password guessing per username, with exponential back-off: the first `freeFailures` failed sign-ins of
 * a username cost nothing, then each further failure locks it for `baseLockMs` × 2^(n − freeFailures), at most
 * `maxLockMs`; a success (or `resetAfterMs` without failures) forgets them. While locked, attempts are refused
 * (429) before any password is checked.
 *
 * Nothing is keyed on the address alone: a control room or a carrier NAT puts many people behind one address,
 * and one account's failures there must never block another account's correct password. So that an attacker
 * elsewhere cannot lock a dispatcher out by failing on purpose, an address from which the username signed in
 * successfully within `knownForMs` counts its own failures separately and is not held by the username-wide lock.
 * In memory, per core instance: a multi-instance deployment multiplies the allowance by the instance count.
 */
export interface LoginThrottleOptions {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Strikes are forgotten this long after the last failure (and once any lock has ended). */
  resetAfterMs: number;
  /** An address with a successful sign-in of the username is "known" to it this long. */
  knownForMs: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: 60 * 60_000,
  knownForMs: 30 * 24 * 3600_000,
  maxKeys: 100_000,
};

interface Strikes {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

export class LoginThrottle {
  private readonly strikes = new Map<string, Strikes>();
  /** `name\0address` → time of the last successful sign-in of that username from that address. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly opts: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    const s = this.live(this.keyFor(username, address, t), t);
    return s && s.lockedUntil > t ? Math.ceil((s.lockedUntil - t) / 1000) : 0;
  }

  fail(username: string, address: string): void {
    const t = this.now();
    if (this.strikes.size >= this.opts.maxKeys) this.sweep(t);
    const key = this.keyFor(username, address, t);
    let s = this.live(key, t);
    if (!s) {
      s = { failures: 0, lockedUntil: 0, lastAt: t };
      this.strikes.set(key, s);
    }
    s.failures++;
    s.lastAt = t;
    const over = s.failures - this.opts.freeFailures;
    if (over >= 0) s.lockedUntil = t + Math.min(this.opts.maxLockMs, this.opts.baseLockMs * 2 ** Math.min(over, 30));
  }

  /**
   * A successful sign-in forgets the strikes it was subject to and makes the address known to the username.
   * A success from a known address leaves the username-wide strikes alone (those are someone else's guesses).
   */
  succeed(username: string, address: string): void {
    const t = this.now();
    this.strikes.delete(this.keyFor(username, address, t));
    if (this.known.size >= this.opts.maxKeys) this.known.clear();
    this.known.set(knownKey(username, address), t);
  }

  private keyFor(username: string, address: string, t: number): string {
    const at = this.known.get(knownKey(username, address));
    return at !== undefined && t - at < this.opts.knownForMs
      ? `p\u0000${knownKey(username, address)}`
      : `u\u0000${username.toLowerCase()}`;
  }

  private live(key: string, t: number): Strikes | null {
    const s = this.strikes.get(key);
    if (!s) return null;
    if (s.lockedUntil <= t && t - s.lastAt >= this.opts.resetAfterMs) {
      this.strikes.delete(key);
      return null;
    }
    return s;
  }

  private sweep(t: number): void {
    for (const k of [...this.strikes.keys()]) this.live(k, t);
    if (this.strikes.size >= this.opts.maxKeys) this.strikes.clear();
  }
}

const knownKey = (username: string, address: string) => `${username.toLowerCase()}\u0000${address}`;
