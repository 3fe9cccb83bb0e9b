import type { CoverageReport } from '../contracts/coverage.ts';
import type { CoverageService } from './coverage.ts';

export interface CoverageRunStats {
  runs: number;
  totalMs: number;
  maxMs: number;
  lastMs: number;
}

/** A recompute may take at most this share of the time (one core): a fleet of thousands makes it long. */
const MAX_SHARE = 0.2;

/**
 * How long after a recompute started the next may start: `intervalMs`, or longer when the last one took more
 * than MAX_SHARE of it (10,000 bench units: seconds per recompute, which at 5 s would take the whole core from
 * ingest and fan-out — the top frame of the ingest profile, docs/DESIGN-NOTES.md).
 */
export function recomputeSpacingMs(intervalMs: number, lastComputeMs: number): number {
  return Math.max(intervalMs, lastComputeMs / MAX_SHARE);
}

/**
 * When coverage is recomputed, and who is told. Bounded cost: a change (a unit's status event from any
 * instance, or positions written) only marks coverage dirty; one recomputation runs at most every
 * `intervalMs` (or five times its own last duration, if longer), never two at once, and all changes in
 * between fold into it. With nothing changing nothing runs. Each result is published (`sys.coverage` frame) and served to GET /api/coverage until the next one.
 */
export class LiveCoverage {
  private latest: CoverageReport | null = null;
  private running: Promise<CoverageReport> | null = null;
  private dirty: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastStart = 0;
  private stopped = true;
  /** Bumped by invalidate(): a computation that started before it is not kept as the latest. */
  private generation = 0;
  readonly stats: CoverageRunStats = { runs: 0, totalMs: 0, maxMs: 0, lastMs: 0 };

  constructor(
    readonly service: CoverageService,
    private readonly intervalMs: number,
    private readonly publish: (report: CoverageReport) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Starts live updates. Nothing is computed until the first request or the first change (a server that nobody
   * asks about coverage, or a test, pays nothing at boot).
   */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** The latest report; computed now when there is none or it is out of date and due. */
  current(): Promise<CoverageReport> {
    if (this.running) return this.running;
    const due = Date.now() - this.lastStart >= recomputeSpacingMs(this.intervalMs, this.stats.lastMs);
    if (this.latest && (this.dirty === null || !due)) return Promise.resolve(this.latest);
    return this.run(this.dirty ?? 'request');
  }

  /** Something coverage depends on changed (`trigger` says what, for the report). */
  changed(trigger: string): void {
    this.dirty ??= trigger;
    this.schedule();
  }

  /** Places, stations or the road network changed: re-read them and recompute at the next request or slot. */
  invalidate(): void {
    this.service.invalidate();
    this.generation++;
    this.latest = null;
    this.changed('invalidate');
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.running || this.dirty === null) return;
    const wait = Math.max(0, this.lastStart + recomputeSpacingMs(this.intervalMs, this.stats.lastMs) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dirty !== null) this.run(this.dirty).catch(this.onError);
    }, wait);
    this.timer.unref();
  }

  private run(trigger: string): Promise<CoverageReport> {
    this.dirty = null;
    this.lastStart = Date.now();
    const generation = this.generation;
    const running = this.service.compute(trigger).then(
      (report) => {
        if (generation === this.generation) this.latest = report;
        this.stats.runs++;
        this.stats.totalMs += report.computeMs;
        this.stats.lastMs = report.computeMs;
        this.stats.maxMs = Math.max(this.stats.maxMs, report.computeMs);
        this.publish(report);
        return report;
      },
      (err: unknown) => {
        this.dirty ??= trigger; // try again at the next slot
        throw err;
      },
    );
    this.running = running;
    void running
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        this.schedule();
      });
    return running;
  }
}
