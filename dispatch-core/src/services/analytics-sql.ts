import type { IntervalDefinition, Stamp } from '../domain/analytics.ts';

/**
 * The column of each stamp in the `run_rows` CTE below. Interval SQL is built only from this table and the
 * fixed interval names, never from request text (definitions are parsed against the stamp list first).
 */
const STAMP_COLUMN: Record<Stamp, string> = {
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

/** Every stamp column of `run_rows`. */
export const STAMP_COLUMNS = Object.values(STAMP_COLUMN);

/** Seconds of an interval on a `run_rows` row (null when a stamp is missing). */
export const intervalSql = (d: IntervalDefinition): string =>
  `extract(epoch FROM (${STAMP_COLUMN[d.to]} - ${STAMP_COLUMN[d.from]}))::float8`;

/**
 * One row per run (assignment) of every incident received in [$1, $2), and one row with null run columns for
 * an incident without any run. `responding` marks the run that answers for the incident's response times — the
 * same rule as `respondingRun()` in domain/intervals.ts: first on scene; before any arrival the earliest run not
 * cancelled or reassigned; failing that the first run. Served by the `incidents_received` index.
 */
export const RUN_ROWS_CTE = `run_rows AS (
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
  WHERE i.call_received_at >= $1 AND i.call_received_at < $2
)`;

/** The group key of a row: Asia/Shanghai calendar day, township code ('' outside every township), priority. */
export const GROUP_KEY_SQL = {
  day: `to_char((call_received_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`,
  township: `coalesce(township_code, '')`,
  priority: `priority::text`,
} as const;
