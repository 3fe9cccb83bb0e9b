/**
 * Refused device attempts per source address: an unknown device, a wrong or missing token, a JT/T 808
 * registration of an unregistered phone or a wrong auth code. Past `maxRefusals` in one window the address is
 * refused outright until the window ends — OsmAnd HTTP answers 429, JT/T 808 closes the connection — so
 * guessing tokens or flooding with made-up ids costs the attacker, not the database. Only refusals count: a
 * working device never uses up the budget, even behind a carrier NAT shared with a broken one, unless the
 * broken ones together exceed the (generous) limit; then the whole address waits at most one window.
 */
export interface RefusalLimitConfig {
  /** Refusals one address may cause per window before it is blocked; 0 turns the limit off. */
  maxRefusals: number;
  windowMs: number;
  /** Addresses tracked at once; past it, finished windows are forgotten, then (a scan from many) all. */
  maxAddresses: number;
}

export const DEFAULT_REFUSAL_LIMIT: RefusalLimitConfig = {
  // A misconfigured Traccar Client retries about every 5–30 s: 120/min lets ten of them share one NAT address.
  maxRefusals: 120,
  windowMs: 60_000,
  maxAddresses: 100_000,
};

interface Window {
  start: number;
  count: number;
}

/** Fixed windows per address; one shared by the transports (an address refused on one port is refused on all). */
export class RefusalLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: RefusalLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it is not blocked. */
  blockedFor(address: string | undefined): number {
    if (!address || this.config.maxRefusals <= 0) return 0;
    const w = this.windows.get(address);
    if (!w || w.count < this.config.maxRefusals) return 0;
    return Math.max(0, w.start + this.config.windowMs - this.now());
  }

  /** Counts one refusal; true when the address has now reached its limit (the caller stops serving it). */
  note(address: string | undefined): boolean {
    if (!address || this.config.maxRefusals <= 0) return false;
    const t = this.now();
    let w = this.windows.get(address);
    if (!w || w.start + this.config.windowMs <= t) {
      if (!w && this.windows.size >= this.config.maxAddresses) this.evict(t);
      w = { start: t, count: 0 };
      this.windows.set(address, w);
    }
    w.count++;
    return w.count >= this.config.maxRefusals;
  }

  /** Addresses blocked right now (a gauge for /metrics). */
  blockedAddresses(): number {
    if (this.config.maxRefusals <= 0) return 0;
    const t = this.now();
    let n = 0;
    for (const w of this.windows.values()) {
      if (w.count >= this.config.maxRefusals && w.start + this.config.windowMs > t) n++;
    }
    return n;
  }

  private evict(t: number): void {
    for (const [a, w] of this.windows) if (w.start + this.config.windowMs <= t) this.windows.delete(a);
    if (this.windows.size >= this.config.maxAddresses) this.windows.clear();
  }
}
