import { vacuumHotTables, type Database } from '@c120/db';

/** Dead row versions a hot table may collect before the next pass vacuums it. */
const MIN_DEAD_ROWS = 200;

/**
 * Keeps the tables the loop rewrites free of dead row versions between autovacuum's once-a-minute visits (why:
 * db's `vacuumHotTables`). One pass every `intervalMs`, never two at once; a failure is reported and the next
 * pass tries again. Nothing runs when the interval is 0 or the database is the embedded one.
 */
export class HotTableVacuum {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Database,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.db.engine !== 'postgres') return;
    this.timer = setInterval(() => void this.pass(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass (shared by overlapping calls); the tables it vacuumed. */
  pass(): Promise<string[]> {
    if (!this.running) {
      this.running = vacuumHotTables(this.db, MIN_DEAD_ROWS)
        .catch((err: unknown) => {
          this.onError(err);
          return [];
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running as Promise<string[]>;
  }
}
