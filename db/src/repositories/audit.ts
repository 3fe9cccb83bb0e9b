import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { events, incidents, users } from '../schema/index.ts';

/** The audit trail: the append-only event log of one incident, with the signed-in user behind each `user:<id>`. */

export type AuditEventRow = Awaited<ReturnType<typeof auditEventsOfIncident>>[number];

export function auditEventsOfIncident(db: Executor, incidentId: number) {
  return db.orm
    .select({
      seq: events.seq,
      type: events.type,
      at: events.at,
      actor: events.actor,
      unitId: events.unitId,
      payload: events.payload,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
    })
    .from(events)
    .leftJoin(users, sql`${events.actor} = 'user:' || ${users.id}::text`)
    .where(eq(events.incidentId, incidentId))
    .orderBy(asc(events.seq));
}

export async function incidentExists(db: Executor, incidentId: number): Promise<boolean> {
  const rows = await db.orm.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, incidentId));
  return rows.length > 0;
}
