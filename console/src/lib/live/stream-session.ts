import { isEventFrame, type ServerFrame, type SubscribeMessage } from '@c120/dispatch-core/events';
import type { LiveModel } from './live-model.ts';

/** What the connection must do after a frame. */
export interface FrameOutcome {
  /** Send this (a resubscribe after a gap). */
  send?: SubscribeMessage;
  /** Replay is complete: the stream is live. */
  synced?: boolean;
  /** The server cannot serve us from our seq: reload GET /api/state and subscribe again. */
  reload?: string;
  /** A non-fatal error the server reported. */
  error?: string;
}

/**
 * The protocol of one WebSocket connection, without the socket: subscribe with the last applied seq, apply
 * events in order, ignore duplicates, and on a gap resubscribe once from the last applied seq (frames that
 * arrive before the replay catches up are gaps too and are dropped; the replay brings them again).
 */
export class StreamSession {
  /** Waiting for `sys.synced` after a (re)subscribe. */
  syncing = false;
  gaps = 0;
  duplicates = 0;

  constructor(
    private readonly model: LiveModel,
    private readonly positions = true,
  ) {}

  subscribe(): SubscribeMessage {
    this.syncing = true;
    return { type: 'subscribe', afterSeq: this.model.lastSeq, positions: this.positions };
  }

  onFrame(frame: ServerFrame, receivedAtMs = Date.now()): FrameOutcome {
    if (isEventFrame(frame) || frame.type === 'sys.hidden') {
      const verdict = isEventFrame(frame) ? this.model.receive(frame) : this.model.skip(frame.seq);
      if (verdict === 'duplicate') this.duplicates++;
      if (verdict !== 'gap') return {};
      this.gaps++;
      // One resubscribe per gap: until the replay completes, later frames are gaps as well.
      return this.syncing ? {} : { send: this.subscribe() };
    }
    switch (frame.type) {
      case 'sys.positions':
        this.model.receivePositions(frame, receivedAtMs);
        return {};
      case 'sys.synced':
        this.syncing = false;
        // The server's history ends before what we applied (its database was reset or restored): our state
        // belongs to another history and its new events would look like duplicates. Start again from a snapshot.
        if (frame.seq < this.model.lastSeq) {
          return { reload: `server seq ${frame.seq} is behind the applied seq ${this.model.lastSeq}` };
        }
        return { synced: true };
      case 'sys.error':
        return frame.fatal ? { reload: frame.message } : { error: frame.message };
      default:
        return {};
    }
  }
}

/** Parses a WebSocket message; null when it is not a JSON object with a `type`. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerFrame;
    }
  } catch {
    // not JSON: ignore
  }
  return null;
}

/** Reconnect delay: exponential from 500 ms, capped at 30 s, with ±20 % jitter so consoles do not stampede. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
