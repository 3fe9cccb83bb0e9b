import { replay, type TrackPointRow } from '@c120/db/repositories';
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

type PointRow = TrackPointRow;

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

/** Recorded unit tracks and status changes, for replaying an incident or a past hour of the county. */
export class ReplayService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Each run's track from its dispatch to its end (or now), the status changes of its runs, its events. */
  async incident(id: number, now = new Date()): Promise<IncidentReplay> {
    const db = this.ctx.db;
    const row = await replay.replayIncident(db, id);
    if (!row) throw notFound(`incident ${id}`);
    const incident = toIncident(row);
    const runs = await replay.incidentRuns(db, id, now);
    const tracks: ReplayTrack[] = [];
    // One run at a time: PGlite is one connection, and a run's track is one index range scan.
    for (const run of runs) {
      const rows = await replay.unitTrack(db, run.unit_id, run.assigned_at, run.until, INCIDENT_TRACK_MAX_POINTS);
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
    const changes = await replay.incidentStatusChanges(db, id);
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
      statusChanges: changes.map(toChange),
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
    const points = await replay.countyTracks(db, from, to, COUNTY_TRACK_MAX_POINTS);
    const units = await replay.unitStatusesAt(db, from);
    const changes = await replay.statusChangesBetween(db, from, to);
    const incidents = await replay.incidentsOverlapping(db, from, to, COUNTY_MAX_INCIDENTS);
    const callSigns = new Map(units.map((u) => [Number(u.id), u.call_sign]));
    const byUnit = new Map<number, PointRow[]>();
    for (const p of points) {
      const id = Number(p.unit_id);
      let list = byUnit.get(id);
      if (!list) byUnit.set(id, (list = []));
      list.push(p);
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      maxPointsPerTrack: COUNTY_TRACK_MAX_POINTS,
      unitsAtStart: units.map((u) => ({ unitId: Number(u.id), callSign: u.call_sign, status: u.status })),
      tracks: [...byUnit].map(([unitId, rows]) => ({
        unitId,
        callSign: callSigns.get(unitId) ?? String(unitId),
        assignmentId: null,
        from: from.toISOString(),
        to: to.toISOString(),
        fixes: Number(rows[0]?.n ?? 0),
        points: rows.map(toPoint),
      })),
      statusChanges: changes.map(toChange),
      incidents: incidents.map(toIncident).reverse(),
    };
  }
}
