/**
 * Traccar Client / OsmAnd over HTTP, as the phone app sends it: `GET /?id=…&lat=…&lon=…&timestamp=<epoch s>&
 * speed=<knots>&bearing=…&altitude=…&accuracy=…&batt=…`. Like the app, each device keeps unsent fixes in a
 * small queue (oldest dropped past the bound) and sends them one at a time, oldest first, resending after a
 * network error, a 503 or a 429 (too many refused attempts from this address) at its next report.
 */
import type { DeviceFix, TransportStats } from './types.ts';

const QUEUE_MAX = 100;
const KNOTS_PER_KMH = 1 / 1.852;

interface DeviceQueue {
  fixes: DeviceFix[];
  sending: boolean;
  complained: boolean;
}

/** The URL query Traccar Client sends; `token` is the device's secret (Traccar Client puts it in the URL too). */
export function osmAndQuery(deviceId: string, fix: DeviceFix, token?: string): string {
  const q = new URLSearchParams({
    id: deviceId,
    ...(token ? { token } : {}),
    lat: fix.lat.toFixed(6),
    lon: fix.lon.toFixed(6),
    timestamp: String(Math.floor(fix.time.getTime() / 1000)),
    speed: (fix.speedKmh * KNOTS_PER_KMH).toFixed(2),
    bearing: fix.headingDeg.toFixed(1),
    altitude: fix.altitudeM.toFixed(0),
    accuracy: fix.accuracyM.toFixed(1),
    batt: fix.batteryPct.toFixed(0),
  });
  return q.toString();
}

export class OsmAndClient {
  private readonly queues = new Map<string, DeviceQueue>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  readonly stats: TransportStats = { sent: 0, acked: 0, refused: 0 };

  constructor(
    /** e.g. http://127.0.0.1:5055 */
    private readonly baseUrl: string,
    private readonly log: (line: string) => void,
    private readonly label: (deviceId: string) => string = (id) => id,
    /** Each device's token (the server refuses a Traccar Client without one); the demo fleet's are demo tokens. */
    private readonly tokenOf: (deviceId: string) => string | undefined = () => undefined,
  ) {}

  report(deviceId: string, fix: DeviceFix): void {
    if (this.stopped) return;
    let q = this.queues.get(deviceId);
    if (!q) {
      q = { fixes: [], sending: false, complained: false };
      this.queues.set(deviceId, q);
    }
    q.fixes.push(fix);
    if (q.fixes.length > QUEUE_MAX) q.fixes.shift();
    if (!q.sending) this.track(this.drain(deviceId, q));
  }

  /** Waits for requests in flight (used by stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async drain(deviceId: string, q: DeviceQueue): Promise<void> {
    q.sending = true;
    try {
      while (q.fixes.length > 0 && !this.stopped) {
        const fix = q.fixes[0] as DeviceFix;
        this.stats.sent++;
        let status: number;
        try {
          const res = await fetch(`${this.baseUrl}/?${osmAndQuery(deviceId, fix, this.tokenOf(deviceId))}`, {
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          await res.arrayBuffer(); // free the connection for keep-alive
        } catch {
          status = 0;
        }
        if (status === 200) {
          this.stats.acked++;
          q.fixes.shift();
          q.complained = false;
          continue;
        }
        this.stats.refused++;
        if (status >= 400 && status < 500 && status !== 429) {
          // 400 undecodable, 401/403 unknown device or secret: resending will not help.
          q.fixes.shift();
          if (!q.complained) this.log(`${this.label(deviceId)}: OsmAnd server answered ${status}; fix dropped`);
          q.complained = true;
          continue;
        }
        if (!q.complained) {
          this.log(
            `${this.label(deviceId)}: OsmAnd server ${status ? `answered ${status}` : 'unreachable'}; will resend`,
          );
        }
        q.complained = true;
        return; // keep the queue; the next report tries again
      }
    } finally {
      q.sending = false;
    }
  }
}
