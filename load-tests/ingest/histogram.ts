/**
 * Latency histogram with 1 ms buckets up to `maxMs` (larger values land in the last bucket): millions of
 * samples cost a fixed array, and histograms from several processes add up.
 */
export class Histogram {
  readonly counts: number[];

  constructor(readonly maxMs = 60_000) {
    this.counts = new Array<number>(maxMs + 1).fill(0);
  }

  add(ms: number, times = 1): void {
    const i = ms <= 0 ? 0 : ms >= this.maxMs ? this.maxMs : Math.round(ms);
    this.counts[i]! += times;
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  /** The smallest bucket (ms) with at least q of the samples at or below it; NaN when empty. */
  quantile(q: number): number {
    const total = this.total;
    if (total === 0) return NaN;
    const want = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= want) return i;
    }
    return this.maxMs;
  }

  /** Sparse form for IPC: [ms, count] pairs. */
  toPairs(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((c, i) => c > 0 && out.push([i, c]));
    return out;
  }

  static fromPairs(pairs: readonly [number, number][], maxMs = 60_000): Histogram {
    const h = new Histogram(maxMs);
    for (const [ms, c] of pairs) h.add(ms, c);
    return h;
  }
}
