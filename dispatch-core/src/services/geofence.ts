import { watch } from '@c120/db/repositories';
import type { UnitStatus } from '@c120/shared/vocabulary';
import { DwellTracker, latestPerUnit } from '../domain/dwell.ts';
import { HttpError } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';
import type { UnitStatusService } from './unit-status.ts';

export interface FixForGeofence {
  unitId: number;
  fixAt: Date;
  lon: number;
  lat: number;
}

/**
 * Automatic arrival: a unit en route that stays within `geofenceRadiusM` of its incident for
 * `geofenceDwellSeconds` becomes on_scene; a transporting unit near its destination hospital becomes
 * at_hospital. Recorded with source "geofence" and the time it entered the fence (never before the status it
 * left began). A crew tapping the button first simply wins; the geofence then finds nothing to do.
 */
export class GeofenceService {
  private readonly dwell = new DwellTracker();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly status: UnitStatusService,
  ) {}

  /** Fixes of units no fence applies to (GeofenceWatch): a dwell in progress ends, as a fix outside would. */
  notWatched(fixes: readonly { unitId: number }[]): void {
    if (this.dwell.size === 0) return;
    for (const f of fixes) this.dwell.forget(f.unitId);
  }

  async onFixes(fixes: readonly FixForGeofence[]): Promise<number> {
    const list = latestPerUnit(fixes);
    if (list.length === 0) return 0;
    const rows = await watch.arrivalCandidates(this.ctx.db, list);
    const byUnit = new Map(rows.map((r) => [Number(r.unit_id), r]));
    let arrived = 0;
    for (const fix of list) {
      const c = byUnit.get(fix.unitId);
      const inside = c && c.distance_m !== null && Number(c.distance_m) <= this.ctx.config.geofenceRadiusM;
      // The fence is the unit's current target: entering it in another status (scene, then hospital) starts again.
      const since = this.dwell.observe(
        fix.unitId,
        c && inside ? c.status : null,
        fix.fixAt.getTime(),
        this.ctx.config.geofenceDwellSeconds * 1000,
      );
      if (!c || since === null) continue;
      const to: UnitStatus = c.status === 'en_route' ? 'on_scene' : 'at_hospital';
      const at = new Date(Math.max(since, new Date(c.status_since).getTime()));
      try {
        await this.status.change(fix.unitId, { status: to, source: 'geofence', at }, 'geofence');
        arrived++;
      } catch (err) {
        if (!(err instanceof HttpError && err.statusCode === 409)) throw err; // someone else moved it first
      }
    }
    return arrived;
  }
}
