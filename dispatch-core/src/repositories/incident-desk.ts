/** SQL of the dispatcher's desk (issue 12): the 备注 thread, alarm acknowledgements, place points, close facts. */
import type { Queryable } from '@c120/db';
import { actorUserId } from '../auth/roles.ts';
import type { IncidentNoteView } from '../contracts/views.ts';
import { toNoteView } from './incidents.ts';

/**
 * Appends one 备注 to an incident's thread. The author's display name is copied from `users` now (a thread reads
 * as it was written); an actor that is not a user (the system) is named by its actor string.
 */
export async function insertNote(
  tx: Queryable,
  incidentId: number,
  body: string,
  actor: string | null,
): Promise<IncidentNoteView> {
  const userId = actorUserId(actor);
  const { rows } = await tx.query(
    `INSERT INTO incident_notes (incident_id, body, author_user_id, author_name)
     VALUES ($1, $2, $3, coalesce((SELECT display_name FROM users WHERE id = $3), $4))
     RETURNING id, incident_id, body, author_name, author_user_id, created_at`,
    [incidentId, body, userId, actor ?? 'system'],
  );
  const row = rows[0];
  if (!row) throw new Error('incident note insert returned no row');
  return toNoteView(row);
}

/** The point of a gazetteer place, or null when there is no such place. */
export async function placePoint(db: Queryable, placeId: number): Promise<{ lon: number; lat: number } | null> {
  const { rows } = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM places WHERE id = $1',
    [placeId],
  );
  return rows[0] ?? null;
}

/** Records an acknowledgement of the "no unit yet" alarm on the incident row (the event is the caller's). */
export async function markAlarmAcknowledged(tx: Queryable, incidentId: number, actor: string | null): Promise<void> {
  await tx.query(
    `UPDATE incidents SET alarm_acknowledged_at = now(), alarm_acknowledged_by = $2, updated_at = now() WHERE id = $1`,
    [incidentId, actorUserId(actor)],
  );
}

/** Did any run of the incident ever reach the scene? */
export async function anyRunReachedScene(db: Queryable, incidentId: number): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM assignments WHERE incident_id = $1 AND on_scene_at IS NOT NULL LIMIT 1',
    [incidentId],
  );
  return rows.length > 0;
}
