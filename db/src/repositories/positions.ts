import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';
import { idLiteral, sqlLiteral } from './events.ts';

/** Positions: the units' latest fixes as the ingest pipeline reads them (plain Queryable: the ingest's path). */

export interface LastFixRow extends Record<string, unknown> {
  id: number;
  fix_at: Date | null;
  lon: number | null;
  lat: number | null;
}

/** The latest stored fix of these units (null position: none yet). */
export function lastFixes(db: Queryable, unitIds: number[]): Promise<LastFixRow[]> {
  return rowsOf<LastFixRow>(
    db,
    sql`SELECT id, fix_at, ST_X(position) AS lon, ST_Y(position) AS lat FROM units
        WHERE id = ANY(${sql.param(unitIds)}::bigint[])`,
  );
}

// ─── The position writer (gps-ingest's DbSink): the ingest's hottest statements ────────────────────────────
// A batch is one parameterised insert (no rendering per batch) and the latest-position update, which travels with
// COMMIT as parameter-free text (updateLatestPositionsScript).

// History: one multi-row insert from parallel arrays (one round trip, one plan, whatever the batch size).
// A re-sent fix hits the unique (unit_id, fix_at) index and is skipped.
const INSERT_POSITIONS = `
INSERT INTO positions (unit_id, fix_at, received_at, geom, speed_kmh, heading_deg, altitude_m, accuracy_m, source, valid)
SELECT f.unit_id, f.fix_at, f.received_at, ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326),
       f.speed_kmh, f.heading_deg, f.altitude_m, f.accuracy_m, f.source, f.valid
FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::float8[], $5::float8[],
            $6::real[], $7::real[], $8::real[], $9::real[], $10::text[], $11::boolean[])
     AS f(unit_id, fix_at, received_at, lon, lat, speed_kmh, heading_deg, altitude_m, accuracy_m, source, valid)
ON CONFLICT DO NOTHING`;

// Latest position: one row per unit (the newest valid fix of the batch), applied only if it is newer than what
// the unit has — the guard that keeps the latest position from ever moving backwards, whatever order batches,
// retries and processes arrive in. Units are updated in id order so that two writers cannot deadlock.
// The time written is the fix's live time (`liveFixAtMs`: never later than its receipt), so a fix stamped ahead
// of the clock can neither hold the position against genuine ones nor keep the unit from turning stale.
const updateLatest = (a: readonly string[]) => `
UPDATE units u
SET position = ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326),
    heading_deg = f.heading_deg, speed_kmh = f.speed_kmh, accuracy_m = f.accuracy_m,
    fix_at = f.fix_at, updated_at = now()
FROM (
  SELECT * FROM unnest(${a[0]}::bigint[], ${a[1]}::timestamptz[], ${a[2]}::float8[], ${a[3]}::float8[], ${a[4]}::real[],
                       ${a[5]}::real[], ${a[6]}::real[])
         AS t(unit_id, fix_at, lon, lat, heading_deg, speed_kmh, accuracy_m)
  ORDER BY unit_id
) f
WHERE u.id = f.unit_id AND (u.fix_at IS NULL OR u.fix_at < f.fix_at)`;

/** One batch of fixes as parallel arrays (one entry per fix); times as ISO strings. */
export interface PositionColumns {
  unitIds: number[];
  fixAt: string[];
  receivedAt: string[];
  lon: number[];
  lat: number[];
  speedKmh: (number | null)[];
  headingDeg: (number | null)[];
  altitudeM: (number | null)[];
  accuracyM: (number | null)[];
  source: string[];
  valid: boolean[];
}

/** Appends the batch to the position history (a re-sent fix is skipped). */
export async function insertPositions(db: Queryable, c: PositionColumns): Promise<void> {
  await db.query(
    INSERT_POSITIONS,
    [
      c.unitIds,
      c.fixAt,
      c.receivedAt,
      c.lon,
      c.lat,
      c.speedKmh,
      c.headingDeg,
      c.altitudeM,
      c.accuracyM,
      c.source,
      c.valid,
    ],
    { name: 'c120_insert_positions' },
  );
}

/** The newest valid fix per unit (one entry per unit); `fixAt` is the live time to store. */
export interface LatestColumns {
  unitIds: number[];
  fixAt: string[];
  lon: number[];
  lat: number[];
  headingDeg: (number | null)[];
  speedKmh: (number | null)[];
  accuracyM: (number | null)[];
}

/** A finite number as an SQL literal (null and non-finite: NULL, unless `required`). */
function numberLiteral(value: number | null, required = false): string {
  if (value !== null && Number.isFinite(value)) return String(value);
  if (required) throw new Error(`not a finite number: ${value}`);
  return 'NULL';
}

/**
 * updateLatestPositions as parameter-free SQL for `Transaction.commitWith` (values inlined as literals): it then
 * travels in one message with COMMIT, so the units' rows are locked only inside the server, from this update to
 * the commit — never across a round trip to this process. The dispatcher's assignment takes the nearest unit
 * `SKIP LOCKED` and retries when the writer holds it; with the update sent separately, the writer held the row
 * for as long as this process's event loop took to send COMMIT (docs/DESIGN-NOTES.md "The dispatcher's loop").
 */
export function updateLatestPositionsScript(c: LatestColumns): string {
  const arr = (items: string[]) => `ARRAY[${items.join(', ')}]`;
  return updateLatest([
    arr(c.unitIds.map(idLiteral)),
    arr(c.fixAt.map((t) => sqlLiteral(t))),
    arr(c.lon.map((v) => numberLiteral(v, true))),
    arr(c.lat.map((v) => numberLiteral(v, true))),
    arr(c.headingDeg.map((v) => numberLiteral(v))),
    arr(c.speedKmh.map((v) => numberLiteral(v))),
    arr(c.accuracyM.map((v) => numberLiteral(v))),
  ]);
}
