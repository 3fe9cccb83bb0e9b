import type { Queryable } from '@c120/db';
import type { MassCasualtyRequestView, MassCasualtyStatus, Triage } from '../contracts/mass-casualty.ts';
import type { UnitKind } from '@c120/shared/vocabulary';
import { iso, numOrNull } from './rows.ts';

/** SQL of mass-casualty requests (群体伤): the triage and the unit set sent in one action. */

interface RequestRow {
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

const toView = (r: RequestRow): MassCasualtyRequestView => ({
  id: Number(r.id),
  incidentId: Number(r.incident_id),
  triage: { critical: Number(r.critical), serious: Number(r.serious), minor: Number(r.minor) },
  unitsNeeded: Number(r.units_needed),
  requestedUnitIds: r.requested_unit_ids.map(Number),
  sentUnitIds: r.sent_unit_ids.map(Number),
  requestedAt: iso(r.requested_at),
  requestedBy: numOrNull(r.requested_by),
});

export async function insertMassCasualtyRequest(
  tx: Queryable,
  r: {
    incidentId: number;
    triage: Triage;
    unitsNeeded: number;
    requested: number[];
    sent: number[];
    userId: number | null;
  },
): Promise<MassCasualtyRequestView> {
  const { rows } = await tx.query<RequestRow>(
    `INSERT INTO mass_casualty_requests
       (incident_id, critical, serious, minor, units_needed, requested_unit_ids, sent_unit_ids, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7::bigint[], $8) RETURNING *`,
    [r.incidentId, r.triage.critical, r.triage.serious, r.triage.minor, r.unitsNeeded, r.requested, r.sent, r.userId],
  );
  const row = rows[0];
  if (!row) throw new Error('mass-casualty request not inserted');
  return toView(row);
}

export async function latestMassCasualtyRequest(
  db: Queryable,
  incidentId: number,
): Promise<MassCasualtyRequestView | null> {
  const { rows } = await db.query<RequestRow>(
    `SELECT * FROM mass_casualty_requests WHERE incident_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0] ? toView(rows[0]) : null;
}

/** Active runs on the incident and how many of them reached the scene. */
export async function runsOnIncident(
  db: Queryable,
  incidentId: number,
): Promise<Omit<MassCasualtyStatus, 'unitsNeeded' | 'unitsRequested'>> {
  const { rows } = await db.query<{ sent: number; on_scene: number }>(
    `SELECT count(*) AS sent, count(*) FILTER (WHERE on_scene_at IS NOT NULL) AS on_scene
     FROM assignments WHERE incident_id = $1 AND status = 'active'`,
    [incidentId],
  );
  return { unitsSent: Number(rows[0]?.sent ?? 0), unitsOnScene: Number(rows[0]?.on_scene ?? 0) };
}

/** Kind and capabilities of the units on active runs of the incident (they cover patients first). */
export async function unitsOnIncident(
  db: Queryable,
  incidentId: number,
): Promise<{ id: number; kind: UnitKind; capabilities: string[] }[]> {
  const { rows } = await db.query<{ id: number; kind: UnitKind; capabilities: string[] }>(
    `SELECT u.id, u.kind, u.capabilities FROM assignments a JOIN units u ON u.id = a.unit_id
     WHERE a.incident_id = $1 AND a.status = 'active' ORDER BY a.assigned_at, a.id`,
    [incidentId],
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, capabilities: r.capabilities }));
}
