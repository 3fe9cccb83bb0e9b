import { sql } from 'drizzle-orm';
import type { Queryable, Row } from '../client/types.ts';
import { firstOf, rowsOf, run } from './sql.ts';

/** The dispatcher's desk (issue 12): the 备注 thread, alarm acknowledgements, place points, close facts. */

/**
 * Appends one 备注 to an incident's thread. The author's display name is copied from `users` now (a thread reads
 * as it was written); without a user (the system) it is `fallbackName`. The note row, as inserted.
 */
export function insertNote(
  db: Queryable,
  incidentId: number,
  body: string,
  userId: number | null,
  fallbackName: string,
): Promise<Row | null> {
  return firstOf(
    db,
    sql`INSERT INTO incident_notes (incident_id, body, author_user_id, author_name)
        VALUES (${incidentId}, ${body}, ${userId}::bigint,
                coalesce((SELECT display_name FROM users WHERE id = ${userId}::bigint), ${fallbackName}))
        RETURNING id, incident_id, body, author_name, author_user_id, created_at`,
  );
}

/** A gazetteer place's point, or null. */
export function placePoint(db: Queryable, placeId: number): Promise<{ lon: number; lat: number } | null> {
  return firstOf<{ lon: number; lat: number }>(
    db,
    sql`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM places WHERE id = ${placeId}`,
  );
}

/** Records an acknowledgement of the "no unit yet" alarm on the incident row. */
export async function markAlarmAcknowledged(db: Queryable, incidentId: number, userId: number | null): Promise<void> {
  await run(
    db,
    sql`UPDATE incidents SET alarm_acknowledged_at = now(), alarm_acknowledged_by = ${userId}::bigint,
          updated_at = now() WHERE id = ${incidentId}`,
  );
}

/** Did any run of the incident ever reach the scene? */
export async function anyRunReachedScene(db: Queryable, incidentId: number): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`SELECT 1 FROM assignments WHERE incident_id = ${incidentId} AND on_scene_at IS NOT NULL LIMIT 1`,
  );
  return rows.length > 0;
}
