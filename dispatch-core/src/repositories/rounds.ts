import type { Queryable } from '@c120/db';
import type { RoundStatus } from '@c120/shared/vocabulary';
import { rounds, type NewStopRow, type StopRow, type VisitCandidate } from '@c120/db/repositories';
import type { RoundStopView, RoundView } from '../contracts/outreach.ts';
import { iso, isoOrNull, strOrNull } from './rows.ts';

/** Village rounds (巡诊) as views; the SQL is db's rounds repository. */

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
  const rows = await rounds.roundRows(db, f);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const stops = await rounds.stopRows(db, ids);
  const gaps = await rounds.diversionRows(db, ids);
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
      stops.filter((s) => Number(s.round_id) === Number(r.id)),
      r.status,
    ),
    diversions: gaps
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

export type NewStop = NewStopRow;

/** A planned round and its stops (in order); its id. No view to map: db's statement as it is. */
export const insertRound = rounds.insertRound;

/** The round a unit is on (or about to start) on a given day: planned, in progress or paused. */
export async function liveRoundOfUnit(
  db: Queryable,
  unitId: number,
  date: string,
): Promise<{ id: number; status: RoundStatus } | null> {
  return rounds.liveRoundOfUnit(db, unitId, date);
}

export type { VisitCandidate } from '@c120/db/repositories';

/**
 * For each fix (latest per unit) of a vehicle with a round that day (planned or in progress): the open stop and
 * the village it is at. Units with no round that day cost nothing beyond the join.
 */
export async function visitCandidates(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number; day: string }[],
  radiusM: number,
): Promise<VisitCandidate[]> {
  return rounds.visitCandidates(db, fixes, radiusM);
}
