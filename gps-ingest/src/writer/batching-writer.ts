import type { FixAcceptor, OfferResult } from '../pipeline/pipeline.ts';
import { errorMessage, type IngestLogger } from '../telemetry/log.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { UnitFix } from '../pipeline/types.ts';
import type { FixSink } from './sink.ts';

export interface WriterConfig {
  /**
   * How long the first fix waits for others before an idle writer writes. Kept short because the console
   * budget (received → WebSocket, p99 50 ms) also pays the hub's tick; under load batches grow by themselves,
   * since fixes gather while the previous batch is being written.
   */
  flushIntervalMs: number;
  /**
   * Most fixes per transaction. Each transaction also updates every unit it has a fix of (`units`, with its
   * GiST indexes): as costly as inserting ~2,000 positions for a 1,000-unit fleet. A larger batch under backlog
   * pays that once per unit for more fixes (1.7–1.8× the durable rate of 2,000 in the bench, DESIGN-NOTES);
   * batches only grow under backlog, so it costs no latency at ordinary rates.
   */
  maxBatch: number;
  /**
   * Most fixes held in memory waiting to be written (e.g. while the database is down). Past it, offers are
   * refused and devices are told to resend. 200,000 fixes ≈ 80 MB of heap; at 5,000 fixes/s that rides out
   * 40 s of outage, at 100 units reporting every 5 s over 2 hours.
   */
  maxBuffered: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** `stop()` gives up on what it could not write after this long. */
  drainTimeoutMs: number;
}

export const DEFAULT_WRITER_CONFIG: WriterConfig = {
  flushIntervalMs: 10,
  maxBatch: 10_000,
  maxBuffered: 200_000,
  retryMinMs: 100,
  retryMaxMs: 5000,
  drainTimeoutMs: 10_000,
};

/** Called after each commit, in commit order, with the fixes now durable (stored now, or already before). */
export type WrittenListener = (fixes: readonly UnitFix[]) => void | Promise<void>;

interface Waiter {
  seq: number;
  resolve: (written: boolean) => void;
}

/** One attempt at a single fix the destination refuses, before it is dropped as unstorable. */
const POISON_ATTEMPTS = 3;

/**
 * Micro-batches fixes into a sink: one batch in flight at a time (PGlite is one connection anyway, and one
 * writer keeps lock order simple), the next one gathering meanwhile. If the sink is unavailable the batch
 * stays at the head of a bounded FIFO buffer and is retried with exponential backoff; nothing behind it is
 * reordered or lost. A batch the sink refuses for its data is bisected to find and drop the bad fix(es).
 */
export class BatchingWriter implements FixAcceptor {
  private queue: UnitFix[] = [];
  private head = 0;
  /** Fixes finished (written or dropped as unstorable) since start; the queue's head has this sequence. */
  private doneSeq = 0;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private retryDelay = 0;
  private isHealthy = true;
  private stopping = false;
  private abandoned = false;
  private lastBatchSize = 0;
  private lastBatchMs = 0;

  constructor(
    private readonly sink: FixSink,
    private readonly config: WriterConfig,
    private readonly metrics: Metrics,
    private readonly log: IngestLogger,
    private readonly onWritten: WrittenListener = () => {},
  ) {
    metrics.gauge('writer_buffered_fixes', () => this.buffered);
    metrics.gauge('writer_buffer_capacity_fixes', () => this.config.maxBuffered);
    metrics.gauge('writer_healthy', () => (this.isHealthy ? 1 : 0));
    metrics.gauge('writer_last_batch_size', () => this.lastBatchSize);
    metrics.gauge('writer_last_batch_ms', () => this.lastBatchMs);
    metrics.gauge('writer_oldest_buffered_ms', () => {
      const f = this.queue[this.head];
      return f ? Math.max(0, Date.now() - f.receivedAt.getTime()) : 0;
    });
  }

  get buffered(): number {
    return this.queue.length - this.head;
  }

  get healthy(): boolean {
    return this.isHealthy;
  }

  /** Queues fixes if they fit (all or none). Never waits: transports answer the device right after. */
  offer(fixes: readonly UnitFix[]): OfferResult {
    if (this.stopping) return 'stopped';
    if (fixes.length === 0) return 'accepted';
    if (this.buffered + fixes.length > this.config.maxBuffered) {
      this.metrics.inc('writer_fixes_refused_total', undefined, fixes.length);
      return 'full';
    }
    for (const f of fixes) this.queue.push(f);
    this.schedule();
    return 'accepted';
  }

  /** Queues fixes and resolves once they are durable (true), or at once with false if they were refused. */
  write(fixes: readonly UnitFix[]): Promise<boolean> {
    if (this.offer(fixes) !== 'accepted') return Promise.resolve(false);
    return this.waitFor(this.doneSeq + this.buffered);
  }

  /** Writes everything queued so far now; resolves when it is durable (false if `stop` gave up on it). */
  async flush(): Promise<boolean> {
    const target = this.doneSeq + this.buffered;
    this.start(true);
    return this.waitFor(target);
  }

  /**
   * Refuses new fixes and writes what is buffered, retrying for up to `drainTimeoutMs`; then gives up on the
   * rest (logged). Returns how many fixes were not written.
   */
  async stop(): Promise<{ unwritten: number }> {
    this.stopping = true;
    if (this.buffered > 0) {
      const drained = this.flush();
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((r) => (timeout = setTimeout(() => r(false), this.config.drainTimeoutMs)));
      await Promise.race([drained, timedOut]);
      clearTimeout(timeout);
    }
    const unwritten = this.buffered;
    if (unwritten > 0) {
      this.log.error(`writer stopped with ${unwritten} fixes not written (${this.sink.description} unavailable)`);
      this.metrics.inc('writer_fixes_abandoned_total', undefined, unwritten);
    }
    this.abandoned = true;
    this.wake?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    for (const w of this.waiters.splice(0)) w.resolve(false);
    return { unwritten };
  }

  private waitFor(seq: number): Promise<boolean> {
    if (this.doneSeq >= seq) return Promise.resolve(true);
    if (this.abandoned) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private schedule(): void {
    if (this.running) return; // the loop picks new fixes up after its current batch
    if (this.buffered >= this.config.maxBatch) this.start();
    else if (!this.timer) this.timer = setTimeout(() => this.start(), this.config.flushIntervalMs);
  }

  /** Starts the write loop; `retryNow` also cuts short a backoff wait. */
  private start(retryNow = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (retryNow) this.wake?.();
    if (this.running || this.abandoned || this.buffered === 0) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.buffered > 0 && !this.abandoned) this.schedule();
    });
  }

  private async loop(): Promise<void> {
    while (this.buffered > 0 && !this.abandoned) {
      const n = Math.min(this.buffered, this.config.maxBatch);
      const batch = this.queue.slice(this.head, this.head + n);
      const done = await this.writeSome(batch);
      if (done > 0) this.advance(done);
      if (done < n) {
        if (this.abandoned) return;
        await this.backoff();
      }
    }
  }

  /** Writes a batch; returns how many fixes from its front are finished (all of them unless the sink failed). */
  private async writeSome(batch: UnitFix[]): Promise<number> {
    const t0 = performance.now();
    try {
      await this.sink.write(batch);
    } catch (err) {
      if (this.sink.diagnose(err) === 'unavailable') {
        this.failed(err);
        return 0;
      }
      this.metrics.inc('writer_batches_refused_total');
      if (batch.length > 1) {
        const mid = batch.length >> 1;
        const first = await this.writeSome(batch.slice(0, mid));
        if (first < mid) return first;
        return mid + (await this.writeSome(batch.slice(mid)));
      }
      return this.poison(batch[0]!, err);
    }
    this.lastBatchMs = Math.round((performance.now() - t0) * 10) / 10;
    this.lastBatchSize = batch.length;
    this.metrics.inc('writer_batches_total');
    this.metrics.inc('writer_fixes_written_total', undefined, batch.length);
    this.recovered();
    this.notify(batch);
    return batch.length;
  }

  /** A single fix the sink refuses although it works: retried a few times, then dropped and logged. */
  private async poison(fix: UnitFix, err: unknown): Promise<number> {
    for (let attempt = 2; attempt <= POISON_ATTEMPTS; attempt++) {
      try {
        await this.sink.write([fix]);
        this.metrics.inc('writer_fixes_written_total');
        this.notify([fix]);
        return 1;
      } catch (again) {
        if (this.sink.diagnose(again) === 'unavailable') {
          this.failed(again);
          return 0;
        }
        err = again;
      }
    }
    this.metrics.inc('writer_fixes_dropped_total', { reason: 'refused_by_sink' });
    this.log.error(
      `dropped a fix the ${this.sink.description} refuses: unit ${fix.unitId} at ${fix.fixAt.toISOString()} ` +
        `(${fix.lon}, ${fix.lat}): ${errorMessage(err)}`,
    );
    return 1;
  }

  private advance(n: number): void {
    this.head += n;
    this.doneSeq += n;
    // Compact now and then rather than shift() per batch.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    while (this.waiters.length > 0 && this.waiters[0]!.seq <= this.doneSeq) this.waiters.shift()!.resolve(true);
  }

  private notify(fixes: readonly UnitFix[]): void {
    try {
      void Promise.resolve(this.onWritten(fixes)).catch((err: unknown) => this.listenerFailed(err));
    } catch (err) {
      this.listenerFailed(err);
    }
  }

  private listenerFailed(err: unknown): void {
    this.metrics.inc('writer_on_written_errors_total');
    this.log.warn(`onWritten listener failed: ${errorMessage(err)}`);
  }

  private failed(err: unknown): void {
    this.metrics.inc('writer_write_failures_total');
    this.retryDelay = Math.min(
      this.config.retryMaxMs,
      this.retryDelay === 0 ? this.config.retryMinMs : this.retryDelay * 2,
    );
    if (this.isHealthy) {
      this.isHealthy = false;
      this.log.error(
        `cannot write positions to the ${this.sink.description} (${errorMessage(err)}): buffering in memory ` +
          `(${this.buffered} fixes now, at most ${this.config.maxBuffered}) and retrying`,
      );
    }
  }

  private recovered(): void {
    this.retryDelay = 0;
    if (!this.isHealthy) {
      this.isHealthy = true;
      this.log.info(`writing positions to the ${this.sink.description} again (${this.buffered} fixes buffered)`);
    }
  }

  private backoff(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.retryDelay);
      this.wake = done;
    });
  }
}
