import type { Queryable } from '@c120/db';
import { massCasualty, type MassCasualtyRequestRow } from '@c120/db/repositories';
import type { MassCasualtyRequestView, MassCasualtyStatus, Triage } from '../contracts/mass-casualty.ts';
import type { UnitKind } from '@c120/shared/vocabulary';
import { iso, numOrNull } from './rows.ts';

/** Mass-casualty requests (群体伤): the triage and the unit set sent in one action; SQL in db's `massCasualty`. */

const toView = (r: MassCasualtyRequestRow): MassCasualtyRequestView => ({
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
  return toView(await massCasualty.insertMassCasualtyRequest(tx, r));
}

export async function latestMassCasualtyRequest(
  db: Queryable,
  incidentId: number,
): Promise<MassCasualtyRequestView | null> {
  const row = await massCasualty.latestMassCasualtyRequest(db, incidentId);
  return row ? toView(row) : null;
}

/** Active runs on the incident and how many of them reached the scene. */
export async function runsOnIncident(
  db: Queryable,
  incidentId: number,
): Promise<Omit<MassCasualtyStatus, 'unitsNeeded' | 'unitsRequested'>> {
  const r = await massCasualty.runsOnIncident(db, incidentId);
  return { unitsSent: r.sent, unitsOnScene: r.onScene };
}

/** Kind and capabilities of the units on active runs of the incident (they cover patients first). */
export async function unitsOnIncident(
  db: Queryable,
  incidentId: number,
): Promise<{ id: number; kind: UnitKind; capabilities: string[] }[]> {
  // The kind is one the units table's CHECK allows.
  return (await massCasualty.unitsOnIncident(db, incidentId)) as {
    id: number;
    kind: UnitKind;
    capabilities: string[];
  }[];
}
