import { watch } from '@c120/db/repositories';
import type { UnitStatus } from '@c120/shared/vocabulary';
import { appendEvent } from '../repositories/events.ts';
import type { ServiceContext } from './context.ts';

/** Units out of service are expected to go quiet (terminal off); they are not announced as stale. */
const QUIET_OK: readonly UnitStatus[] = ['off_duty', 'maintenance'];

/**
 * Announces when a unit's positions stop (no fix for `staleAfterSeconds`) and when they resume. The flip of
 * `units.stale` is a conditional UPDATE … RETURNING inside the same transaction as the event, so with several
 * core instances each transition is announced exactly once.
 */
export class StalenessWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check().catch(this.onError), this.ctx.config.watchdogIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  /** One pass; returns how many units changed state. Overlapping calls share one pass. */
  check(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    const limit = this.ctx.config.staleAfterSeconds;
    const changed = await this.ctx.db.transaction(async (tx) => {
      // Skips units being written right now (SKIP LOCKED): see the repository.
      const rows = await watch.flipStaleness(tx, limit, QUIET_OK);
      for (const r of rows) {
        await appendEvent(
          tx,
          'unit.staleness_changed',
          { unitId: r.id, stale: r.stale, lastFixAt: r.fix_at ? new Date(r.fix_at).toISOString() : null },
          { unitId: r.id, actor: 'system' },
        );
      }
      return rows.length;
    });
    if (changed > 0) this.ctx.eventsCommitted();
    return changed;
  }
}
