import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { assignments, unitStatusChanges } from '../schema/index.ts';

/** Unit status transitions (unit_status_changes): the times response intervals are measured from. */

export type IncidentStatusChangeRow = Awaited<ReturnType<typeof statusChangesOfIncident>>[number];

/** Every transition made by a run of this incident, oldest first. */
export function statusChangesOfIncident(db: Executor, incidentId: number) {
  return db.orm
    .select({
      unitId: unitStatusChanges.unitId,
      fromStatus: unitStatusChanges.fromStatus,
      toStatus: unitStatusChanges.toStatus,
      source: unitStatusChanges.source,
      at: unitStatusChanges.at,
      assignmentId: unitStatusChanges.assignmentId,
      incidentId: assignments.incidentId,
      reason: unitStatusChanges.reason,
    })
    .from(unitStatusChanges)
    .innerJoin(assignments, eq(assignments.id, unitStatusChanges.assignmentId))
    .where(eq(assignments.incidentId, incidentId))
    .orderBy(asc(unitStatusChanges.at), asc(unitStatusChanges.id));
}
