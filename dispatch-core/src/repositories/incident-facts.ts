import type { Queryable } from '@c120/db';
import { readDispatchFactsRow, type DispatchFactsRow } from '@c120/db/repositories';
import { conflict, notFound } from '../domain/errors.ts';

export { countActiveRuns } from '@c120/db/repositories';

/** What dispatch needs to know of an incident: its status and what ranking units for it depends on. */
export type IncidentDispatchFacts = DispatchFactsRow;

/**
 * Locks an incident row for the rest of the transaction; 404 if it does not exist, 409 if it is closed or
 * cancelled. Every change to an incident starts here, so two changes to one incident never interleave.
 */
export async function lockOpenIncident(tx: Queryable, incidentId: number): Promise<IncidentDispatchFacts> {
  const row = await readDispatchFactsRow(tx, incidentId, true);
  if (!row) throw notFound(`incident ${incidentId}`);
  if (row.status === 'closed' || row.status === 'cancelled') {
    throw conflict(`incident ${incidentId} is already ${row.status}`, 'incident_ended');
  }
  return row;
}
