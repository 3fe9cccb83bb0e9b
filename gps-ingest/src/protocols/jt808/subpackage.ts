/** Reassembly of sub-packaged JT/T 808 messages (header bit 13). One instance per connection. */
import type { Jt808Header } from './header.ts';

export interface SubpackageOptions {
  /** A message whose packets stop arriving is forgotten after this long (default 60 s). */
  timeoutMs?: number;
  /** Most messages being reassembled at once (default 16); the oldest is dropped beyond it. */
  maxPending?: number;
  /** Most packets one message may declare (default 256, i.e. ~256 KiB). */
  maxPackets?: number;
}

export type SubpackageResult =
  | { status: 'complete'; header: Jt808Header; body: Buffer }
  | { status: 'pending'; received: number; total: number }
  | { status: 'rejected'; reason: string };

interface Pending {
  total: number;
  first?: Jt808Header;
  bodies: Map<number, Buffer>;
  size: number;
  updatedAt: number;
}

/**
 * Collects packets keyed by terminal + message id. Packets may arrive in any order; a repeated index (a
 * retransmission) replaces the earlier copy; a packet declaring a different total starts the message afresh.
 * When every index 1…total is present the bodies are joined in index order and returned with a header that
 * looks unpackaged (serial of packet 1, `subpackaged: false`, `bodyLength` = joined length), ready for
 * `decodeJt808Body`. The standard numbers packets from 1.
 */
export class SubpackageAssembler {
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly maxPackets: number;
  private readonly pending = new Map<string, Pending>();

  constructor(options: SubpackageOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxPending = options.maxPending ?? 16;
    this.maxPackets = options.maxPackets ?? 256;
  }

  get size(): number {
    return this.pending.size;
  }

  push(header: Jt808Header, body: Buffer, nowMs: number = Date.now()): SubpackageResult {
    this.expire(nowMs);
    const total = header.packetCount;
    const index = header.packetIndex;
    if (!header.subpackaged || total === undefined || index === undefined) {
      return { status: 'rejected', reason: 'not a sub-packaged message' };
    }
    if (total < 1 || total > this.maxPackets)
      return { status: 'rejected', reason: `packet count ${total} out of range` };
    if (index < 1 || index > total) return { status: 'rejected', reason: `packet index ${index} not in 1..${total}` };

    const key = `${header.terminalId}:${header.msgId}`;
    let entry = this.pending.get(key);
    if (entry && entry.total !== total) {
      this.pending.delete(key);
      entry = undefined;
    }
    if (!entry) {
      if (this.pending.size >= this.maxPending) this.dropOldest();
      entry = { total, bodies: new Map(), size: 0, updatedAt: nowMs };
      this.pending.set(key, entry);
    }
    const previous = entry.bodies.get(index);
    entry.size += body.length - (previous?.length ?? 0);
    entry.bodies.set(index, Buffer.from(body));
    entry.updatedAt = nowMs;
    if (index === 1) entry.first = header;

    if (entry.bodies.size < total) return { status: 'pending', received: entry.bodies.size, total };
    this.pending.delete(key);
    const parts: Buffer[] = [];
    for (let i = 1; i <= total; i++) parts.push(entry.bodies.get(i) ?? Buffer.alloc(0));
    const joined = Buffer.concat(parts, entry.size);
    const base = entry.first ?? header;
    const { packetCount: _c, packetIndex: _i, ...rest } = base;
    return { status: 'complete', header: { ...rest, subpackaged: false, bodyLength: joined.length }, body: joined };
  }

  /** Forgets messages idle for longer than the timeout; returns how many were dropped. */
  expire(nowMs: number = Date.now()): number {
    let dropped = 0;
    for (const [key, entry] of this.pending) {
      if (nowMs - entry.updatedAt > this.timeoutMs) {
        this.pending.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private dropOldest(): void {
    let oldestKey: string | undefined;
    let oldest = Infinity;
    for (const [key, entry] of this.pending) {
      if (entry.updatedAt < oldest) {
        oldest = entry.updatedAt;
        oldestKey = key;
      }
    }
    if (oldestKey !== undefined) this.pending.delete(oldestKey);
  }
}
