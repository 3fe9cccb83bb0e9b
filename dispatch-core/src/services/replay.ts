import type {
  CountyReplay,
  IncidentReplay,
  ReplayIncident,
  ReplayStatusChange,
  ReplayTrack,
  TrackPoint,
} from '../contracts/analytics.ts';
import { badRequest, notFound } from '../domain/errors.ts';
import { readIncidentEvents } from '../repositories/events.ts';
import { iso, isoOrNull, numOrNull } from '../repositories/rows.ts';
import type { ServiceContext } from './context.ts';

/** Bounds of a replay's size: points per unit track, and the county-wide window. */
export const INCIDENT_TRACK_MAX_POINTS = 2000;
export const COUNTY_TRACK_MAX_POINTS = 720; // one fix per 5 s over an hour
export const COUNTY_MAX_SPAN_MS = 3_600_000;
const COUNTY_MAX_INCIDENTS = 500;

/**
 * Thinning rule (in SQL, per track): with n fixes and a bound m, keep every fix when n ≤ m; otherwise keep fix
 * 0, k, 2k, … with stride k = ⌈(n − 1)/(m − 1)⌉, and always the last fix — at most m points, evenly spread in
 * fix order, the start and end of the track exact. Only valid fixes count.
 */
const THINNED = (max: string) => `
  SELECT * FROM numbered
  WHERE rn = n OR (rn - 1) % (CASE WHEN n <= ${max} THEN 1 ELSE ceil((n - 1)::float8 / (${max} - 1))::int END) = 0`;

interface PointRow {
  unit_id: number;
  fix_at: Date;
  lon: number;
  lat: number;
  speed_kmh: number | null;
  heading_deg: number | null;
  n: number;
  [k: string]: unknown;
}

const toPoint = (r: PointRow): TrackPoint => [
  new Date(iso(r.fix_at)).getTime(),
  r.lon,
  r.lat,
  r.speed_kmh === null ? null : Math.round(r.speed_kmh * 10) / 10,
  r.heading_deg === null ? null : Math.round(r.heading_deg),
];

function toChange(r: Record<string, unknown>): ReplayStatusChange {
  return {
    unitId: Number(r.unit_id),
    from: String(r.from_status),
    to: String(r.to_status),
    source: String(r.source),
    at: iso(r.at),
    assignmentId: numOrNull(r.assignment_id),
    incidentId: numOrNull(r.incident_id),
  };
}

function toIncident(r: Record<string, unknown>): ReplayIncident {
  return {
    id: Number(r.id),
    priority: Number(r.priority),
    complaint: String(r.complaint),
    lon: Number(r.lon),
    lat: Number(r.lat),
    callReceivedAt: iso(r.call_received_at),
    endedAt: isoOrNull(r.ended_at),
  };
}

const INCIDENT_COLUMNS = `id, priority, complaint, ST_X(geom) AS lon, ST_Y(geom) AS lat, call_received_at,
  coalesce(closed_at, cancelled_at) AS ended_at`;

/** Recorded unit tracks and status changes, for replaying an incident or a past hour of the county. */
export class ReplayService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Each run's track from its dispatch to its end (or now), the status changes of its runs, its events. */
  async incident(id: number, now = new Date()): Promise<IncidentReplay> {
    const db = this.ctx.db;
    const inc = await db.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id]);
    const row = inc.rows[0];
    if (!row) throw notFound(`incident ${id}`);
    const incident = toIncident(row);
    const runs = await db.query<{ id: number; unit_id: number; call_sign: string; assigned_at: Date; until: Date }>(
      `SELECT a.id, a.unit_id, u.call_sign, a.assigned_at, coalesce(a.ended_at, $2::timestamptz) AS until
       FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.incident_id = $1 ORDER BY a.assigned_at, a.id`,
      [id, now],
    );
    const tracks: ReplayTrack[] = [];
    // One run at a time: PGlite is one connection, and a run's track is one index range scan.
    for (const run of runs.rows) {
      const { rows } = await db.query<PointRow>(
        `WITH numbered AS (
           SELECT unit_id, fix_at, ST_X(geom) AS lon, ST_Y(geom) AS lat, speed_kmh, heading_deg,
                  row_number() OVER (ORDER BY fix_at) AS rn, count(*) OVER () AS n
           FROM positions WHERE unit_id = $1 AND fix_at >= $2 AND fix_at <= $3 AND valid
         ) ${THINNED('$4::int')} ORDER BY fix_at`,
        [run.unit_id, run.assigned_at, run.until, INCIDENT_TRACK_MAX_POINTS],
      );
      tracks.push({
        unitId: Number(run.unit_id),
        callSign: run.call_sign,
        assignmentId: Number(run.id),
        from: iso(run.assigned_at),
        to: iso(run.until),
        fixes: Number(rows[0]?.n ?? 0),
        points: rows.map(toPoint),
      });
    }
    const changes = await db.query(
      `SELECT c.unit_id, c.from_status, c.to_status, c.source, c.at, c.assignment_id, a.incident_id
       FROM unit_status_changes c JOIN assignments a ON a.id = c.assignment_id
       WHERE a.incident_id = $1 ORDER BY c.at, c.id`,
      [id],
    );
    const events = await readIncidentEvents(db, id);
    const ends = [
      Date.parse(incident.callReceivedAt),
      ...tracks.map((t) => Date.parse(t.to)),
      ...(incident.endedAt ? [Date.parse(incident.endedAt)] : []),
    ];
    return {
      incident,
      from: incident.callReceivedAt,
      to: new Date(Math.max(...ends)).toISOString(),
      maxPointsPerTrack: INCIDENT_TRACK_MAX_POINTS,
      tracks,
      statusChanges: changes.rows.map(toChange),
      timeline: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actor: e.actor })),
    };
  }

  /** Every unit's track and status changes in [from, to) (at most an hour), and the incidents open in it. */
  async county(fromText: string, toText: string): Promise<CountyReplay> {
    const from = new Date(fromText);
    const to = new Date(toText);
    if (!(from.getTime() < to.getTime())) throw badRequest(`from (${fromText}) must be before to (${toText})`, 'range');
    if (to.getTime() - from.getTime() > COUNTY_MAX_SPAN_MS) {
      throw badRequest('a county-wide replay covers at most one hour', 'range');
    }
    const db = this.ctx.db;
    const points = await db.query<PointRow>(
      `WITH numbered AS (
         SELECT unit_id, fix_at, ST_X(geom) AS lon, ST_Y(geom) AS lat, speed_kmh, heading_deg,
                row_number() OVER (PARTITION BY unit_id ORDER BY fix_at) AS rn,
                count(*) OVER (PARTITION BY unit_id) AS n
         FROM positions WHERE fix_at >= $1 AND fix_at < $2 AND valid
       ) ${THINNED('$3::int')} ORDER BY unit_id, fix_at`,
      [from, to, COUNTY_TRACK_MAX_POINTS],
    );
    const units = await db.query<{ id: number; call_sign: string; status: string }>(
      `SELECT u.id, u.call_sign, coalesce(
         (SELECT c.to_status FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at < $1
          ORDER BY c.at DESC, c.id DESC LIMIT 1),
         (SELECT c.from_status FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at >= $1
          ORDER BY c.at, c.id LIMIT 1),
         u.status) AS status
       FROM units u ORDER BY u.id`,
      [from],
    );
    const changes = await db.query(
      `SELECT c.unit_id, c.from_status, c.to_status, c.source, c.at, c.assignment_id, a.incident_id
       FROM units u
       JOIN LATERAL (SELECT * FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at >= $1 AND c.at < $2) c
         ON true -- per unit, so the (unit_id, at) index serves the window
       LEFT JOIN assignments a ON a.id = c.assignment_id
       ORDER BY c.at, c.id`,
      [from, to],
    );
    const incidents = await db.query(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents
       WHERE call_received_at < $2 AND coalesce(closed_at, cancelled_at, 'infinity') >= $1
       ORDER BY call_received_at DESC LIMIT ${COUNTY_MAX_INCIDENTS}`,
      [from, to],
    );
    const callSigns = new Map(units.rows.map((u) => [Number(u.id), u.call_sign]));
    const byUnit = new Map<number, PointRow[]>();
    for (const p of points.rows) {
      const id = Number(p.unit_id);
      let list = byUnit.get(id);
      if (!list) byUnit.set(id, (list = []));
      list.push(p);
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      maxPointsPerTrack: COUNTY_TRACK_MAX_POINTS,
      unitsAtStart: units.rows.map((u) => ({ unitId: Number(u.id), callSign: u.call_sign, status: u.status })),
      tracks: [...byUnit].map(([unitId, rows]) => ({
        unitId,
        callSign: callSigns.get(unitId) ?? String(unitId),
        assignmentId: null,
        from: from.toISOString(),
        to: to.toISOString(),
        fixes: Number(rows[0]?.n ?? 0),
        points: rows.map(toPoint),
      })),
      statusChanges: changes.rows.map(toChange),
      incidents: incidents.rows.map(toIncident).reverse(),
    };
  }
}
