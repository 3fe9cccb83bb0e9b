import type { App } from '../app-types.ts';

/**
 * Counts refused and failed HTTP answers by status (`http_responses_total{status="429"}` …), so hostile or
 * broken clients show up in `/metrics` next to the ingest counters. Successful answers are not counted here.
 */
export class HttpMetrics {
  private readonly byStatus = new Map<number, number>();
  /** WebSocket clients closed for flooding the server with messages. */
  wsFloodDisconnects = 0;

  record(status: number): void {
    if (status >= 400) this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  count(status: number): number {
    return this.byStatus.get(status) ?? 0;
  }

  prometheus(): string {
    return (
      [...this.byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `http_responses_total{status="${status}"} ${n}\n`)
        .join('') + `ws_flood_disconnects_total ${this.wsFloodDisconnects}\n`
    );
  }
}

export function registerHttpMetrics(app: App): HttpMetrics {
  const metrics = new HttpMetrics();
  app.decorate('httpMetrics', metrics);
  app.addHook('onResponse', async (_req, reply) => metrics.record(reply.statusCode));
  return metrics;
}
