/**
 * The dwell rule every geofence shares (arrival at scene / hospital, arrival and departure at a round's village):
 * a unit must stay inside the same fence (`key`) for `dwellMs` before it counts, so a vehicle driving past does
 * not arrive. Fed with one fix per unit per position batch, in time order; state is per process (a restart
 * only delays an arrival by one dwell).
 */
export class DwellTracker {
  private readonly inside = new Map<number, { key: string; since: number }>();

  /** Units with a dwell in progress. */
  get size(): number {
    return this.inside.size;
  }

  /** The unit left every fence (or no fence applies to it any more): a dwell in progress ends. */
  forget(unitId: number): void {
    this.inside.delete(unitId);
  }

  /**
   * The unit is inside `key` (null: inside none) at `atMs`. Returns the time it entered once it has stayed
   * `dwellMs`, and forgets it (the caller records the arrival once); otherwise null.
   */
  observe(unitId: number, key: string | null, atMs: number, dwellMs: number): number | null {
    if (key === null) {
      this.inside.delete(unitId);
      return null;
    }
    let d = this.inside.get(unitId);
    if (!d || d.key !== key) {
      d = { key, since: atMs };
      this.inside.set(unitId, d);
    }
    if (atMs - d.since < dwellMs) return null;
    this.inside.delete(unitId);
    return d.since;
  }
}

/** The newest fix of each unit in a position batch: what every geofence feeds its dwell tracker with. */
export function latestPerUnit<F extends { unitId: number; fixAt: Date }>(fixes: readonly F[]): F[] {
  const latest = new Map<number, F>();
  for (const f of fixes) {
    const prev = latest.get(f.unitId);
    if (!prev || prev.fixAt < f.fixAt) latest.set(f.unitId, f);
  }
  return [...latest.values()];
}
