import type { Queryable } from '@c120/db';
import type { RelocationEndReason, RelocationView } from '../contracts/coverage.ts';
import { iso, isoOrNull, strOrNull } from './rows.ts';

interface RelocationRow {
  id: number;
  unit_id: number;
  station_id: number;
  station_name: string;
  ordered_at: Date;
  actor: string | null;
  expected_gain_population: number | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  ended_at: Date | null;
  end_reason: RelocationEndReason | null;
  ended_by: string | null;
  [k: string]: unknown;
}

const COLUMNS = `r.id, r.unit_id, r.station_id, s.name AS station_name, r.ordered_at, r.actor,
  r.expected_gain_population, r.acknowledged_at, r.acknowledged_by, r.ended_at, r.end_reason, r.ended_by`;

function toView(r: RelocationRow): RelocationView {
  return {
    id: Number(r.id),
    unitId: Number(r.unit_id),
    stationId: Number(r.station_id),
    stationName: r.station_name,
    orderedAt: iso(r.ordered_at),
    actor: strOrNull(r.actor),
    expectedGainPopulation: r.expected_gain_population === null ? null : Number(r.expected_gain_population),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    acknowledgedBy: strOrNull(r.acknowledged_by),
    endedAt: isoOrNull(r.ended_at),
    endReason: r.end_reason,
    endedBy: strOrNull(r.ended_by),
  };
}

/** Reads back one relocation row with its station name (the statement that changed it returns only the id). */
async function read(db: Queryable, id: number): Promise<RelocationView> {
  const { rows } = await db.query<RelocationRow>(
    `SELECT ${COLUMNS} FROM relocations r JOIN stations s ON s.id = r.station_id WHERE r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new Error(`relocation ${id} vanished inside its transaction`);
  return toView(row);
}

export async function insertRelocation(
  db: Queryable,
  unitId: number,
  stationId: number,
  actor: string | null,
  expectedGain: number | null,
): Promise<RelocationView> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO relocations (unit_id, station_id, actor, expected_gain_population) VALUES ($1, $2, $3, $4)
     RETURNING id`,
    [unitId, stationId, actor, expectedGain],
  );
  return read(db, Number(rows[0]?.id));
}

/**
 * Records the acknowledgement of the unit's open order (the first one counts; `first` tells whether this call
 * recorded it: now() is the transaction's time, so only a row acknowledged by this statement equals it).
 * Null when no order is open.
 */
export async function acknowledgeOpenRelocation(
  db: Queryable,
  unitId: number,
  actor: string | null,
): Promise<{ relocation: RelocationView; first: boolean } | null> {
  const { rows } = await db.query<{ id: number; first: boolean }>(
    `UPDATE relocations SET acknowledged_at = coalesce(acknowledged_at, now()),
       acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN $2 ELSE acknowledged_by END
     WHERE unit_id = $1 AND ended_at IS NULL RETURNING id, acknowledged_at = now() AS first`,
    [unitId, actor],
  );
  const row = rows[0];
  return row ? { relocation: await read(db, Number(row.id)), first: row.first === true } : null;
}

/** Ends the unit's open order, if any; null when none was open. */
export async function endOpenRelocation(
  db: Queryable,
  unitId: number,
  reason: RelocationEndReason,
  actor: string | null,
): Promise<RelocationView | null> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE relocations SET ended_at = now(), end_reason = $2, ended_by = $3
     WHERE unit_id = $1 AND ended_at IS NULL RETURNING id`,
    [unitId, reason, actor],
  );
  return rows[0] ? read(db, Number(rows[0].id)) : null;
}

/**
 * Units (of those given) whose open order's station lies within `radiusM` of one of their positions — each unit
 * once, however many of its fixes in the batch are inside, so the caller opens one transaction per arrival.
 */
export async function relocationsReached(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number }[],
  radiusM: number,
): Promise<number[]> {
  const { rows } = await db.query<{ unit_id: number }>(
    `WITH f AS (SELECT * FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS f(unit_id, lon, lat))
     SELECT DISTINCT r.unit_id FROM f
     JOIN relocations r ON r.unit_id = f.unit_id AND r.ended_at IS NULL
     JOIN stations s ON s.id = r.station_id
     WHERE ST_DWithin(ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)::geography, s.geom::geography, $4)`,
    [fixes.map((f) => f.unitId), fixes.map((f) => f.lon), fixes.map((f) => f.lat), radiusM],
  );
  return rows.map((r) => Number(r.unit_id));
}
