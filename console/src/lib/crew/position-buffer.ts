/** One fix as POST /api/positions takes it (deviceId = the unit's code for a browser crew tablet). */
export interface PositionFix {
  deviceId: string;
  time: string;
  lat: number;
  lon: number;
  speedKmh?: number;
  headingDeg?: number;
  accuracyM?: number;
}

/** The part of Storage the buffer needs (localStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const DEFAULT_BUFFER_LIMIT = 5_000;

/** A slice of the buffer being sent. */
export interface Batch {
  fixes: PositionFix[];
  /** Position of the first fix in the buffer's lifetime numbering. */
  start: number;
}

function isFix(value: unknown): value is PositionFix {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.deviceId === 'string' &&
    typeof v.time === 'string' &&
    typeof v.lat === 'number' &&
    typeof v.lon === 'number'
  );
}

/**
 * Fixes not yet accepted by the server, oldest first, kept in memory and mirrored to storage so that a tablet
 * that loses the network (or reloads the page) sends them later. Bounded: past `limit` the oldest are dropped
 * (the newest positions matter most to the dispatcher; the history is a nice-to-have).
 */
export class PositionBuffer {
  private items: PositionFix[] = [];
  /** How many fixes ever left the front (acknowledged or dropped): keeps `acknowledge` right after trimming. */
  private removedFromFront = 0;

  constructor(
    private readonly store: KeyValueStore | null,
    private readonly key = 'c120.crew.unsent',
    private readonly limit = DEFAULT_BUFFER_LIMIT,
  ) {
    this.items = this.read();
  }

  get size(): number {
    return this.items.length;
  }

  push(fix: PositionFix): void {
    this.items.push(fix);
    const excess = this.items.length - this.limit;
    if (excess > 0) {
      this.items.splice(0, excess);
      this.removedFromFront += excess;
    }
    this.write();
  }

  /** The oldest `max` fixes, still buffered until `acknowledge` (pass back the whole batch). */
  peek(max: number): Batch {
    return { fixes: this.items.slice(0, max), start: this.removedFromFront };
  }

  /**
   * Removes a batch taken by `peek` (it was sent), putting `retry` fixes back in front. Fixes pushed meanwhile
   * stay; if the limit trimmed part of the batch meanwhile, only what is left of it is removed.
   */
  acknowledge(batch: Batch, retry: PositionFix[] = []): void {
    const alreadyGone = Math.max(0, this.removedFromFront - batch.start);
    const remove = Math.max(0, Math.min(this.items.length, batch.fixes.length - alreadyGone));
    this.items.splice(0, remove, ...retry);
    this.removedFromFront += remove - retry.length;
    this.write();
  }

  clear(): void {
    this.removedFromFront += this.items.length;
    this.items = [];
    this.write();
  }

  private read(): PositionFix[] {
    try {
      const raw = this.store?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isFix).slice(-this.limit) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    try {
      if (this.items.length === 0) this.store?.removeItem(this.key);
      else this.store?.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // storage full or disabled: the memory copy still holds them for this page
    }
  }
}

/** How the server answered a batch (see `flushOnce`). */
export type BatchResult =
  /** 200: per-item results; `retry` items are kept, the others (accepted, invalid, dropped) are done. */
  | { kind: 'ok'; retryIndexes: number[] }
  /** Network down, 5xx or 503 buffer full: keep everything, try later. */
  | { kind: 'retry' }
  /** 401/403: the device is not allowed; keep the fixes, stop until the user acts. */
  | { kind: 'refused'; message: string }
  /** 400: the batch itself is bad; drop it rather than resend it forever. */
  | { kind: 'bad'; message: string };

export const BATCH_SIZE = 500;

/** Sends the oldest batch once and updates the buffer; returns what happened. */
export async function flushOnce(
  buffer: PositionBuffer,
  send: (batch: PositionFix[]) => Promise<BatchResult>,
): Promise<BatchResult | null> {
  const batch = buffer.peek(BATCH_SIZE);
  if (batch.fixes.length === 0) return null;
  const result = await send(batch.fixes);
  if (result.kind === 'ok') {
    const retry = result.retryIndexes.map((i) => batch.fixes[i]).filter((f): f is PositionFix => f !== undefined);
    buffer.acknowledge(batch, retry);
  } else if (result.kind === 'bad') {
    buffer.acknowledge(batch);
  }
  return result;
}
