/** The dispatcher's desk (issue 12); the SQL is db's incident-desk repository. */
import type { Queryable } from '@c120/db';
import { incidentDesk } from '@c120/db/repositories';
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
  const row = await incidentDesk.insertNote(tx, incidentId, body, userId, actor ?? 'system');
  if (!row) throw new Error('incident note insert returned no row');
  return toNoteView(row);
}

/** The point of a gazetteer place, or null when there is no such place. */
export async function placePoint(db: Queryable, placeId: number): Promise<{ lon: number; lat: number } | null> {
  return incidentDesk.placePoint(db, placeId);
}

/** Records an acknowledgement of the "no unit yet" alarm on the incident row (the event is the caller's). */
export async function markAlarmAcknowledged(tx: Queryable, incidentId: number, actor: string | null): Promise<void> {
  await incidentDesk.markAlarmAcknowledged(tx, incidentId, actorUserId(actor));
}

/** Did any run of the incident ever reach the scene? */
export async function anyRunReachedScene(db: Queryable, incidentId: number): Promise<boolean> {
  return incidentDesk.anyRunReachedScene(db, incidentId);
}
