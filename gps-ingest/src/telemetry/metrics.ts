/**
 * Counters and gauges for the whole ingest (pipeline, writer, transports). Names follow Prometheus habits
 * (`*_total` counters, labels in braces) so `prometheus()` can be served as-is on a /metrics route.
 */
export type Labels = Readonly<Record<string, string>>;

export type MetricsSnapshot = Record<string, number>;

export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();

  inc(name: string, labels?: Labels, by = 1): void {
    const key = metricKey(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  /** A value read when the snapshot is taken (buffer size, open sessions). */
  gauge(name: string, read: () => number, labels?: Labels): void {
    this.gauges.set(metricKey(name, labels), read);
  }

  get(name: string, labels?: Labels): number {
    const key = metricKey(name, labels);
    const g = this.gauges.get(key);
    return g ? g() : (this.counters.get(key) ?? 0);
  }

  snapshot(): MetricsSnapshot {
    const out: MetricsSnapshot = {};
    for (const [k, v] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) out[k] = v;
    for (const [k, read] of [...this.gauges].sort(([a], [b]) => a.localeCompare(b))) out[k] = read();
    return out;
  }

  /** Prometheus text exposition format. */
  prometheus(): string {
    return (
      Object.entries(this.snapshot())
        .map(([k, v]) => `${k} ${v}`)
        .join('\n') + '\n'
    );
  }
}

function metricKey(name: string, labels?: Labels): string {
  if (!labels) return name;
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}
