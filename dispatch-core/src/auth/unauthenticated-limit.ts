/**
 * Unknown session tokens per source address, fixed windows: past `maxPerWindow` in one window, the address's
 * further unknown tokens are refused (429) before any hashing or database lookup, until the window ends. A token
 * this instance has already seen valid is never refused by it, so signed-in people behind the same address
 * (a control room's NAT) keep working while someone there floods garbage.
 */
export interface UnauthenticatedLimitOptions {
  /** 0 turns the limit off. */
  maxPerWindow: number;
  windowMs: number;
  /** Addresses tracked at once; past it finished windows are forgotten, then all (a scan from very many). */
  maxAddresses: number;
}

interface Window {
  start: number;
  count: number;
}

export class UnauthenticatedLimit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly opts: UnauthenticatedLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may present unknown tokens again; 0 when it may now. */
  blockedFor(address: string): number {
    if (this.opts.maxPerWindow <= 0) return 0;
    const w = this.windows.get(address);
    if (!w || w.count < this.opts.maxPerWindow) return 0;
    const ms = w.start + this.opts.windowMs - this.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts one unknown, expired or malformed token from `address`. */
  note(address: string): void {
    if (this.opts.maxPerWindow <= 0) return;
    const t = this.now();
    let w = this.windows.get(address);
    if (!w || w.start + this.opts.windowMs <= t) {
      if (!w && this.windows.size >= this.opts.maxAddresses) {
        for (const [a, x] of this.windows) if (x.start + this.opts.windowMs <= t) this.windows.delete(a);
        if (this.windows.size >= this.opts.maxAddresses) this.windows.clear();
      }
      w = { start: t, count: 0 };
      this.windows.set(address, w);
    }
    w.count++;
  }
}
