import type { Queryable } from '@c120/db';
import { positions } from '@c120/db/repositories';

/** What the pipeline remembers of a unit between messages. */
export interface UnitTrack {
  /**
   * Time (epoch ms) of the unit's latest position: `units.fix_at` at load, then the newest valid fix accepted —
   * as its live time (never later than its receipt: a fix ahead of the clock cannot make genuine ones late).
   */
  latestMs: number | null;
  /** That latest position: the reference for the impossible-jump check. */
  lon: number | null;
  lat: number | null;
  /** Fix time of the last fix accepted, in arrival order (a resend of it is a duplicate). */
  lastAcceptedMs: number | null;
  /** Consecutive fixes refused as impossible jumps since the last accepted valid fix. */
  jumpStreak: number;
}

const EMPTY: UnitTrack = { latestMs: null, lon: null, lat: null, lastAcceptedMs: null, jumpStreak: 0 };

/**
 * The last accepted state per unit, loaded from `units` the first time a unit is seen. It is advisory: the
 * writer's `WHERE fix_at < new` guard is what keeps the stored latest position from moving backwards, even with
 * several ingest processes or after a restart.
 */
export class UnitTracker {
  private readonly tracks = new Map<number, UnitTrack>();

  constructor(
    private readonly db: Queryable,
    private readonly maxUnits = 100_000,
  ) {}

  /** Loads the units not seen yet (one query). */
  async load(unitIds: Iterable<number>): Promise<void> {
    const missing = [...new Set(unitIds)].filter((id) => !this.tracks.has(id));
    if (missing.length === 0) return;
    const rows = await positions.lastFixes(this.db, missing);
    if (this.tracks.size + missing.length > this.maxUnits) this.tracks.clear();
    for (const r of rows) {
      const id = Number(r.id);
      // A batch processed while this query ran may have set the track already; it is newer than the row.
      if (this.tracks.has(id)) continue;
      const fixMs = r.fix_at ? new Date(r.fix_at).getTime() : null;
      const hasPos = fixMs !== null && r.lon !== null && r.lat !== null;
      this.tracks.set(id, {
        latestMs: fixMs,
        lon: hasPos ? Number(r.lon) : null,
        lat: hasPos ? Number(r.lat) : null,
        lastAcceptedMs: fixMs,
        jumpStreak: 0,
      });
    }
  }

  /** A batch's working copy: changes become visible to other batches only on `commit()`. */
  view(): TrackView {
    return new TrackView(this.tracks);
  }

  peek(unitId: number): UnitTrack | undefined {
    return this.tracks.get(unitId);
  }

  forget(unitId?: number): void {
    if (unitId === undefined) this.tracks.clear();
    else this.tracks.delete(unitId);
  }
}

export class TrackView {
  private readonly changed = new Map<number, UnitTrack>();

  constructor(private readonly base: Map<number, UnitTrack>) {}

  /** The unit's track as this batch sees it; mutate it freely. */
  get(unitId: number): UnitTrack {
    let t = this.changed.get(unitId);
    if (!t) {
      t = { ...(this.base.get(unitId) ?? EMPTY) };
      this.changed.set(unitId, t);
    }
    return t;
  }

  commit(): void {
    for (const [id, t] of this.changed) this.base.set(id, t);
    this.changed.clear();
  }
}
