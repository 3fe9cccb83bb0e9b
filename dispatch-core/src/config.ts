import { readFileSync } from 'node:fs';
import {
  DEFAULT_DEFINITIONS,
  DefinitionError,
  parseDefinitionList,
  type IntervalDefinitions,
} from './domain/analytics.ts';

/** Typed, validated settings of the core process, read once at boot. Bad values stop the boot with a reason. */
export interface CoreConfig {
  host: string;
  port: number;
  /** A unit without a fix for this long is stale: flagged, ranked down, announced. */
  staleAfterSeconds: number;
  /** How often the staleness watchdog looks. */
  watchdogIntervalMs: number;
  /** Position ticks to consoles are coalesced over this interval. */
  positionTickMs: number;
  /** Geofence arrival: within this radius for at least this long. */
  geofenceRadiusM: number;
  geofenceDwellSeconds: number;
  /** Serve the built console from this folder (null: do not serve). */
  consoleDir: string | null;
  /** Load the demo county on boot and run the simulator (issue: simulator). */
  demo: boolean;
  logLevel: string;
  /** Shared secret a separately run gps-ingest presents to POST /api/positions/fixes (null: route refuses). */
  forwardToken: string | null;
  /** Live coverage is recomputed at most this often, and only after units changed status or moved. */
  coverageIntervalMs: number;
  /** Response-time targets for coverage, minutes: 街道 (urban) and towns (rural). */
  coverageUrbanMinutes: number;
  coverageRuralMinutes: number;
  /** Below this share of the population covered, a move-up is suggested (percent). */
  coverageGoalPercent: number;
  /** Response-interval definitions for analytics (defaults, then ANALYTICS_CONFIG_FILE, then ANALYTICS_INTERVALS). */
  analyticsIntervals: IntervalDefinitions;
  /** A sign-in session ends this long after it was opened. */
  sessionTtlHours: number;
  /**
   * Requests per minute one client may make to the HTTP API (keyed by the signed-in user when there is one,
   * else the IP address); beyond it 429 with the reason and `retry-after`. 0: no limit. Health, readiness,
   * metrics and the gps-ingest forwarding route are exempt.
   */
  httpRateLimitPerMinute: number;
  /**
   * Extra origins (e.g. `https://tiles.example.cn`) the console may load map tiles from, for the
   * Content-Security-Policy; Tianditu and the hosts of `PUBLIC_TILE_URLS` are always allowed.
   */
  tileOrigins: string[];
  /**
   * Incidents must lie within this many metres of the county boundary (`regions`): calls from just across the
   * line are taken, a point in another province (a slip of the map, a swapped lon/lat) is refused with 422.
   */
  serviceAreaMarginM: number;
  /** Round visits (巡诊): a vehicle within this radius of a village for this long has arrived (and left when out as long). */
  roundStopRadiusM: number;
  roundStopDwellSeconds: number;
  /** A unit on a live round is ranked this much later for an emergency, so it is taken only when it is clearly best. */
  roundDiversionPenaltySeconds: number;
  /** A booked transfer whose window starts within this many hours is flagged when its unit is taken for an emergency. */
  transferFlagHours: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_CONFIG: CoreConfig = {
  host: '127.0.0.1',
  port: 8120,
  staleAfterSeconds: 90,
  watchdogIntervalMs: 5_000,
  positionTickMs: 15,
  geofenceRadiusM: 150,
  geofenceDwellSeconds: 15,
  consoleDir: null,
  demo: false,
  logLevel: 'info',
  forwardToken: null,
  coverageIntervalMs: 5_000,
  coverageUrbanMinutes: 12,
  coverageRuralMinutes: 30,
  coverageGoalPercent: 95,
  analyticsIntervals: DEFAULT_DEFINITIONS,
  sessionTtlHours: 12,
  // 100 requests/s per client: a busy dispatcher's console makes a few per action; a control room behind
  // one NAT address shares it until sign-in keys it by user.
  httpRateLimitPerMinute: 6_000,
  tileOrigins: [],
  serviceAreaMarginM: 20_000,
  roundStopRadiusM: 300,
  roundStopDwellSeconds: 180,
  roundDiversionPenaltySeconds: 300,
  transferFlagHours: 12,
};

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * Interval definitions: the defaults, overridden by the lines of the file named by ANALYTICS_CONFIG_FILE, then
 * by ANALYTICS_INTERVALS (both `name=from..to@seconds`, see domain/analytics.ts).
 */
function analyticsIntervals(env: NodeJS.ProcessEnv): IntervalDefinitions {
  let defs = DEFAULT_DEFINITIONS;
  try {
    const file = env.ANALYTICS_CONFIG_FILE;
    if (file) defs = parseDefinitionList(readFileSync(file, 'utf8'), defs);
    if (env.ANALYTICS_INTERVALS) defs = parseDefinitionList(env.ANALYTICS_INTERVALS, defs);
  } catch (err) {
    if (err instanceof DefinitionError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(`analytics interval definitions: ${(err as Error).message}`);
    }
    throw err;
  }
  return defs;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    host: env.HOST || DEFAULT_CONFIG.host,
    port: int(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    staleAfterSeconds: int(env, 'STALE_AFTER_SECONDS', DEFAULT_CONFIG.staleAfterSeconds, 5, 86_400),
    watchdogIntervalMs: int(env, 'WATCHDOG_INTERVAL_MS', DEFAULT_CONFIG.watchdogIntervalMs, 100, 600_000),
    positionTickMs: int(env, 'POSITION_TICK_MS', DEFAULT_CONFIG.positionTickMs, 5, 10_000),
    geofenceRadiusM: int(env, 'GEOFENCE_RADIUS_M', DEFAULT_CONFIG.geofenceRadiusM, 10, 5_000),
    geofenceDwellSeconds: int(env, 'GEOFENCE_DWELL_SECONDS', DEFAULT_CONFIG.geofenceDwellSeconds, 0, 3_600),
    roundStopRadiusM: int(env, 'ROUND_STOP_RADIUS_M', DEFAULT_CONFIG.roundStopRadiusM, 20, 5_000),
    roundStopDwellSeconds: int(env, 'ROUND_STOP_DWELL_SECONDS', DEFAULT_CONFIG.roundStopDwellSeconds, 0, 7_200),
    roundDiversionPenaltySeconds: int(
      env,
      'ROUND_DIVERSION_PENALTY_SECONDS',
      DEFAULT_CONFIG.roundDiversionPenaltySeconds,
      0,
      7_200,
    ),
    transferFlagHours: int(env, 'TRANSFER_FLAG_HOURS', DEFAULT_CONFIG.transferFlagHours, 0, 168),
    consoleDir: env.CONSOLE_DIR ?? DEFAULT_CONFIG.consoleDir,
    demo: bool(env, 'DEMO', DEFAULT_CONFIG.demo),
    logLevel: env.LOG_LEVEL || DEFAULT_CONFIG.logLevel,
    forwardToken: env.INGEST_FORWARD_TOKEN || DEFAULT_CONFIG.forwardToken,
    coverageIntervalMs: int(env, 'COVERAGE_INTERVAL_MS', DEFAULT_CONFIG.coverageIntervalMs, 100, 600_000),
    coverageUrbanMinutes: int(env, 'COVERAGE_URBAN_MINUTES', DEFAULT_CONFIG.coverageUrbanMinutes, 1, 120),
    coverageRuralMinutes: int(env, 'COVERAGE_RURAL_MINUTES', DEFAULT_CONFIG.coverageRuralMinutes, 1, 240),
    coverageGoalPercent: int(env, 'COVERAGE_GOAL_PERCENT', DEFAULT_CONFIG.coverageGoalPercent, 1, 100),
    analyticsIntervals: analyticsIntervals(env),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', DEFAULT_CONFIG.sessionTtlHours, 1, 24 * 30),
    httpRateLimitPerMinute: int(
      env,
      'HTTP_RATE_LIMIT_PER_MINUTE',
      DEFAULT_CONFIG.httpRateLimitPerMinute,
      0,
      10_000_000,
    ),
    tileOrigins: tileOrigins(env),
    serviceAreaMarginM: int(env, 'SERVICE_AREA_MARGIN_M', DEFAULT_CONFIG.serviceAreaMarginM, 0, 1_000_000),
    ...overrides,
  };
}

/**
 * Origins of the configured map tiles (the console's `PUBLIC_TILE_URLS`, `{s}` expanded with
 * `PUBLIC_TILE_SUBDOMAINS`) plus `CSP_TILE_ORIGINS` (comma-separated), for the Content-Security-Policy.
 */
function tileOrigins(env: NodeJS.ProcessEnv): string[] {
  const hosts = (env.PUBLIC_TILE_SUBDOMAINS || 'a,b,c').split(/[\s,]+/).filter(Boolean);
  const urls = (env.PUBLIC_TILE_URLS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .flatMap((u) => (u.includes('{s}') ? hosts.map((h) => u.replaceAll('{s}', h)) : [u]));
  const origins = new Set<string>();
  for (const u of urls) {
    try {
      origins.add(new URL(u.replace(/[{}]/g, '')).origin);
    } catch {
      throw new ConfigError(`PUBLIC_TILE_URLS has an entry that is not a URL: "${u}"`);
    }
  }
  for (const o of (env.CSP_TILE_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (!/^https?:\/\/[^/\s'";]+$/.test(o)) {
      throw new ConfigError(`CSP_TILE_ORIGINS entries must be origins like https://tiles.example.cn, got "${o}"`);
    }
    origins.add(o);
  }
  return [...origins];
}
