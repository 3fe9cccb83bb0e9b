import { flushOnce, PositionBuffer, type PositionFix } from '../crew/position-buffer.ts';
import { fixFromGeolocation } from '../crew/geolocation.ts';
import { postPositions } from '../services/positions.ts';

export type GeoProblem = 'unavailable' | 'insecure' | 'denied' | 'error';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * Position sharing of a crew tablet: `navigator.geolocation.watchPosition` → an in-memory + localStorage buffer
 * → JSON batches to POST /api/positions every few seconds. While the network (or the server) is away the fixes
 * stay buffered, the count of unsent fixes is shown, and they are flushed when the connection returns.
 */
export class CrewTracker {
  sharing = $state(false);
  unsent = $state(0);
  problem = $state<GeoProblem | null>(null);
  /** The server refused the device (401/403): sending is paused until sharing is restarted. */
  refused = $state<string | null>(null);
  lastFix = $state<{ time: string; accuracyM: number | null } | null>(null);

  readonly #buffer = new PositionBuffer(storage());
  #watchId: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #retry: ReturnType<typeof setInterval> | null = null;
  #flushing = false;
  #deviceId: string;

  constructor(deviceId: string) {
    this.#deviceId = deviceId;
    this.unsent = this.#buffer.size;
  }

  start(): void {
    this.refused = null;
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      this.problem = 'unavailable';
      return;
    }
    if (!globalThis.isSecureContext) {
      this.problem = 'insecure';
      return;
    }
    this.problem = null;
    this.#watchId = navigator.geolocation.watchPosition(
      (pos) => this.#onFix(pos),
      (err) => {
        this.problem = err.code === err.PERMISSION_DENIED ? 'denied' : 'error';
        if (err.code === err.PERMISSION_DENIED) this.stop();
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
    );
    this.sharing = true;
    window.addEventListener('online', this.#onOnline);
    this.#retry = setInterval(() => void this.flush(), 15_000);
    void this.flush();
  }

  stop(): void {
    if (this.#watchId !== null) navigator.geolocation.clearWatch(this.#watchId);
    this.#watchId = null;
    this.sharing = false;
    window.removeEventListener('online', this.#onOnline);
    if (this.#retry) clearInterval(this.#retry);
    this.#retry = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    void this.flush();
  }

  /** Adds a fix from another source (tests, manual entry) exactly like a geolocation fix. */
  record(fix: PositionFix): void {
    this.#buffer.push(fix);
    this.unsent = this.#buffer.size;
    this.lastFix = { time: fix.time, accuracyM: fix.accuracyM ?? null };
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, 3_000);
  }

  /** Sends buffered fixes in batches until the buffer is empty or the server/network says "later". */
  async flush(): Promise<void> {
    if (this.#flushing || this.refused) return;
    this.#flushing = true;
    try {
      for (let i = 0; i < 20 && this.#buffer.size > 0; i++) {
        const result = await flushOnce(this.#buffer, postPositions);
        this.unsent = this.#buffer.size;
        if (!result || result.kind === 'retry') break;
        if (result.kind === 'refused') {
          this.refused = result.message;
          break;
        }
        if (result.kind === 'ok' && result.retryIndexes.length > 0) break;
      }
    } finally {
      this.#flushing = false;
    }
  }

  #onFix(pos: GeolocationPosition): void {
    this.record(fixFromGeolocation(this.#deviceId, pos));
  }

  #onOnline = () => void this.flush();
}
