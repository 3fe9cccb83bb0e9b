import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { assignments, hospitals, incidents, stations, townships } from '../schema/index.ts';
import { latOf, lonOf, point } from './sql.ts';

/** Stations (急救站) and hospitals: the fixed places units start from and patients go to. */

const stationFields = {
  id: stations.id,
  code: stations.code,
  name: stations.name,
  address: stations.address,
  townshipCode: stations.townshipCode,
  lon: lonOf(stations.geom),
  lat: latOf(stations.geom),
};

const hospitalFields = {
  id: hospitals.id,
  code: hospitals.code,
  name: hospitals.name,
  level: hospitals.level,
  address: hospitals.address,
  townshipCode: hospitals.townshipCode,
  capabilities: hospitals.capabilities,
  accepting: hospitals.accepting,
  lon: lonOf(hospitals.geom),
  lat: latOf(hospitals.geom),
};

export type StationRow = Awaited<ReturnType<typeof listStations>>[number];
export type HospitalRow = Awaited<ReturnType<typeof listHospitals>>[number];
export type HospitalCandidateRow = Awaited<ReturnType<typeof acceptingHospitalsNear>>[number];

export function listStations(db: Executor) {
  return db.orm.select(stationFields).from(stations).orderBy(asc(stations.code));
}

export function listHospitals(db: Executor) {
  return db.orm.select(hospitalFields).from(hospitals).orderBy(asc(hospitals.code));
}

/**
 * Hospitals accepting patients, with the straight-line distance (metres, on the spheroid) to a point and whether
 * their township is urban (街道) or rural, for the drive-time model.
 */
export function acceptingHospitalsNear(db: Executor, lon: number, lat: number) {
  return db.orm
    .select({
      ...hospitalFields,
      distanceM: sql<number>`ST_Distance(${hospitals.geom}::geography, ${point(lon, lat)}::geography)`.mapWith(Number),
      area: sql<'urban' | 'rural'>`CASE WHEN ${townships.kind} = '街道' THEN 'urban' ELSE 'rural' END`,
    })
    .from(hospitals)
    .leftJoin(townships, eq(townships.code, hospitals.townshipCode))
    .where(eq(hospitals.accepting, true));
}

/** The chosen destination: on the incident (with why and what it lacks) and on its live run. */
export async function setIncidentDestination(
  db: Executor,
  incidentId: number,
  hospitalId: number,
  reason: string | null,
  missingSpecialties: string[],
): Promise<void> {
  await db.orm
    .update(incidents)
    .set({
      destinationHospitalId: hospitalId,
      destinationReason: reason,
      destinationMissingSpecialties: missingSpecialties,
      updatedAt: sql`now()`,
    })
    .where(eq(incidents.id, incidentId));
  await db.orm
    .update(assignments)
    .set({ destinationHospitalId: hospitalId })
    .where(sql`${assignments.incidentId} = ${incidentId} AND ${assignments.status} = 'active'`);
}
