import type { Database } from '@c120/db';
import type {
  CoverageFrame,
  EventFrame,
  HiddenFrame,
  PositionTuple,
  PositionsFrame,
  ServerFrame,
} from '../events/index.ts';
import { headSeq, readEventsAfter } from '../repositories/events.ts';

/** What the hub needs of a connection (a `ws` WebSocket in production, anything in tests). */
export interface HubClient {
  send(data: string): void;
  /**
   * Sends a text frame whose UTF-8 bytes are shared by every subscriber (a position tick): encoded once per tick,
   * not once per socket. Optional; without it the hub calls `send` with the string.
   */
  sendShared?(utf8: Buffer): void;
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

/** What one subscriber may see (crew accounts); absent: everything. */
export interface SubscriberScope {
  /** Events it may receive; others arrive as `sys.hidden` with their seq. null: all. */
  events: ((e: EventFrame) => boolean) | null;
  /** Only this unit's positions. null: all units. */
  unitId: number | null;
}

interface Subscriber {
  client: HubClient;
  positions: boolean;
  /** Receive `sys.coverage` frames. */
  coverage: boolean;
  scope: SubscriberScope | null;
  /** Last event seq sent to this client; null until its replay is done. */
  lastSeq: number | null;
}

export interface HubOptions {
  positionTickMs: number;
  /** A client further behind than this must reload the state instead of replaying. */
  maxReplay?: number;
  /** A client with more than this many bytes unsent is too slow: it is closed and will resubscribe. */
  maxBufferedBytes?: number;
  /** Skip position ticks (latest wins anyway) for a client with more than this unsent. */
  maxBufferedBytesForPositions?: number;
  onError?: (err: unknown) => void;
}

export const EVENTS_CHANNEL = 'c120_events';
/** After a failed read (database away), the pump tries again this soon. */
const PUMP_RETRY_MS = 1_000;

/**
 * Fans events and position ticks out to WebSocket subscribers.
 * - Events come from the `events` table, never from memory: a pump reads everything after its cursor and sends
 *   it in seq order. It runs when this instance commits (`poke`) and when PostgreSQL NOTIFY says another
 *   instance did. Subscribing (replay from a client's seq) runs on the same serial queue as the pump, so a client
 *   switches from replay to live with no gap and no duplicate.
 * - Positions are coalesced: the latest tuple per unit, one frame per tick, serialised once for all.
 */
export class RealtimeHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly byClient = new Map<HubClient, Subscriber>();
  private cursor = 0;
  private queue: Promise<void> = Promise.resolve();
  private pumpQueued = false;
  private latest = new Map<number, PositionTuple>();
  private tickTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly opts: Required<HubOptions>;
  private readonly eventListeners: ((batch: readonly EventFrame[]) => void)[] = [];
  /** The last coverage frame, serialised; a client asking for coverage gets it right after its sync. */
  private coverageFrame: string | null = null;

  constructor(
    private readonly db: Database,
    options: HubOptions,
  ) {
    this.opts = {
      maxReplay: 10_000,
      maxBufferedBytes: 8 * 1024 * 1024,
      maxBufferedBytesForPositions: 1024 * 1024,
      onError: () => {},
      ...options,
    };
  }

  async start(): Promise<void> {
    this.cursor = await headSeq(this.db);
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, () => this.poke());
    this.tickTimer = setInterval(() => this.flushPositions(), this.opts.positionTickMs);
    this.tickTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    await this.unlisten?.();
    this.unlisten = null;
    await this.queue;
  }

  get headSeq(): number {
    return this.cursor;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** New events were committed: send them. Calls made while a pump is queued fold into it. */
  poke(): Promise<void> {
    if (this.pumpQueued) return this.queue;
    this.pumpQueued = true;
    return this.enqueue(async () => {
      this.pumpQueued = false;
      try {
        await this.pump();
      } catch (err) {
        // The database is away: nothing is lost (events stay in the table), try again shortly.
        this.retryLater();
        throw err;
      }
    });
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.poke();
    }, PUMP_RETRY_MS);
    this.retryTimer.unref();
  }

  /** Subscribes a client, replaying events after `afterSeq` first (absent: from now on). */
  subscribe(
    client: HubClient,
    afterSeq: number | undefined,
    positions: boolean,
    opts: { scope?: SubscriberScope | null; coverage?: boolean } = {},
  ): Promise<void> {
    this.unsubscribe(client);
    const sub: Subscriber = {
      client,
      positions,
      coverage: opts.coverage ?? false,
      scope: opts.scope ?? null,
      lastSeq: null,
    };
    this.subscribers.add(sub);
    this.byClient.set(client, sub);
    return this.enqueue(async () => {
      if (!this.subscribers.has(sub)) return;
      try {
        await this.replay(sub, afterSeq);
      } catch (err) {
        // Database away mid-replay: the client cannot be brought up to date now. Close it so it resubscribes
        // from its last seq (it will not have missed anything) instead of waiting for a `sys.synced` forever.
        this.unsubscribe(client);
        client.close(1013, 'database unavailable: resubscribe from your last seq');
        this.retryLater();
        throw err;
      }
    });
  }

  private async replay(sub: Subscriber, afterSeq: number | undefined): Promise<void> {
    const client = sub.client;
    await this.pump(); // the client may know of commits this instance has not pumped yet
    let replayed = 0;
    if (afterSeq !== undefined && afterSeq < this.cursor) {
      if (this.cursor - afterSeq > this.opts.maxReplay) {
        this.sendTo(sub, {
          type: 'sys.error',
          message: `too far behind (${this.cursor - afterSeq} events): reload the state`,
          fatal: true,
        });
        this.unsubscribe(client);
        client.close(4000, 'resync required');
        return;
      }
      let from = afterSeq;
      while (from < this.cursor) {
        const page = await readEventsAfter(this.db, from, 1000);
        const upto = page.filter((e) => e.seq <= this.cursor);
        if (upto.length === 0) break;
        for (const e of upto) this.sendRaw(sub, this.visible(sub, e) ? JSON.stringify(e) : hidden(e.seq));
        replayed += upto.length;
        from = upto[upto.length - 1]?.seq ?? this.cursor;
      }
    }
    sub.lastSeq = this.cursor;
    this.sendTo(sub, { type: 'sys.synced', seq: this.cursor, replayed });
    if (sub.coverage && this.coverageFrame) this.safeSend(sub, this.coverageFrame);
  }

  unsubscribe(client: HubClient): void {
    const sub = this.byClient.get(client);
    if (!sub) return;
    this.subscribers.delete(sub);
    this.byClient.delete(client);
  }

  /** Latest positions from ingest; they go out with the next tick. */
  publishPositions(tuples: Iterable<PositionTuple>): void {
    for (const t of tuples) {
      const prev = this.latest.get(t[0]);
      if (!prev || prev[5] <= t[5]) this.latest.set(t[0], t);
    }
  }

  /** Builds and sends one position frame now (the timer calls this every tick). */
  flushPositions(): void {
    if (this.latest.size === 0) return;
    const frame: PositionsFrame = { type: 'sys.positions', t: Date.now(), units: [...this.latest.values()] };
    this.latest = new Map();
    const data = JSON.stringify(frame);
    const shared = new SharedFrame(data);
    for (const sub of this.subscribers) {
      if (!sub.positions || sub.lastSeq === null) continue;
      if (sub.client.bufferedAmount > this.opts.maxBufferedBytesForPositions) continue;
      const only = sub.scope?.unitId ?? null;
      if (only === null) {
        this.sendFrame(sub, shared);
        continue;
      }
      // A crew subscriber: its own unit's position only (few such subscribers; each gets its own small frame).
      const own = frame.units.filter((u) => u[0] === only);
      if (own.length) this.safeSend(sub, JSON.stringify({ ...frame, units: own }));
    }
  }

  /** Called with every batch of events the pump reads (this instance's commits and other instances'). */
  onEvents(listener: (batch: readonly EventFrame[]) => void): void {
    this.eventListeners.push(listener);
  }

  /** Sends a coverage frame to the clients that asked for coverage (latest wins: a slow client skips one). */
  publishCoverage(frame: CoverageFrame): void {
    const data = JSON.stringify(frame);
    this.coverageFrame = data;
    const shared = new SharedFrame(data);
    for (const sub of this.subscribers) {
      if (!sub.coverage || sub.lastSeq === null) continue;
      if (sub.client.bufferedAmount > this.opts.maxBufferedBytesForPositions) continue;
      this.sendFrame(sub, shared);
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((err: unknown) => this.opts.onError(err));
    return this.queue;
  }

  private async pump(): Promise<void> {
    for (;;) {
      const batch = await readEventsAfter(this.db, this.cursor, 1000);
      if (batch.length === 0) return;
      this.broadcast(batch);
      for (const listener of this.eventListeners) {
        try {
          listener(batch);
        } catch (err) {
          this.opts.onError(err);
        }
      }
      this.cursor = batch[batch.length - 1]?.seq ?? this.cursor;
      if (batch.length < 1000) return;
    }
  }

  private broadcast(batch: EventFrame[]): void {
    const encoded = batch.map((e) => [e, JSON.stringify(e)] as const);
    for (const sub of this.subscribers) {
      if (sub.lastSeq === null) continue; // still replaying: its replay ends at the cursor and continues from it
      for (const [e, data] of encoded) {
        if (e.seq <= sub.lastSeq) continue;
        this.sendRaw(sub, this.visible(sub, e) ? data : hidden(e.seq));
        sub.lastSeq = e.seq;
      }
    }
  }

  private visible(sub: Subscriber, e: EventFrame): boolean {
    const filter = sub.scope?.events;
    return !filter || filter(e);
  }

  private sendTo(sub: Subscriber, frame: ServerFrame): void {
    this.safeSend(sub, JSON.stringify(frame));
  }

  /** Events must never be dropped: a client too slow to take them is disconnected and will resubscribe. */
  private sendRaw(sub: Subscriber, data: string): void {
    if (sub.client.bufferedAmount > this.opts.maxBufferedBytes) {
      this.unsubscribe(sub.client);
      sub.client.close(1013, 'too slow: resubscribe from your last seq');
      return;
    }
    this.safeSend(sub, data);
  }

  /** A frame many subscribers get: its UTF-8 bytes once, for every client that takes shared bytes. */
  private sendFrame(sub: Subscriber, frame: SharedFrame): void {
    const client = sub.client;
    if (!client.sendShared) return this.safeSend(sub, frame.text);
    try {
      client.sendShared(frame.bytes());
    } catch (err) {
      this.unsubscribe(client);
      this.opts.onError(err);
    }
  }

  private safeSend(sub: Subscriber, data: string): void {
    try {
      sub.client.send(data);
    } catch (err) {
      this.unsubscribe(sub.client);
      this.opts.onError(err);
    }
  }
}

/** A serialised frame and, made on first use, its UTF-8 bytes. */
class SharedFrame {
  private utf8: Buffer | null = null;

  constructor(readonly text: string) {}

  bytes(): Buffer {
    return (this.utf8 ??= Buffer.from(this.text, 'utf8'));
  }
}

function hidden(seq: number): string {
  const frame: HiddenFrame = { type: 'sys.hidden', seq };
  return JSON.stringify(frame);
}
