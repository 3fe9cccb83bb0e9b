import { sql, type SQL } from 'drizzle-orm';
import type { Queryable, Row } from '../client/types.ts';
import { rowsOf } from './sql.ts';

/**
 * Response analytics over incidents and their runs. Interval SQL is built only from the fixed stamp columns and
 * interval names below (checked), never from request text; values (the range, targets) are bound parameters.
 */

/** The time stamps of a `run_rows` row (incident times and the run's own). */
export const RUN_STAMP_COLUMNS = [
  'call_received_at',
  'incident_created_at',
  'first_dispatched_at',
  'assigned_at',
  'en_route_at',
  'on_scene_at',
  'transporting_at',
  'at_hospital_at',
  'cleared_at',
  'ended_at',
  'closed_at',
] as const;
export type RunStampColumn = (typeof RUN_STAMP_COLUMNS)[number];

/** An interval between two stamps of a run, and the seconds within which it counts as "within target". */
export interface IntervalColumns {
  from: RunStampColumn;
  to: RunStampColumn;
  targetSeconds: number;
}

const stamp = (c: RunStampColumn): SQL => {
  if (!RUN_STAMP_COLUMNS.includes(c)) throw new Error(`not a run stamp column: ${String(c)}`);
  return sql.raw(c);
};

/** Seconds of an interval on a `run_rows` row (null when a stamp is missing). */
const intervalSeconds = (d: IntervalColumns): SQL =>
  sql`extract(epoch FROM (${stamp(d.to)} - ${stamp(d.from)}))::float8`;

/**
 * One row per run (assignment) of every incident received in [from, to), and one row with null run columns for
 * an incident without any run. `responding` marks the run that answers for the incident's response times — the
 * same rule as `respondingRun()` in dispatch-core's domain/intervals.ts: first on scene; before any arrival the
 * earliest run not cancelled or reassigned; failing that the first run. Served by the `incidents_received` index.
 */
const runRowsCte = (from: Date, to: Date): SQL => sql`run_rows AS (
  SELECT i.id AS incident_id, i.priority, i.township_code, i.status AS incident_status,
         i.call_received_at, i.created_at AS incident_created_at, i.first_dispatched_at, i.closed_at,
         a.id AS run_id, a.unit_id, u.call_sign, a.assigned_at, a.en_route_at, a.on_scene_at, a.transporting_at,
         a.at_hospital_at, a.cleared_at, a.ended_at, a.outcome,
         row_number() OVER (
           PARTITION BY i.id
           ORDER BY a.on_scene_at IS NULL, a.on_scene_at,
                    coalesce(a.outcome IN ('cancelled', 'reassigned'), false), a.assigned_at, a.id
         ) = 1 AS responding
  FROM incidents i
  LEFT JOIN assignments a ON a.incident_id = i.id
  LEFT JOIN units u ON u.id = a.unit_id
  WHERE i.call_received_at >= ${from} AND i.call_received_at < ${to}
)`;

/** The group key of a row: Asia/Shanghai calendar day, township code ('' outside every township), priority. */
const GROUP_KEY = {
  day: sql.raw(`to_char((call_received_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`),
  township: sql.raw(`coalesce(township_code, '')`),
  priority: sql.raw(`priority::text`),
} as const;
export type AnalyticsGroupKey = keyof typeof GROUP_KEY;

const intervalName = (n: string): string => {
  if (!/^[A-Za-z]+$/.test(n)) throw new Error(`not an interval name: ${n}`);
  return n;
};

/**
 * Counts and percentiles per group and overall (`is_total` = 1): incidents, runs, outcomes, departures (within
 * `departureSeconds`), and per interval `<name>_count`, `_p50`, `_p90`, `_mean`, `_within` — intervals count for
 * the incident's responding run only; departures count every run.
 */
export function summaryRows<R extends Row = Row>(
  db: Queryable,
  from: Date,
  to: Date,
  groupBy: AnalyticsGroupKey,
  intervals: Record<string, IntervalColumns>,
  departureInterval: string,
  departureSeconds: number,
): Promise<R[]> {
  const names = Object.keys(intervals).map(intervalName);
  const dep = sql.raw(`iv_${intervalName(departureInterval)}`);
  const perInterval = sql.join(
    names.map((n) => {
      const x = sql.raw(`iv_${n}`);
      const ok = sql`responding AND ${x} >= 0`;
      const alias = (suffix: string) => sql.raw(`"${n}_${suffix}"`);
      return sql`count(${x}) FILTER (WHERE ${ok}) AS ${alias('count')},
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x}) FILTER (WHERE ${ok}) AS ${alias('p50')},
        percentile_cont(0.9) WITHIN GROUP (ORDER BY ${x}) FILTER (WHERE ${ok}) AS ${alias('p90')},
        avg(${x}) FILTER (WHERE ${ok}) AS ${alias('mean')},
        count(*) FILTER (WHERE ${ok} AND ${x} <= ${sql.raw(String(Number(intervals[n]!.targetSeconds)))}) AS ${alias('within')}`;
    }),
    sql`,\n`,
  );
  const measures = sql.join(
    names.map((n) => sql`${intervalSeconds(intervals[n]!)} AS ${sql.raw(`iv_${n}`)}`),
    sql`, `,
  );
  return rowsOf<R>(
    db,
    sql`WITH ${runRowsCte(from, to)},
      measured AS (
        SELECT r.*, ${GROUP_KEY[groupBy]} AS key, ${measures}
        FROM run_rows r
      )
      SELECT key, GROUPING(key) AS is_total,
        count(*) FILTER (WHERE responding) AS incidents,
        count(run_id) AS runs,
        count(*) FILTER (WHERE responding AND incident_status = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE outcome = 'transported') AS transported,
        count(*) FILTER (WHERE outcome = 'declined') AS declined,
        count(*) FILTER (WHERE outcome = 'gone_on_arrival') AS gone_on_arrival,
        count(*) FILTER (WHERE outcome = 'deceased') AS deceased,
        count(*) FILTER (WHERE run_id IS NOT NULL AND ${dep} >= 0) AS departures,
        count(*) FILTER (WHERE run_id IS NOT NULL AND ${dep} >= 0
                         AND ${dep} <= ${sql.raw(String(Number(departureSeconds)))}) AS departures_within,
        ${perInterval}
      FROM measured
      GROUP BY GROUPING SETS ((key), ())
      ORDER BY is_total, key`,
  );
}

/**
 * Every run (and every incident without one) received in [from, to), oldest first. Stamps travel as epoch
 * milliseconds (float8), not timestamptz: parsing ~11 timestamps a row into Dates in the driver dominated the
 * cost of a year's export (bench:analytics).
 */
export function runRows(db: Queryable, from: Date, to: Date): Promise<Row[]> {
  const stamps = sql.join(
    RUN_STAMP_COLUMNS.map((c) => sql`(extract(epoch FROM r.${stamp(c)}) * 1000)::float8 AS ${stamp(c)}`),
    sql`, `,
  );
  return rowsOf<Row>(
    db,
    sql`WITH ${runRowsCte(from, to)}
        SELECT r.incident_id, r.priority, r.township_code, t.name AS township_name, r.run_id, r.call_sign,
               r.responding, r.outcome, ${stamps}
        FROM run_rows r LEFT JOIN townships t ON t.code = r.township_code
        ORDER BY r.call_received_at, r.incident_id, r.assigned_at NULLS FIRST, r.run_id`,
  );
}
