/**
 * Response analytics: interval definitions and the statistics over them. Pure functions; the SQL in
 * `services/analytics.ts` computes the same statistics in the database (percentile_cont), and the tests hold
 * both to the same hand-computed numbers.
 */

/**
 * The recorded timestamps an interval may start or end at (never typed-in times). For a run-level stamp the
 * run is the incident's responding run (`respondingRun` in `intervals.ts`: first on scene, else the first not
 * cancelled or reassigned, else the first).
 */
export const STAMPS = [
  'call_received', // 受理 incidents.call_received_at — the call was answered
  'incident_created', // 建单 incidents.created_at — the incident was entered
  'first_dispatched', // 首次派车 incidents.first_dispatched_at — first command issued for the incident
  'dispatched', // 派车 assignments.assigned_at of the run
  'en_route', // 出车 assignments.en_route_at
  'on_scene', // 到达现场 assignments.on_scene_at
  'transporting', // 病人上车 assignments.transporting_at
  'at_hospital', // 送达医院 assignments.at_hospital_at
  'cleared', // 任务完成 assignments.cleared_at
  'run_ended', // 结束 assignments.ended_at
  'closed', // 结案 incidents.closed_at
] as const;
export type Stamp = (typeof STAMPS)[number];

export const INTERVAL_NAMES = ['callToDispatch', 'dispatchToEnRoute', 'enRouteToScene', 'total'] as const;
export type IntervalName = (typeof INTERVAL_NAMES)[number];

export interface IntervalDefinition {
  from: Stamp;
  to: Stamp;
  /** "Within target" means interval ≤ this many seconds. */
  targetSeconds: number;
}
export type IntervalDefinitions = Record<IntervalName, IntervalDefinition>;

/**
 * Defaults. `dispatchToEnRoute` is also the 3-minute departure rate (3分钟出车率: 派车→出车 ≤ 180 s, target ≥ 95 %)
 * and `total` is the national average response time (平均反应时间: 受理→到达现场). The target times of the other two
 * are this centre's choices (NFPA 1710-style: call processing 60 s; travel 12 min for a rural county).
 */
export const DEFAULT_DEFINITIONS: IntervalDefinitions = {
  callToDispatch: { from: 'call_received', to: 'first_dispatched', targetSeconds: 60 },
  dispatchToEnRoute: { from: 'dispatched', to: 'en_route', targetSeconds: 180 },
  enRouteToScene: { from: 'en_route', to: 'on_scene', targetSeconds: 720 },
  total: { from: 'call_received', to: 'on_scene', targetSeconds: 900 },
};

/** The national 3-minute departure rate target (≥ 95 % of runs leave within 180 s of the command). */
export const DEPARTURE_RATE_TARGET = 0.95;

const isStamp = (s: string): s is Stamp => (STAMPS as readonly string[]).includes(s);
export const isIntervalName = (s: string): s is IntervalName => (INTERVAL_NAMES as readonly string[]).includes(s);

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/**
 * Parses `from..to` or `from..to@seconds` (e.g. `call_received..on_scene@900`); a missing target keeps
 * `fallbackTarget`. Throws DefinitionError with a reason a person can act on.
 */
export function parseDefinition(text: string, fallbackTarget: number): IntervalDefinition {
  const m = /^([a-z_]+)\.\.([a-z_]+)(?:@(\d{1,6}))?$/.exec(text.trim());
  if (!m) throw new DefinitionError(`"${text}" is not "from..to" or "from..to@seconds"`);
  const [, from = '', to = '', target] = m;
  for (const s of [from, to]) {
    if (!isStamp(s)) throw new DefinitionError(`unknown stamp "${s}" (one of ${STAMPS.join(', ')})`);
  }
  if (from === to) throw new DefinitionError(`"${text}" starts and ends at the same stamp`);
  const targetSeconds = target === undefined ? fallbackTarget : Number(target);
  if (targetSeconds <= 0) throw new DefinitionError(`target of "${text}" must be positive`);
  return { from: from as Stamp, to: to as Stamp, targetSeconds };
}

/**
 * `name=from..to@seconds` entries separated by commas or newlines, applied over `base` (env
 * ANALYTICS_INTERVALS, or a config file with one entry per line).
 */
export function parseDefinitionList(text: string, base: IntervalDefinitions): IntervalDefinitions {
  const out: IntervalDefinitions = { ...base };
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (!entry || entry.startsWith('#')) continue;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (!isIntervalName(name)) {
      throw new DefinitionError(`"${entry}" must start with one of ${INTERVAL_NAMES.join(', ')} and "="`);
    }
    out[name] = parseDefinition(entry.slice(eq + 1), base[name].targetSeconds);
  }
  return out;
}

export const formatDefinition = (d: IntervalDefinition): string => `${d.from}..${d.to}@${d.targetSeconds}`;

/**
 * Percentile by linear interpolation between closest ranks (Hyndman & Fan type 7, the same as PostgreSQL
 * `percentile_cont`, Excel `PERCENTILE.INC`, numpy's default): position h = (n − 1)·p over the sorted values,
 * result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). Null for no values. The median is p = 0.5.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside [0, 1]`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export interface IntervalStats {
  /** Runs with both stamps (and a non-negative interval). */
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
  withinTarget: number;
  /** withinTarget / count; null when count is 0. */
  shareWithinTarget: number | null;
}

/** Statistics of one interval's values in seconds (nulls — a stamp missing — and negatives are not counted). */
export function intervalStats(values: readonly (number | null)[], targetSeconds: number): IntervalStats {
  const xs = values.filter((v): v is number => v !== null && v >= 0);
  const within = xs.filter((v) => v <= targetSeconds).length;
  return {
    count: xs.length,
    median: percentile(xs, 0.5),
    p90: percentile(xs, 0.9),
    mean: xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null,
    withinTarget: within,
    shareWithinTarget: xs.length ? within / xs.length : null,
  };
}

/** Seconds from one stamp to another; null when either is missing. */
export function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? (to.getTime() - from.getTime()) / 1000 : null;
}

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai (UTC+8 all year: China has no DST). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
