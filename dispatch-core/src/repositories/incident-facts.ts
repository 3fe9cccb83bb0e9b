import type { Queryable } from '@c120/db';
import { conflict, notFound } from '../domain/errors.ts';
import type { AreaKind } from '../domain/eta.ts';

/** What dispatch needs to know of an incident: its status and what ranking units for it depends on. */
export interface IncidentDispatchFacts {
  status: string;
  priority: number;
  infectious: boolean;
  required_capabilities: string[];
  area: AreaKind;
  lon: number;
  lat: number;
  [k: string]: unknown;
}

/** Reads the dispatch facts of an incident; `forUpdate` also locks the incident row. */
export async function readDispatchFacts(
  db: Queryable,
  incidentId: number,
  forUpdate = false,
): Promise<IncidentDispatchFacts | null> {
  const { rows } = await db.query<IncidentDispatchFacts>(
    `SELECT i.status, i.priority, i.infectious, i.required_capabilities,
            CASE WHEN t.kind = '街道' THEN 'urban' ELSE 'rural' END AS area,
            ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
     FROM incidents i LEFT JOIN townships t ON t.code = i.township_code WHERE i.id = $1
     ${forUpdate ? 'FOR UPDATE OF i' : ''}`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/**
 * Locks an incident row for the rest of the transaction; 404 if it does not exist, 409 if it is closed or
 * cancelled. Every change to an incident starts here, so two changes to one incident never interleave.
 */
export async function lockOpenIncident(tx: Queryable, incidentId: number): Promise<IncidentDispatchFacts> {
  const row = await readDispatchFacts(tx, incidentId, true);
  if (!row) throw notFound(`incident ${incidentId}`);
  if (row.status === 'closed' || row.status === 'cancelled') {
    throw conflict(`incident ${incidentId} is already ${row.status}`, 'incident_ended');
  }
  return row;
}

/** How many units are on the incident right now. */
export async function countActiveRuns(db: Queryable, incidentId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM assignments WHERE incident_id = $1 AND status = 'active'`,
    [incidentId],
  );
  return rows[0]?.n ?? 0;
}
