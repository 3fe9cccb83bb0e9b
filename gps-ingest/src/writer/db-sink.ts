import type { Database } from '@c120/db';
import type { UnitFix } from '../pipeline/types.ts';
import type { FixSink } from './sink.ts';
import { liveFixAtMs } from '../pipeline/live-time.ts';

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
const UPDATE_LATEST = `
UPDATE units u
SET position = ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326),
    heading_deg = f.heading_deg, speed_kmh = f.speed_kmh, accuracy_m = f.accuracy_m,
    fix_at = f.fix_at, updated_at = now()
FROM (
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[], $4::float8[], $5::real[], $6::real[], $7::real[])
         AS t(unit_id, fix_at, lon, lat, heading_deg, speed_kmh, accuracy_m)
  ORDER BY unit_id
) f
WHERE u.id = f.unit_id AND (u.fix_at IS NULL OR u.fix_at < f.fix_at)`;

/** Writes batches into `positions` and `units` in one transaction. */
export class DbSink implements FixSink {
  readonly description: string;

  constructor(private readonly db: Database) {
    this.description = `database ${db.description}`;
  }

  async write(fixes: readonly UnitFix[]): Promise<void> {
    if (fixes.length === 0) return;
    const latest = newestValidPerUnit(fixes);
    await this.db.transaction(async (tx) => {
      await tx.query(INSERT_POSITIONS, [
        fixes.map((f) => f.unitId),
        fixes.map((f) => f.fixAt.toISOString()),
        fixes.map((f) => f.receivedAt.toISOString()),
        fixes.map((f) => f.lon),
        fixes.map((f) => f.lat),
        fixes.map((f) => f.speedKmh ?? null),
        fixes.map((f) => f.headingDeg ?? null),
        fixes.map((f) => f.altitudeM ?? null),
        fixes.map((f) => f.accuracyM ?? null),
        fixes.map((f) => f.source),
        fixes.map((f) => f.valid),
      ]);
      // Last statement of the transaction: the unit rows stay locked only until the commit right after.
      if (latest.length > 0) {
        await tx.query(UPDATE_LATEST, [
          latest.map((f) => f.unitId),
          latest.map((f) => new Date(liveFixAtMs(f)).toISOString()),
          latest.map((f) => f.lon),
          latest.map((f) => f.lat),
          latest.map((f) => f.headingDeg ?? null),
          latest.map((f) => f.speedKmh ?? null),
          latest.map((f) => f.accuracyM ?? null),
        ]);
      }
    });
  }

  diagnose(err: unknown): 'batch' | 'unavailable' {
    // SQLSTATE class 22 (data exception) and 23 (integrity constraint violation) are about the rows; anything
    // else (connection, shutdown, resources, a missing table after a bad migration) is not the data's fault.
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    return code.startsWith('22') || code.startsWith('23') ? 'batch' : 'unavailable';
  }
}

/** Invalid fixes never move the latest position; a late one is stopped by the SQL guard (the truth is there). */
export function newestValidPerUnit(fixes: readonly UnitFix[]): UnitFix[] {
  const best = new Map<number, UnitFix>();
  for (const f of fixes) {
    if (!f.valid) continue;
    const prev = best.get(f.unitId);
    if (!prev || liveFixAtMs(prev) < liveFixAtMs(f)) best.set(f.unitId, f);
  }
  return [...best.values()].sort((a, b) => a.unitId - b.unitId);
}
