/**
 * Follows core's event stream on `/ws` like a console does: subscribe after a known `seq`, apply events in
 * order, and after a dropped connection resubscribe from the last `seq` seen, so nothing is missed or applied
 * twice. Position ticks are not requested.
 */
import WebSocket from 'ws';
import type { EventFrame, ServerFrame, SubscribeMessage } from '@c120/dispatch-core/events';

export interface EventStreamOptions {
  /** Core base URL (http://…); the socket is `ws://…/ws`. */
  coreUrl: string;
  /** Session token for the upgrade (Bearer); null: none. */
  token?: string | null;
  /** Replay everything after this seq (the `seq` of GET /api/state). */
  afterSeq: number;
  onEvent: (event: EventFrame) => void;
  log: (line: string) => void;
}

export class EventStream {
  private ws: WebSocket | null = null;
  private lastSeq: number;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly synced: Promise<void>;
  private resolveSynced: () => void = () => {};

  constructor(private readonly o: EventStreamOptions) {
    this.lastSeq = o.afterSeq;
    this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** Connects; resolves once the first subscription is live (replay done). */
  start(): Promise<void> {
    this.connect();
    return this.synced;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws?.close();
    this.ws = null;
    this.resolveSynced();
  }

  private connect(): void {
    const ws = new WebSocket(
      `${this.o.coreUrl.replace(/^http/, 'ws')}/ws`,
      this.o.token ? { headers: { authorization: `Bearer ${this.o.token}` } } : {},
    );
    this.ws = ws;
    ws.on('open', () => {
      const msg: SubscribeMessage = { type: 'subscribe', afterSeq: this.lastSeq, positions: false };
      ws.send(JSON.stringify(msg));
    });
    ws.on('message', (data: WebSocket.RawData) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(data.toString()) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'sys.synced') {
        this.failures = 0;
        this.resolveSynced();
        return;
      }
      if (frame.type === 'sys.error') {
        this.o.log(`event stream: ${frame.message}`);
        return;
      }
      if (frame.type === 'sys.positions' || frame.type === 'sys.coverage') return;
      if (frame.seq <= this.lastSeq) return; // replay overlap after a reconnect
      this.lastSeq = frame.seq;
      if (frame.type === 'sys.hidden') return; // not ours to see (a crew account's stream)
      try {
        this.o.onEvent(frame);
      } catch (err) {
        this.o.log(`event ${frame.type} #${frame.seq}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    ws.on('error', () => {}); // 'close' follows
    ws.on('close', () => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.failures++;
      const delay = Math.min(10_000, 500 * 2 ** Math.min(this.failures, 5));
      if (this.failures === 1) this.o.log(`event stream closed; resubscribing after seq ${this.lastSeq}`);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }
}
