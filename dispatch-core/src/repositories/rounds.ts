import type { Queryable } from '@c120/db';
import type { RoundArrivalSource, RoundPurpose, RoundStatus } from '@c120/shared/vocabulary';
import type { RoundStopView, RoundView } from '../contracts/outreach.ts';
import { iso, isoOrNull, strOrNull } from './rows.ts';

/** SQL of village rounds (巡诊): plans, their stops, the gaps while diverted. */

interface RoundRow {
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
  [k: string]: unknown;
}

interface StopRow {
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
  [k: string]: unknown;
}

/** A date column as YYYY-MM-DD whatever the driver returns (string on pg with our parsers, Date on some). */
function dateOnly(v: string | Date): string {
  if (typeof v === 'string') return v.slice(0, 10);
  return v.toISOString().slice(0, 10);
}

/** pending / arrived / visited / missed: see `StopStateSchema`. A stop is missed once a later one was reached. */
export function stopState(
  stop: Pick<StopRow, 'arrived_at' | 'departed_at' | 'recorded_at' | 'seq'>,
  laterReached: boolean,
  roundOver: boolean,
): RoundStopView['state'] {
  if (stop.arrived_at) return stop.departed_at || stop.recorded_at ? 'visited' : 'arrived';
  if (stop.recorded_at) return 'visited';
  return laterReached || roundOver ? 'missed' : 'pending';
}

function toStops(rows: StopRow[], status: RoundStatus): RoundStopView[] {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const roundOver = status === 'completed' || status === 'cancelled';
  return sorted.map((s, i) => {
    const laterReached = sorted.slice(i + 1).some((l) => l.planned && l.arrived_at !== null);
    const served = typeof s.served === 'string' ? (JSON.parse(s.served) as Record<string, number>) : s.served;
    return {
      id: Number(s.id),
      seq: Number(s.seq),
      placeId: Number(s.place_id),
      placeName: s.place_name,
      townshipCode: strOrNull(s.place_township),
      location: { lon: Number(s.lon), lat: Number(s.lat) },
      purpose: s.purpose,
      planned: s.planned,
      plannedAt: isoOrNull(s.planned_at),
      arrivedAt: isoOrNull(s.arrived_at),
      departedAt: isoOrNull(s.departed_at),
      arrivalSource: s.arrival_source,
      state: stopState(s, laterReached, roundOver),
      served: served ?? {},
      remoteConsultations: Number(s.remote_consultations),
      recordedBy: strOrNull(s.recorded_by),
      recordedAt: isoOrNull(s.recorded_at),
    };
  });
}

export interface RoundFilter {
  id?: number;
  date?: string;
  townshipCode?: string;
  unitId?: number;
}

/** Rounds with their stops and gaps, newest date first. Three statements whatever the number of rounds. */
export async function readRounds(db: Queryable, f: RoundFilter): Promise<RoundView[]> {
  const { rows } = await db.query<RoundRow>(
    `SELECT r.id, r.unit_id, u.call_sign, r.township_code, t.name AS township_name, r.round_date::text AS round_date,
            r.status, r.team, r.notes, r.created_by, r.created_at, r.started_at, r.ended_at
     FROM rounds r JOIN units u ON u.id = r.unit_id JOIN townships t ON t.code = r.township_code
     WHERE ($1::bigint IS NULL OR r.id = $1) AND ($2::date IS NULL OR r.round_date = $2)
       AND ($3::text IS NULL OR r.township_code = $3) AND ($4::bigint IS NULL OR r.unit_id = $4)
     ORDER BY r.round_date DESC, r.id
     LIMIT 500`,
    [f.id ?? null, f.date ?? null, f.townshipCode ?? null, f.unitId ?? null],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const stops = await db.query<StopRow>(
    `SELECT s.id, s.round_id, s.seq, s.place_id, p.name AS place_name, p.township_code AS place_township,
            ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, s.purpose, s.planned, s.planned_at, s.arrived_at,
            s.departed_at, s.arrival_source, s.served, s.remote_consultations, s.recorded_by, s.recorded_at
     FROM round_stops s JOIN places p ON p.id = s.place_id WHERE s.round_id = ANY($1::bigint[])`,
    [ids],
  );
  const gaps = await db.query<{ round_id: number; incident_id: number; started_at: Date; ended_at: Date | null }>(
    `SELECT round_id, incident_id, started_at, ended_at FROM round_diversions WHERE round_id = ANY($1::bigint[])
     ORDER BY started_at`,
    [ids],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    unitId: Number(r.unit_id),
    unitCallSign: r.call_sign,
    townshipCode: r.township_code,
    townshipName: r.township_name,
    date: dateOnly(r.round_date),
    status: r.status,
    team: strOrNull(r.team),
    notes: strOrNull(r.notes),
    createdBy: strOrNull(r.created_by),
    createdAt: iso(r.created_at),
    startedAt: isoOrNull(r.started_at),
    endedAt: isoOrNull(r.ended_at),
    stops: toStops(
      stops.rows.filter((s) => Number(s.round_id) === Number(r.id)),
      r.status,
    ),
    diversions: gaps.rows
      .filter((g) => Number(g.round_id) === Number(r.id))
      .map((g) => ({
        incidentId: Number(g.incident_id),
        startedAt: iso(g.started_at),
        endedAt: isoOrNull(g.ended_at),
      })),
  }));
}

export async function readRound(db: Queryable, id: number): Promise<RoundView | null> {
  return (await readRounds(db, { id }))[0] ?? null;
}

export interface NewStop {
  placeId: number;
  purpose: RoundPurpose;
  plannedAt: Date | null;
}

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
  stops: readonly NewStop[],
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO rounds (unit_id, township_code, round_date, team, notes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.unitId, r.townshipCode, r.date, r.team, r.notes, r.actor],
  );
  const id = Number(rows[0]?.id);
  await db.query(
    `INSERT INTO round_stops (round_id, seq, place_id, purpose, planned_at)
     SELECT $1, s.ord, s.place_id, s.purpose, s.planned_at
     FROM unnest($2::bigint[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS s(place_id, purpose, planned_at, ord)`,
    [id, stops.map((s) => s.placeId), stops.map((s) => s.purpose), stops.map((s) => s.plannedAt)],
  );
  return id;
}

/** The round a unit is on (or about to start) on a given day: planned, in progress or paused. */
export async function liveRoundOfUnit(
  db: Queryable,
  unitId: number,
  date: string,
): Promise<{ id: number; status: RoundStatus } | null> {
  const { rows } = await db.query<{ id: number; status: RoundStatus }>(
    `SELECT id, status FROM rounds WHERE unit_id = $1 AND round_date = $2
       AND status IN ('planned', 'in_progress', 'paused') FOR UPDATE`,
    [unitId, date],
  );
  return rows[0] ? { id: Number(rows[0].id), status: rows[0].status } : null;
}

/** What the visit geofence needs per fix, in one statement for the whole batch. */
export interface VisitCandidate {
  unit_id: number;
  round_id: number;
  round_status: RoundStatus;
  /** The stop the vehicle is at (arrived, not departed) and how far the fix is from it. */
  open_stop_id: number | null;
  open_distance_m: number | null;
  /** The village within `radiusM`: a planned stop not reached yet first, else the nearest village. */
  near_place_id: number | null;
  near_stop_id: number | null;
  [k: string]: unknown;
}

/**
 * For each fix (latest per unit) of a vehicle with a round that day (planned or in progress): the open stop and
 * the village it is at. Units with no round that day cost nothing beyond the join.
 */
export async function visitCandidates(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number; day: string }[],
  radiusM: number,
): Promise<VisitCandidate[]> {
  const { rows } = await db.query<VisitCandidate>(
    `WITH f AS (
       SELECT * FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::date[]) AS f(unit_id, lon, lat, day)
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
       WHERE p.kind IN ('village', 'community') AND ST_DWithin(p.geom::geography, r.pt, $5)
       ORDER BY s.id IS NULL, ST_Distance(p.geom::geography, r.pt), s.seq
       LIMIT 1
     ) n ON true`,
    [fixes.map((f) => f.unitId), fixes.map((f) => f.lon), fixes.map((f) => f.lat), fixes.map((f) => f.day), radiusM],
  );
  return rows;
}
