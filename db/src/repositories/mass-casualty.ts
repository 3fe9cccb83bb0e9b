import type { Queryable } from '../client/types.ts';

/** Mass-casualty requests (群体伤): the triage and the unit set sent in one action. */

export interface MassCasualtyRequestRow {
  id: number;
  incident_id: number;
  critical: number;
  serious: number;
  minor: number;
  units_needed: number;
  requested_unit_ids: (number | string)[];
  sent_unit_ids: (number | string)[];
  requested_at: Date;
  requested_by: number | null;
  [k: string]: unknown;
}

export async function insertMassCasualtyRequest(
  tx: Queryable,
  r: {
    incidentId: number;
    triage: { critical: number; serious: number; minor: number };
    unitsNeeded: number;
    requested: number[];
    sent: number[];
    userId: number | null;
  },
): Promise<MassCasualtyRequestRow> {
  const { rows } = await tx.query<MassCasualtyRequestRow>(
    `INSERT INTO mass_casualty_requests
       (incident_id, critical, serious, minor, units_needed, requested_unit_ids, sent_unit_ids, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7::bigint[], $8) RETURNING *`,
    [r.incidentId, r.triage.critical, r.triage.serious, r.triage.minor, r.unitsNeeded, r.requested, r.sent, r.userId],
  );
  const row = rows[0];
  if (!row) throw new Error('mass-casualty request not inserted');
  return row;
}

export async function latestMassCasualtyRequest(
  db: Queryable,
  incidentId: number,
): Promise<MassCasualtyRequestRow | null> {
  const { rows } = await db.query<MassCasualtyRequestRow>(
    `SELECT * FROM mass_casualty_requests WHERE incident_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** Active runs on the incident and how many of them reached the scene. */
export async function runsOnIncident(db: Queryable, incidentId: number): Promise<{ sent: number; onScene: number }> {
  const { rows } = await db.query<{ sent: number; on_scene: number }>(
    `SELECT count(*) AS sent, count(*) FILTER (WHERE on_scene_at IS NOT NULL) AS on_scene
     FROM assignments WHERE incident_id = $1 AND status = 'active'`,
    [incidentId],
  );
  return { sent: Number(rows[0]?.sent ?? 0), onScene: Number(rows[0]?.on_scene ?? 0) };
}

/** Kind and capabilities of the units on active runs of the incident, in the order they were assigned. */
export async function unitsOnIncident(
  db: Queryable,
  incidentId: number,
): Promise<{ id: number; kind: string; capabilities: string[] }[]> {
  const { rows } = await db.query<{ id: number; kind: string; capabilities: string[] }>(
    `SELECT u.id, u.kind, u.capabilities FROM assignments a JOIN units u ON u.id = a.unit_id
     WHERE a.incident_id = $1 AND a.status = 'active' ORDER BY a.assigned_at, a.id`,
    [incidentId],
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, capabilities: r.capabilities }));
}
