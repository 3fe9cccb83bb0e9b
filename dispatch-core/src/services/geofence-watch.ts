import { watch } from '@c120/db/repositories';
import type { Queryable } from '@c120/db';

/**
 * Units a geofence may fire for: `arrival` — a superset of both arrival geofences' candidates (see
 * GeofenceService); `round` — a superset of the round-visit engine's (RoundVisitService: a round of that day,
 * planned or in progress; paused and yesterday's rounds included so a day boundary or a diversion never hides one).
 */

/**
 * Which units the geofences care about: en route or transporting (scene / hospital fence), under an open move-up
 * order (station fence), or on a live round (village stops). A position batch with none of them needs no geofence query at all — the
 * common case: most of a fleet stands by or drives back. The set is read from the database (one small query)
 * whenever something that may change it is committed — any event on this instance (`changed()` from
 * eventsCommitted, before the hub pumps it), unit and assignment events from other instances (the hub's pump) —
 * and every `refreshMs` as a safety net. Until a read that started after the latest change has finished, the
 * set is not trusted and every fix goes to the geofences, as before.
 */
export class GeofenceWatch {
  private units = new Set<number>();
  private roundUnits = new Set<number>();
  private generation = 0;
  private current = -1;
  private loading = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly onError: (err: unknown) => void,
    private readonly refreshMs = 30_000,
  ) {}

  start(): void {
    this.changed();
    this.timer = setInterval(() => this.changed(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Something that may change the set was committed: re-read it (coalesced); distrust it until then. */
  changed(): void {
    this.generation++;
    void this.refresh();
  }

  /** True when the set reflects every change signalled so far. */
  get trusted(): boolean {
    return this.current === this.generation;
  }

  /** The fixes of units with a live round (round visits): all of them while not trusted. */
  onRound<T extends { unitId: number }>(fixes: readonly T[]): T[] {
    if (!this.trusted) return [...fixes];
    return fixes.filter((f) => this.roundUnits.has(f.unitId));
  }

  /** Splits fixes into those an arrival geofence may act on and the rest (all of them watched while not trusted). */
  split<T extends { unitId: number }>(fixes: readonly T[]): { watched: T[]; others: T[] } {
    if (!this.trusted) return { watched: [...fixes], others: [] };
    const watched: T[] = [];
    const others: T[] = [];
    for (const f of fixes) (this.units.has(f.unitId) ? watched : others).push(f);
    return { watched, others };
  }

  private async refresh(): Promise<void> {
    if (this.loading) return; // the running read re-reads when it ends if the generation moved meanwhile
    this.loading = true;
    try {
      for (;;) {
        const generation = this.generation;
        const rows = await watch.watchedUnits(this.db);
        this.units = new Set(rows.filter((r) => r.fence === 'arrival').map((r) => Number(r.unit_id)));
        this.roundUnits = new Set(rows.filter((r) => r.fence === 'round').map((r) => Number(r.unit_id)));
        this.current = generation;
        if (this.generation === generation) return;
      }
    } catch (err) {
      this.onError(err); // stays untrusted: every fix is checked until a later read succeeds
    } finally {
      this.loading = false;
    }
  }
}
