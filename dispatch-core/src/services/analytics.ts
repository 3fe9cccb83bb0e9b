import { analytics, coverage, type IntervalColumns, type RunStampColumn } from '@c120/db/repositories';
import type { AnalyticsGroup, AnalyticsSummary, GroupBy, IntervalStatsView } from '../contracts/analytics.ts';
import {
  DEPARTURE_RATE_TARGET,
  DefinitionError,
  INTERVAL_NAMES,
  parseDefinition,
  secondsBetween,
  shanghaiDay,
  type IntervalDefinitions,
  type IntervalName,
  type Stamp,
} from '../domain/analytics.ts';
import { badRequest } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';

/** A summary or export covers at most this span (a year and a day: a leap year with its neighbour's edge). */
export const MAX_SPAN_DAYS = 367;
/** The 3-minute departure rate's threshold (national indicator; not configurable, unlike the intervals). */
const DEPARTURE_SECONDS = 180;

/** The `run_rows` column of each stamp (db's analytics repository builds interval SQL only from these). */
const STAMP_COLUMN: Record<Stamp, RunStampColumn> = {
  call_received: 'call_received_at',
  incident_created: 'incident_created_at',
  first_dispatched: 'first_dispatched_at',
  dispatched: 'assigned_at',
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  transporting: 'transporting_at',
  at_hospital: 'at_hospital_at',
  cleared: 'cleared_at',
  run_ended: 'ended_at',
  closed: 'closed_at',
};

export const PERCENTILE_METHOD =
  'linear interpolation between closest ranks (PostgreSQL percentile_cont, Excel PERCENTILE.INC, Hyndman-Fan type 7)';

export interface AnalyticsRange {
  from: Date;
  to: Date;
}

/** Checks a requested range: both instants, from < to, at most MAX_SPAN_DAYS. */
export function checkRange(fromText: string, toText: string, maxSpanMs = MAX_SPAN_DAYS * 86_400_000): AnalyticsRange {
  const from = new Date(fromText);
  const to = new Date(toText);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw badRequest('from and to must be ISO-8601 instants');
  if (from.getTime() >= to.getTime()) throw badRequest(`from (${fromText}) must be before to (${toText})`, 'range');
  if (to.getTime() - from.getTime() > maxSpanMs) {
    throw badRequest(`the range spans more than ${maxSpanMs / 86_400_000} days; ask for less`, 'range');
  }
  return { from, to };
}

/** The configured definitions with this request's overrides (`from..to[@seconds]`), or a 400 with the reason. */
export function definitionsFor(
  base: IntervalDefinitions,
  overrides: Partial<Record<IntervalName, string | undefined>>,
): IntervalDefinitions {
  const out: IntervalDefinitions = { ...base };
  for (const name of INTERVAL_NAMES) {
    const text = overrides[name];
    if (text === undefined) continue;
    try {
      out[name] = parseDefinition(text, base[name].targetSeconds);
    } catch (err) {
      if (err instanceof DefinitionError) throw badRequest(`${name}: ${err.message}`, 'definition');
      throw err;
    }
  }
  return out;
}

type Row = Record<string, unknown> & { key: string | null; is_total: number };

const round1 = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
const int = (v: unknown): number => Number(v ?? 0);

function emptyGroup(key: string | null, label: string): AnalyticsGroup {
  const stats: IntervalStatsView = {
    count: 0,
    median: null,
    p90: null,
    mean: null,
    withinTarget: 0,
    shareWithinTarget: null,
  };
  return {
    key,
    label,
    volumes: { incidents: 0, runs: 0, cancelledIncidents: 0, transported: 0 },
    intervals: { callToDispatch: stats, dispatchToEnRoute: stats, enRouteToScene: stats, total: stats },
    national: {
      departureRate: null,
      departures: 0,
      departuresWithin180s: 0,
      departureRateTarget: DEPARTURE_RATE_TARGET,
      meetsDepartureTarget: null,
      averageResponseSeconds: null,
      responses: 0,
    },
    emptyRuns: { declined: 0, gone_on_arrival: 0, deceased: 0, total: 0 },
  };
}

function toGroup(r: Row, label: string): AnalyticsGroup {
  const stats = (n: IntervalName): IntervalStatsView => {
    const count = int(r[`${n}_count`]);
    const within = int(r[`${n}_within`]);
    return {
      count,
      median: round1(r[`${n}_p50`]),
      p90: round1(r[`${n}_p90`]),
      mean: round1(r[`${n}_mean`]),
      withinTarget: within,
      shareWithinTarget: count ? within / count : null,
    };
  };
  const departures = int(r.departures);
  const departuresWithin = int(r.departures_within);
  const departureRate = departures ? departuresWithin / departures : null;
  const intervals = {
    callToDispatch: stats('callToDispatch'),
    dispatchToEnRoute: stats('dispatchToEnRoute'),
    enRouteToScene: stats('enRouteToScene'),
    total: stats('total'),
  };
  const emptyRuns = { declined: int(r.declined), gone_on_arrival: int(r.gone_on_arrival), deceased: int(r.deceased) };
  return {
    key: r.key,
    label,
    volumes: {
      incidents: int(r.incidents),
      runs: int(r.runs),
      cancelledIncidents: int(r.cancelled),
      transported: int(r.transported),
    },
    intervals,
    national: {
      departureRate,
      departures,
      departuresWithin180s: departuresWithin,
      departureRateTarget: DEPARTURE_RATE_TARGET,
      meetsDepartureTarget: departureRate === null ? null : departureRate >= DEPARTURE_RATE_TARGET,
      averageResponseSeconds: intervals.total.mean,
      responses: intervals.total.count,
    },
    emptyRuns: { ...emptyRuns, total: emptyRuns.declined + emptyRuns.gone_on_arrival + emptyRuns.deceased },
  };
}

/** Asia/Shanghai days touched by [from, to), in order (for day groups with no calls). */
function daysOf(range: AnalyticsRange): string[] {
  const days: string[] = [];
  const last = shanghaiDay(new Date(range.to.getTime() - 1));
  for (let d = shanghaiDay(range.from); d <= last;) {
    days.push(d);
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  return days;
}

export interface RunRecord {
  incidentId: number;
  priority: number;
  townshipCode: string | null;
  townshipName: string | null;
  runId: number | null;
  callSign: string | null;
  responding: boolean;
  outcome: string | null;
  stamps: Record<
    | 'callReceived'
    | 'incidentCreated'
    | 'firstDispatched'
    | 'dispatched'
    | 'enRoute'
    | 'onScene'
    | 'transporting'
    | 'atHospital'
    | 'cleared'
    | 'ended'
    | 'closed',
    Date | null
  >;
  intervals: Record<IntervalName, number | null>;
}

/** Response analytics over recorded stamps; the aggregation (percentiles included) happens in SQL. */
export class AnalyticsService {
  constructor(private readonly ctx: ServiceContext) {}

  async summary(range: AnalyticsRange, groupBy: GroupBy, defs: IntervalDefinitions): Promise<AnalyticsSummary> {
    // Intervals count for the incident's responding run only; departures and empty runs count every run.
    const intervals = Object.fromEntries(
      INTERVAL_NAMES.map((n): [string, IntervalColumns] => [
        n,
        { from: STAMP_COLUMN[defs[n].from], to: STAMP_COLUMN[defs[n].to], targetSeconds: defs[n].targetSeconds },
      ]),
    );
    const rows = await analytics.summaryRows<Row>(
      this.ctx.db,
      range.from,
      range.to,
      groupBy,
      intervals,
      'dispatchToEnRoute',
      DEPARTURE_SECONDS,
    );
    const labels = groupBy === 'township' ? await this.townshipNames() : new Map<string, string>();
    const label = (key: string | null): string => {
      if (key === null) return 'all';
      if (groupBy === 'township') return labels.get(key) ?? (key === '' ? '—' : key);
      if (groupBy === 'priority') return `P${key}`;
      return key;
    };
    const totalRow = rows.find((r) => Number(r.is_total) === 1);
    const found = new Map(rows.filter((r) => Number(r.is_total) === 0).map((r) => [r.key, toGroup(r, label(r.key))]));
    let groups = [...found.values()];
    if (groupBy === 'day') groups = daysOf(range).map((d) => found.get(d) ?? emptyGroup(d, d));
    if (groupBy === 'priority') groups = ['1', '2', '3', '4'].map((p) => found.get(p) ?? emptyGroup(p, `P${p}`));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      groupBy,
      timeZone: 'Asia/Shanghai',
      percentile: PERCENTILE_METHOD,
      definitions: defs,
      overall: totalRow ? toGroup(totalRow, 'all') : emptyGroup(null, 'all'),
      groups,
    };
  }

  /** Every run (and every incident without one) received in the range, oldest first, with its intervals. */
  async runs(range: AnalyticsRange, defs: IntervalDefinitions): Promise<RunRecord[]> {
    // Stamps come as epoch milliseconds (see the repository: cheaper than Dates from the driver).
    const rows = await analytics.runRows(this.ctx.db, range.from, range.to);
    const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
    return rows.map((r) => {
      const byStamp = {
        call_received: date(r.call_received_at),
        incident_created: date(r.incident_created_at),
        first_dispatched: date(r.first_dispatched_at),
        dispatched: date(r.assigned_at),
        en_route: date(r.en_route_at),
        on_scene: date(r.on_scene_at),
        transporting: date(r.transporting_at),
        at_hospital: date(r.at_hospital_at),
        cleared: date(r.cleared_at),
        run_ended: date(r.ended_at),
        closed: date(r.closed_at),
      };
      const interval = (n: IntervalName) => {
        const s = secondsBetween(byStamp[defs[n].from], byStamp[defs[n].to]);
        return s === null ? null : Math.round(s * 10) / 10;
      };
      return {
        incidentId: Number(r.incident_id),
        priority: Number(r.priority),
        townshipCode: r.township_code === null ? null : String(r.township_code),
        townshipName: r.township_name === null ? null : String(r.township_name),
        runId: r.run_id === null ? null : Number(r.run_id),
        callSign: r.call_sign === null ? null : String(r.call_sign),
        responding: r.responding === true,
        outcome: r.outcome === null ? null : String(r.outcome),
        stamps: {
          callReceived: byStamp.call_received,
          incidentCreated: byStamp.incident_created,
          firstDispatched: byStamp.first_dispatched,
          dispatched: byStamp.dispatched,
          enRoute: byStamp.en_route,
          onScene: byStamp.on_scene,
          transporting: byStamp.transporting,
          atHospital: byStamp.at_hospital,
          cleared: byStamp.cleared,
          ended: byStamp.run_ended,
          closed: byStamp.closed,
        },
        intervals: {
          callToDispatch: interval('callToDispatch'),
          dispatchToEnRoute: interval('dispatchToEnRoute'),
          enRouteToScene: interval('enRouteToScene'),
          total: interval('total'),
        },
      };
    });
  }

  private async townshipNames(): Promise<Map<string, string>> {
    const rows = await coverage.townshipNames(this.ctx.db);
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
