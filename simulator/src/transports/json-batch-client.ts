/**
 * The JSON batch transport (`POST /api/positions`, `{positions:[{deviceId, time, lat, lon, speedKmh,
 * headingDeg, …}]}`): every fix reported during one simulator tick goes out in one request (split at the
 * server's item limit). For load: thousands of synthetic units cost a handful of requests per second. One
 * request in flight at a time; fixes arriving meanwhile wait for the next flush; a refused or failed request
 * is put back at the head of the queue (bounded, oldest dropped).
 */
import type { DeviceFix, TransportStats } from './types.ts';

export interface JsonPositionItem {
  deviceId: string;
  time: string;
  lat: number;
  lon: number;
  speedKmh: number;
  headingDeg: number;
  altitudeM: number;
  accuracyM: number;
  batteryPct: number;
}

export interface JsonBatchClientOptions {
  /** Core base URL, e.g. http://127.0.0.1:8120 */
  coreUrl: string;
  log: (line: string) => void;
  /** Items per request; the server refuses more than its limit (default 5000). */
  maxPerRequest?: number;
  /** Queue bound while core is unreachable. */
  maxQueued?: number;
  /** `Authorization: Bearer …` if the json credentials carry secrets. */
  secret?: string | null;
}

interface BatchResult {
  accepted?: number;
  results?: { index: number; status: string; reason?: string }[];
}

export class JsonBatchClient {
  private queue: JsonPositionItem[] = [];
  private inFlight: Promise<void> | null = null;
  private complainedAt = 0;
  readonly stats: TransportStats = { sent: 0, acked: 0, refused: 0 };

  constructor(private readonly o: JsonBatchClientOptions) {}

  report(deviceId: string, fix: DeviceFix): void {
    this.queue.push({
      deviceId,
      time: fix.time.toISOString(),
      lat: Math.round(fix.lat * 1e6) / 1e6,
      lon: Math.round(fix.lon * 1e6) / 1e6,
      speedKmh: Math.round(fix.speedKmh * 10) / 10,
      headingDeg: Math.round(fix.headingDeg) % 360,
      altitudeM: Math.round(fix.altitudeM),
      accuracyM: Math.round(fix.accuracyM * 10) / 10,
      batteryPct: Math.round(fix.batteryPct),
    });
    const max = this.o.maxQueued ?? 200_000;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
  }

  /** Called by the simulator tick: sends what is queued unless a request is still out. */
  flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.o.maxPerRequest ?? 5000);
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = null;
    });
  }

  async stop(): Promise<void> {
    await this.inFlight;
    this.flush(); // the last tick's fixes
    await this.inFlight;
  }

  private async send(batch: JsonPositionItem[]): Promise<void> {
    this.stats.sent += batch.length;
    let status = 0;
    let body: BatchResult = {};
    try {
      const res = await fetch(`${this.o.coreUrl}/api/positions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.o.secret ? { authorization: `Bearer ${this.o.secret}` } : {}),
        },
        body: JSON.stringify({ positions: batch }),
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      body = (await res.json().catch(() => ({}))) as BatchResult;
    } catch {
      status = 0;
    }
    if (status === 200) {
      const results = body.results ?? [];
      const retry = results.filter((r) => r.status === 'retry').map((r) => batch[r.index]);
      const refused = results.filter((r) => r.status === 'rejected' || r.status === 'invalid');
      this.stats.acked += batch.length - retry.length - refused.length;
      this.stats.refused += refused.length;
      if (retry.length) this.queue.unshift(...retry.filter((x): x is JsonPositionItem => x !== undefined));
      if (refused.length) this.complain(`${refused.length} positions refused (${refused[0]?.reason ?? '?'})`);
      return;
    }
    this.stats.refused += batch.length;
    if (status >= 400 && status < 500) {
      this.complain(`POST /api/positions answered ${status}; ${batch.length} positions dropped`);
      return;
    }
    this.queue.unshift(...batch); // 503 or unreachable: resend
    this.complain(`POST /api/positions ${status ? `answered ${status}` : 'unreachable'}; will resend`);
  }

  private complain(line: string): void {
    const now = Date.now();
    if (now - this.complainedAt < 30_000) return;
    this.complainedAt = now;
    this.o.log(line);
  }
}
