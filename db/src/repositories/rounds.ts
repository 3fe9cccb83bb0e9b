import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import type { RoundArrivalSource, RoundPurpose, RoundStatus } from '@c120/shared/vocabulary';
import { firstOf, rowsOf, run } from './sql.ts';

/** Village rounds (巡诊): plans, their stops, the gaps while diverted, and what the visit geofence reads. */

export interface RoundRow extends Record<string, unknown> {
  id: number;
  unit_id: number;
  call_sign: string;
  township_code: string;
  township_name: string;
  round_date: string | Date;
  status: RoundStatus;
  team: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface StopRow extends Record<string, unknown> {
  id: number;
  round_id: number;
  seq: number;
  place_id: number;
  place_name: string;
  place_township: string | null;
  lon: number;
  lat: number;
  purpose: RoundPurpose;
  planned: boolean;
  planned_at: Date | null;
  arrived_at: Date | null;
  departed_at: Date | null;
  arrival_source: RoundArrivalSource | null;
  served: Record<string, number> | string;
  remote_consultations: number;
  recorded_by: string | null;
  recorded_at: Date | null;
}

export interface RoundFilterRow {
  id?: number;
  date?: string;
  townshipCode?: string;
  unitId?: number;
}

/** Rounds matching the filter (each field optional), newest date first, at most 500. */
export function roundRows(db: Queryable, f: RoundFilterRow): Promise<RoundRow[]> {
  const id = f.id ?? null;
  const date = f.date ?? null;
  const township = f.townshipCode ?? null;
  const unit = f.unitId ?? null;
  return rowsOf<RoundRow>(
    db,
    sql`SELECT r.id, r.unit_id, u.call_sign, r.township_code, t.name AS township_name,
               r.round_date::text AS round_date, r.status, r.team, r.notes, r.created_by, r.created_at, r.started_at,
               r.ended_at
        FROM rounds r JOIN units u ON u.id = r.unit_id JOIN townships t ON t.code = r.township_code
        WHERE (${id}::bigint IS NULL OR r.id = ${id}::bigint) AND (${date}::date IS NULL OR r.round_date = ${date}::date)
          AND (${township}::text IS NULL OR r.township_code = ${township}::text)
          AND (${unit}::bigint IS NULL OR r.unit_id = ${unit}::bigint)
        ORDER BY r.round_date DESC, r.id
        LIMIT 500`,
  );
}

/** The stops of these rounds with their villages. */
export function stopRows(db: Queryable, roundIds: number[]): Promise<StopRow[]> {
  return rowsOf<StopRow>(
    db,
    sql`SELECT s.id, s.round_id, s.seq, s.place_id, p.name AS place_name, p.township_code AS place_township,
               ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, s.purpose, s.planned, s.planned_at, s.arrived_at,
               s.departed_at, s.arrival_source, s.served, s.remote_consultations, s.recorded_by, s.recorded_at
        FROM round_stops s JOIN places p ON p.id = s.place_id WHERE s.round_id = ANY(${sql.param(roundIds)}::bigint[])`,
  );
}

/** The diversions (emergency runs) of these rounds, oldest first. */
export function diversionRows(db: Queryable, roundIds: number[]) {
  return rowsOf<{ round_id: number; incident_id: number; started_at: Date; ended_at: Date | null }>(
    db,
    sql`SELECT round_id, incident_id, started_at, ended_at FROM round_diversions
        WHERE round_id = ANY(${sql.param(roundIds)}::bigint[])
        ORDER BY started_at`,
  );
}

export interface NewStopRow {
  placeId: number;
  purpose: RoundPurpose;
  plannedAt: Date | null;
}

/** A planned round and its stops (in order); its id. */
export async function insertRound(
  db: Queryable,
  r: {
    unitId: number;
    townshipCode: string;
    date: string;
    team: string | null;
    notes: string | null;
    actor: string | null;
  },
  stops: readonly NewStopRow[],
): Promise<number> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`INSERT INTO rounds (unit_id, township_code, round_date, team, notes, created_by)
        VALUES (${r.unitId}, ${r.townshipCode}, ${r.date}, ${r.team}, ${r.notes}, ${r.actor}) RETURNING id`,
  );
  const id = Number(row?.id);
  await rowsOf(
    db,
    sql`INSERT INTO round_stops (round_id, seq, place_id, purpose, planned_at)
        SELECT ${id}, s.ord, s.place_id, s.purpose, s.planned_at
        FROM unnest(${sql.param(stops.map((s) => s.placeId))}::bigint[], ${sql.param(stops.map((s) => s.purpose))}::text[],
                    ${sql.param(stops.map((s) => s.plannedAt))}::timestamptz[])
             WITH ORDINALITY AS s(place_id, purpose, planned_at, ord)`,
  );
  return id;
}

/** The round a unit is on (or about to start) on a given day: planned, in progress or paused; locked. */
export async function liveRoundOfUnit(
  db: Queryable,
  unitId: number,
  date: string,
): Promise<{ id: number; status: RoundStatus } | null> {
  const row = await firstOf<{ id: number; status: RoundStatus }>(
    db,
    sql`SELECT id, status FROM rounds WHERE unit_id = ${unitId} AND round_date = ${date}
          AND status IN ('planned', 'in_progress', 'paused') FOR UPDATE`,
  );
  return row ? { id: Number(row.id), status: row.status } : null;
}

/** What the visit geofence needs per fix, in one statement for the whole batch. */
export interface VisitCandidate extends Record<string, unknown> {
  unit_id: number;
  round_id: number;
  round_status: RoundStatus;
  /** The stop the vehicle is at (arrived, not departed) and how far the fix is from it. */
  open_stop_id: number | null;
  open_distance_m: number | null;
  /** The village within `radiusM`: a planned stop not reached yet first, else the nearest village. */
  near_place_id: number | null;
  near_stop_id: number | null;
}

/**
 * For each fix (latest per unit) of a vehicle with a round that day (planned or in progress): the open stop and
 * the village it is at. Units with no round that day cost nothing beyond the join.
 */
export function visitCandidates(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number; day: string }[],
  radiusM: number,
): Promise<VisitCandidate[]> {
  return rowsOf<VisitCandidate>(
    db,
    sql`WITH f AS (
          SELECT * FROM unnest(${sql.param(fixes.map((f) => f.unitId))}::bigint[], ${sql.param(fixes.map((f) => f.lon))}::float8[],
                               ${sql.param(fixes.map((f) => f.lat))}::float8[], ${sql.param(fixes.map((f) => f.day))}::date[])
                 AS f(unit_id, lon, lat, day)
        ), r AS (
          SELECT f.*, ro.id AS round_id, ro.status AS round_status,
                 ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)::geography AS pt
          FROM f JOIN rounds ro ON ro.unit_id = f.unit_id AND ro.round_date = f.day
            AND ro.status IN ('planned', 'in_progress')
        )
        SELECT r.unit_id, r.round_id, r.round_status, o.id AS open_stop_id, o.distance_m AS open_distance_m,
               n.place_id AS near_place_id, n.stop_id AS near_stop_id
        FROM r
        LEFT JOIN LATERAL (
          SELECT s.id, ST_Distance(p.geom::geography, r.pt) AS distance_m
          FROM round_stops s JOIN places p ON p.id = s.place_id
          WHERE s.round_id = r.round_id AND s.arrived_at IS NOT NULL AND s.departed_at IS NULL
          ORDER BY s.seq DESC LIMIT 1
        ) o ON true
        LEFT JOIN LATERAL (
          SELECT p.id AS place_id, s.id AS stop_id
          FROM places p
          LEFT JOIN round_stops s ON s.round_id = r.round_id AND s.place_id = p.id AND s.arrived_at IS NULL
          WHERE p.kind IN ('village', 'community') AND ST_DWithin(p.geom::geography, r.pt, ${radiusM})
          ORDER BY s.id IS NULL, ST_Distance(p.geom::geography, r.pt), s.seq
          LIMIT 1
        ) n ON true`,
  );
}

// ─── A round's life on the road: emergency runs pause it, the visit geofence records stops ──────────────

/** The unit's round of `day` that a run would interrupt (planned or in progress), locked; its id. */
export async function lockRoundForRun(db: Queryable, unitId: number, day: string): Promise<number | null> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`SELECT id FROM rounds WHERE unit_id = ${unitId} AND round_date = ${day}
          AND status IN ('planned', 'in_progress') FOR UPDATE`,
  );
  return row ? Number(row.id) : null;
}

/** Pauses the round for an emergency run and opens its diversion. */
export async function pauseForRun(db: Queryable, roundId: number, incidentId: number): Promise<void> {
  await run(db, sql`UPDATE rounds SET status = 'paused', updated_at = now() WHERE id = ${roundId}`);
  await run(db, sql`INSERT INTO round_diversions (round_id, incident_id) VALUES (${roundId}, ${incidentId})`);
}

/** The unit's paused rounds, locked. */
export function lockPausedRounds(db: Queryable, unitId: number) {
  return rowsOf<{ id: number; started_at: Date | null }>(
    db,
    sql`SELECT id, started_at FROM rounds WHERE unit_id = ${unitId} AND status = 'paused' FOR UPDATE`,
  );
}

/** Whether a run of this unit interrupts a round of `day`, and whether the unit has scheduled bookings. */
export async function runConflicts(
  db: Queryable,
  unitId: number,
  day: string,
): Promise<{ on_round: boolean; booked: boolean } | null> {
  return firstOf<{ on_round: boolean; booked: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM rounds WHERE unit_id = ${unitId} AND round_date = ${day}
                         AND status IN ('planned', 'in_progress')) AS on_round,
               EXISTS (SELECT 1 FROM transfers WHERE unit_id = ${unitId} AND status = 'scheduled'
                         AND NOT needs_reassignment) AS booked`,
  );
}

/** Records the geofence's arrival at a planned stop; false if someone (the crew) recorded it first. */
export async function arriveAtStop(db: Queryable, stopId: number, at: Date): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`UPDATE round_stops SET arrived_at = ${at}, arrival_source = 'geofence' WHERE id = ${stopId} AND arrived_at IS NULL
        RETURNING id`,
  );
  return rows.length > 0;
}

/** An unplanned stop (the vehicle dwelt at a village not on the plan), after the others, for the round's main purpose. */
export async function insertUnplannedStop(db: Queryable, roundId: number, placeId: number, at: Date): Promise<number> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`INSERT INTO round_stops (round_id, seq, place_id, purpose, planned, arrived_at, arrival_source)
        SELECT ${roundId}, coalesce(max(seq), 0) + 1, ${placeId},
               coalesce((SELECT purpose FROM round_stops WHERE round_id = ${roundId} ORDER BY seq LIMIT 1), 'health_check'),
               false, ${at}, 'geofence'
        FROM round_stops WHERE round_id = ${roundId}
        RETURNING id`,
  );
  return Number(row?.id);
}

/** The round is under way (from its first arrival). */
export async function markInProgress(db: Queryable, roundId: number, at: Date): Promise<void> {
  await run(
    db,
    sql`UPDATE rounds SET status = 'in_progress', started_at = coalesce(started_at, ${at}), updated_at = now()
        WHERE id = ${roundId}`,
  );
}

/** Records the departure from a stop (never before its arrival); false if it was already recorded. */
export async function departFromStop(db: Queryable, stopId: number, at: Date): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`UPDATE round_stops SET departed_at = greatest(${at}, arrived_at) WHERE id = ${stopId} AND departed_at IS NULL
        RETURNING id`,
  );
  return rows.length > 0;
}

/** Locks the round if it is planned or in progress; whether it is. */
export async function lockLiveRound(db: Queryable, roundId: number): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`SELECT 1 FROM rounds WHERE id = ${roundId} AND status IN ('planned', 'in_progress') FOR UPDATE`,
  );
  return rows.length > 0;
}

// ─── Planning and keeping rounds (administrators, health centres, crews) ───────────────────────────────

/** Whether the unit has a round (not cancelled) on `day`. */
export async function unitHasRound(db: Queryable, unitId: number, day: string): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`SELECT 1 FROM rounds WHERE unit_id = ${unitId} AND round_date = ${day} AND status <> 'cancelled'`,
  );
  return rows.length > 0;
}

export function stopFacts(db: Queryable, stopId: number) {
  return firstOf<{ round_id: number; arrived_at: Date | null; departed_at: Date | null }>(
    db,
    sql`SELECT round_id, arrived_at, departed_at FROM round_stops WHERE id = ${stopId}`,
  );
}

/**
 * What the crew or the console records at a stop: arrival and departure (as given), the arrival's source when
 * the arrival was given now, people served and remote consultations (kept when not given), who and when.
 */
export async function recordStop(
  db: Queryable,
  stopId: number,
  r: {
    arrivedAt: Date | null;
    departedAt: Date | null;
    arrivalGiven: boolean;
    source: RoundArrivalSource;
    served: Record<string, number> | null;
    remoteConsultations: number | null;
    recordedBy: string | null;
  },
): Promise<void> {
  await run(
    db,
    sql`UPDATE round_stops SET arrived_at = ${r.arrivedAt}, departed_at = ${r.departedAt},
          arrival_source = CASE WHEN ${r.arrivalGiven}::boolean THEN ${r.source} ELSE arrival_source END,
          served = coalesce(${r.served ? JSON.stringify(r.served) : null}::jsonb, served),
          remote_consultations = coalesce(${r.remoteConsultations}::integer, remote_consultations),
          recorded_by = ${r.recordedBy}, recorded_at = now()
        WHERE id = ${stopId}`,
  );
}

export async function handOver(db: Queryable, roundId: number, unitId: number): Promise<void> {
  await run(db, sql`UPDATE rounds SET unit_id = ${unitId}, updated_at = now() WHERE id = ${roundId}`);
}

/** Ends the round's open diversion, if any. */
export async function endOpenDiversion(db: Queryable, roundId: number): Promise<void> {
  await run(db, sql`UPDATE round_diversions SET ended_at = now() WHERE round_id = ${roundId} AND ended_at IS NULL`);
}

/** The round ends (completed or cancelled). */
export async function endRound(db: Queryable, roundId: number, status: RoundStatus): Promise<void> {
  await run(db, sql`UPDATE rounds SET status = ${status}, ended_at = now(), updated_at = now() WHERE id = ${roundId}`);
}

/** Locks the round row; whether it exists. */
export async function lockRound(db: Queryable, roundId: number): Promise<boolean> {
  return (await rowsOf(db, sql`SELECT id FROM rounds WHERE id = ${roundId} FOR UPDATE`)).length > 0;
}

/** A unit's facts for planning: kind, township, and where it is (its station when it has no position). */
export function unitPlanningFacts(db: Queryable, unitId: number) {
  return firstOf<{
    id: number;
    call_sign: string;
    kind: string;
    township_code: string | null;
    lon: number | null;
    lat: number | null;
  }>(
    db,
    sql`SELECT u.id, u.call_sign, u.kind, u.township_code,
               coalesce(ST_X(u.position), ST_X(s.geom)) AS lon, coalesce(ST_Y(u.position), ST_Y(s.geom)) AS lat
        FROM units u LEFT JOIN stations s ON s.id = u.station_id WHERE u.id = ${unitId}`,
  );
}

export function placeFacts(db: Queryable, ids: number[]) {
  return rowsOf<{ id: number; name: string; township_code: string | null; lon: number; lat: number }>(
    db,
    sql`SELECT id, name, township_code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM places
        WHERE id = ANY(${sql.param(ids)}::bigint[])`,
  );
}

/** Sets the round's status (and its start, the first time). */
export async function setRoundStatus(db: Queryable, roundId: number, status: RoundStatus, at: Date): Promise<void> {
  await run(
    db,
    sql`UPDATE rounds SET status = ${status}, started_at = coalesce(started_at, ${at}), updated_at = now()
        WHERE id = ${roundId}`,
  );
}

/** Puts a paused round back (its status only). */
export async function setRoundStatusOnly(db: Queryable, roundId: number, status: RoundStatus): Promise<void> {
  await run(db, sql`UPDATE rounds SET status = ${status}, updated_at = now() WHERE id = ${roundId}`);
}

// ─── The demo's pilot rounds (seeded once per day and unit) ─────────────────────────────────────────────

/** Assigns the unit to a township (unless it has one); its id and where it is (its station without a position). */
export function adoptUnitForTownship(db: Queryable, unitCode: string, townshipCode: string) {
  return firstOf<{ id: number; lon: number | null; lat: number | null }>(
    db,
    sql`UPDATE units u SET township_code = coalesce(u.township_code, ${townshipCode}) WHERE code = ${unitCode}
        RETURNING id, ST_X(coalesce(u.position, (SELECT geom FROM stations s WHERE s.id = u.station_id))) AS lon,
                  ST_Y(coalesce(u.position, (SELECT geom FROM stations s WHERE s.id = u.station_id))) AS lat`,
  );
}

/** The township's villages, nearest to a point first. */
export async function villagesNearest(
  db: Queryable,
  townshipCode: string,
  lon: number,
  lat: number,
): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`SELECT id FROM places WHERE township_code = ${townshipCode} AND kind = 'village'
        ORDER BY ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)), code`,
  );
  return rows.map((r) => Number(r.id));
}

/** Whether the unit has any round (even cancelled) on `day`. */
export async function unitHasAnyRound(db: Queryable, unitId: number, day: string): Promise<boolean> {
  return (await rowsOf(db, sql`SELECT 1 FROM rounds WHERE unit_id = ${unitId} AND round_date = ${day}`)).length > 0;
}

/** Fills a past round as visited (every stop arrived, served and left by the plan) and completed. */
export async function fillAsVisited(db: Queryable, roundId: number, startedAt: Date, endedAt: Date): Promise<void> {
  await run(
    db,
    sql`UPDATE round_stops SET arrived_at = planned_at + interval '5 minutes',
          departed_at = planned_at + interval '45 minutes', arrival_source = 'geofence',
          served = jsonb_build_object(purpose, 8 + (seq * 7) % 23), remote_consultations = seq % 2,
          recorded_by = 'system', recorded_at = planned_at + interval '45 minutes'
        WHERE round_id = ${roundId}`,
  );
  await run(
    db,
    sql`UPDATE rounds SET status = 'completed', started_at = ${startedAt}, ended_at = ${endedAt} WHERE id = ${roundId}`,
  );
}
