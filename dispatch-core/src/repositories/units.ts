import { isFixStale } from '@c120/shared/staleness';
import type { Queryable } from '@c120/db';
import { listUnitViewRows, readUnitViewRow } from '@c120/db/repositories';
import type { UnitKind, UnitStatus } from '@c120/shared/vocabulary';
import type { UnitView } from '../contracts/views.ts';
import { iso, isoOrNull, numOrNull, strOrNull } from './rows.ts';

export interface UnitRow {
  id: number;
  code: string;
  call_sign: string;
  plate: string | null;
  kind: UnitKind;
  capabilities: string[];
  station_id: number | null;
  status: UnitStatus;
  status_since: Date;
  lon: number | null;
  lat: number | null;
  heading_deg: number | null;
  speed_kmh: number | null;
  fix_at: Date | null;
  stale: boolean;
  assignment_id: number | null;
  incident_id: number | null;
  relocation_id: number | null;
  relocation_station_id: number | null;
  relocation_station_name: string | null;
  relocation_ordered_at: Date | null;
  relocation_acknowledged_at: Date | null;
  [k: string]: unknown;
}

/** `stale` is recomputed from fix_at at read time so a view is never more trusting than the clock allows. */
export function toUnitView(r: UnitRow, staleAfterSeconds: number, now = Date.now()): UnitView {
  const fixAt = r.fix_at ? new Date(r.fix_at) : null;
  return {
    id: r.id,
    code: r.code,
    callSign: r.call_sign,
    plate: strOrNull(r.plate),
    kind: r.kind,
    capabilities: r.capabilities ?? [],
    stationId: numOrNull(r.station_id),
    status: r.status,
    statusSince: iso(r.status_since),
    position: r.lon === null || r.lat === null ? null : { lon: Number(r.lon), lat: Number(r.lat) },
    headingDeg: numOrNull(r.heading_deg),
    speedKmh: numOrNull(r.speed_kmh),
    fixAt: isoOrNull(fixAt),
    stale: isStale(fixAt, staleAfterSeconds, now),
    activeAssignmentId: numOrNull(r.assignment_id),
    activeIncidentId: numOrNull(r.incident_id),
    // `== null`: a query that does not join the order leaves these columns out entirely.
    moveUp:
      r.relocation_id == null || r.relocation_station_id == null || r.relocation_ordered_at == null
        ? null
        : {
            relocationId: Number(r.relocation_id),
            stationId: Number(r.relocation_station_id),
            stationName: r.relocation_station_name ?? '',
            orderedAt: iso(r.relocation_ordered_at),
            acknowledgedAt: isoOrNull(r.relocation_acknowledged_at),
          },
  };
}

export function isStale(fixAt: Date | null, staleAfterSeconds: number, now = Date.now()): boolean {
  return isFixStale(fixAt?.getTime(), now, staleAfterSeconds);
}

export class UnitsRepository {
  constructor(private readonly staleAfterSeconds: number) {}

  async list(db: Queryable): Promise<UnitView[]> {
    const rows = await listUnitViewRows<UnitRow>(db);
    const now = Date.now();
    return rows.map((r) => toUnitView(r, this.staleAfterSeconds, now));
  }

  async get(db: Queryable, id: number): Promise<UnitView | null> {
    const row = await readUnitViewRow<UnitRow>(db, id);
    return row ? toUnitView(row, this.staleAfterSeconds) : null;
  }
}
