import { readFileSync } from 'node:fs';
import { envBool, envInt, SettingsError } from '@c120/shared/settings';
import { isIP } from 'node:net';
import {
  DEFAULT_DEFINITIONS,
  DefinitionError,
  parseDefinitionList,
  type IntervalDefinitions,
} from './domain/analytics.ts';
import {
  DEFAULT_SPECIALTY_RULES,
  parseSpecialtyRules,
  SpecialtyRuleError,
  type SpecialtyRules,
} from './domain/specialty-rules.ts';
import {
  DEFAULT_PHONE_LINE_CONFIG,
  loadPhoneLineConfig,
  PhoneLineConfigError,
  type PhoneLineConfig,
} from './services/phone-line-config.ts';

/** Typed, validated settings of the core process, read once at boot. Bad values stop the boot with a reason. */
export interface CoreConfig {
  host: string;
  port: number;
  /** A unit without a fix for this long is stale: flagged, ranked down, announced. */
  staleAfterSeconds: number;
  /** How often the staleness watchdog looks. */
  /**
   * How often the core VACUUMs the hot tables (units, incidents, assignments) that collected dead rows
   * (db's vacuumHotTables; PostgreSQL only). 0 = never (leave it to autovacuum).
   */
  hotVacuumIntervalMs: number;
  watchdogIntervalMs: number;
  /** Position ticks to consoles are coalesced over this interval. */
  positionTickMs: number;
  /** Geofence arrival: within this radius for at least this long. */
  geofenceRadiusM: number;
  geofenceDwellSeconds: number;
  /** Serve the built console from this folder (null: do not serve). */
  consoleDir: string | null;
  /**
   * Demo mode (演示): the demo county and the demo accounts with their published passwords. `'auto'` (DEMO
   * unset): on with the embedded database only, never with DATABASE_URL. `true` (DEMO=true): on with any engine,
   * and the demo county is re-loaded on every start. `false`: off. See `demoEnabled`.
   */
  demo: boolean | 'auto';
  /**
   * Fastify `trustProxy`: which peers' `X-Forwarded-For/Proto/Host` are believed (the TLS proxy in front).
   * false: none (the default: every client could forge them); a hop count; or addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  /**
   * Origins (scheme://host[:port]) besides the console's own that may send state-changing requests and open
   * WebSockets with the session cookie. The console's own origin (the request's scheme and Host) always may.
   */
  allowedOrigins: string[];
  logLevel: string;
  /** Shared secret a separately run gps-ingest presents to POST /api/positions/fixes (null: route refuses). */
  forwardToken: string | null;
  /**
   * The PBX/CTI gateway's own credential for POST /api/telephony/events (`Authorization: Bearer …`; null: the
   * route refuses every call event). At least 16 characters.
   */
  telephonyToken: string | null;
  /** The phone line's other settings: repeat calls, location link and SMS gateway, mass casualty. */
  phoneLine: PhoneLineConfig;
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
   * Unknown, expired or malformed session tokens one address may present to protected routes per minute; beyond
   * it 429 before any database lookup, for tokens this instance has not seen valid. 0: no limit.
   */
  unauthenticatedPerMinute: number;
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
  /**
   * A new incident that names a gazetteer place (`placeId`) and a `location` further apart than this is refused
   * with 422: the point and the address would describe two different places (e.g. two villages of one name).
   */
  placeMatchRadiusM: number;
  /**
   * "No unit yet" alarm thresholds in seconds for priority 1, 2, 3, 4: an open incident without an active run
   * for this long since the call was received rings on every dispatcher console (see DESIGN-NOTES).
   */
  waitAlarmSeconds: [number, number, number, number];
  /** Complaint → needed hospital specialty: the defaults, with the lines of SPECIALTY_RULES_FILE over them. */
  specialtyRules: SpecialtyRules;
  /**
   * Dual dispatch (双车): for incidents of this priority or more urgent (1 = only P1; 0 = never), when the
   * top-ranked unit is not a monitoring ambulance and the nearest available one would arrive at least
   * `dualDispatchMinGapSeconds` later, the recommendation names both.
   */
  dualDispatchMaxPriority: number;
  dualDispatchMinGapSeconds: number;
  /** A crew reporting 到达现场 further than this from the scene is asked to confirm (console; 0 = never). */
  sceneConfirmDistanceM: number;
  /**
   * Font file (TTF/OTF/TTC) the map's label glyphs are rendered from (`/glyphs/…`); null: the first of the
   * Debian CJK fonts found (fonts-wqy-microhei, fonts-noto-cjk). Without one, labels use the browser's fonts.
   */
  glyphFontFile: string | null;
  /** Round visits (巡诊): a vehicle within this radius of a village for this long has arrived (and left when out as long). */
  roundStopRadiusM: number;
  roundStopDwellSeconds: number;
  /** A unit on a live round is ranked this much later for an emergency, so it is taken only when it is clearly best. */
  roundDiversionPenaltySeconds: number;
  /** A booked transfer whose window starts within this many hours is flagged when its unit is taken for an emergency. */
  transferFlagHours: number;
}

/** A core setting that cannot be used (a `SettingsError`: one error style for every process). */
export class ConfigError extends SettingsError {
  override name = 'ConfigError';
}

export const DEFAULT_CONFIG: CoreConfig = {
  host: '127.0.0.1',
  port: 8120,
  staleAfterSeconds: 90,
  watchdogIntervalMs: 5_000,
  hotVacuumIntervalMs: 5_000,
  positionTickMs: 15,
  geofenceRadiusM: 150,
  geofenceDwellSeconds: 15,
  consoleDir: null,
  demo: 'auto',
  trustProxy: false,
  allowedOrigins: [],
  logLevel: 'info',
  forwardToken: null,
  telephonyToken: null,
  phoneLine: DEFAULT_PHONE_LINE_CONFIG,
  coverageIntervalMs: 5_000,
  coverageUrbanMinutes: 12,
  coverageRuralMinutes: 30,
  coverageGoalPercent: 95,
  analyticsIntervals: DEFAULT_DEFINITIONS,
  sessionTtlHours: 12,
  // 100 requests/s per client: a busy dispatcher's console makes a few per action; a control room behind
  // one NAT address shares it until sign-in keys it by user.
  httpRateLimitPerMinute: 6_000,
  // A console whose session ended makes a handful of 401s before showing the login page: 300 lets a whole
  // control room behind one NAT address hit that at once; a garbage-token flood is cut after 300 lookups.
  unauthenticatedPerMinute: 300,
  tileOrigins: [],
  serviceAreaMarginM: 20_000,
  placeMatchRadiusM: 500,
  // P1 at the national call→dispatch target (60 s); the others proportionally later.
  waitAlarmSeconds: [60, 120, 300, 600],
  specialtyRules: DEFAULT_SPECIALTY_RULES,
  dualDispatchMaxPriority: 1,
  // Equal to the ranking's not-ALS penalty: within it the monitoring ambulance is ranked first anyway.
  dualDispatchMinGapSeconds: 120,
  sceneConfirmDistanceM: 500,
  glyphFontFile: null,
  roundStopRadiusM: 300,
  roundStopDwellSeconds: 180,
  roundDiversionPenaltySeconds: 300,
  transferFlagHours: 12,
};

/** Shared parsing; its `SettingsError` is rethrown as this package's `ConfigError` (same message). */
function asConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SettingsError) throw new ConfigError(err.message);
    throw err;
  }
}

const int = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number =>
  asConfigError(() => envInt(env, name, fallback, min, max));

const bool = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean =>
  asConfigError(() => envBool(env, name, fallback));

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

function specialtyRules(env: NodeJS.ProcessEnv): SpecialtyRules {
  const file = env.SPECIALTY_RULES_FILE;
  if (!file) return DEFAULT_SPECIALTY_RULES;
  try {
    return parseSpecialtyRules(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof SpecialtyRuleError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(`SPECIALTY_RULES_FILE ${file}: ${(err as Error).message}`);
    }
    throw err;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    host: env.HOST || DEFAULT_CONFIG.host,
    port: int(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    staleAfterSeconds: int(env, 'STALE_AFTER_SECONDS', DEFAULT_CONFIG.staleAfterSeconds, 5, 86_400),
    watchdogIntervalMs: int(env, 'WATCHDOG_INTERVAL_MS', DEFAULT_CONFIG.watchdogIntervalMs, 100, 600_000),
    hotVacuumIntervalMs: int(env, 'HOT_VACUUM_INTERVAL_MS', DEFAULT_CONFIG.hotVacuumIntervalMs, 0, 3_600_000),
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
    demo: env.DEMO === undefined || env.DEMO === '' ? 'auto' : bool(env, 'DEMO', false),
    trustProxy: trustProxy(env.TRUST_PROXY),
    allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
    logLevel: env.LOG_LEVEL || DEFAULT_CONFIG.logLevel,
    forwardToken: env.INGEST_FORWARD_TOKEN || DEFAULT_CONFIG.forwardToken,
    telephonyToken: telephonyToken(env.TELEPHONY_TOKEN),
    phoneLine: phoneLine(env),
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
    unauthenticatedPerMinute: int(
      env,
      'UNAUTHENTICATED_PER_MINUTE',
      DEFAULT_CONFIG.unauthenticatedPerMinute,
      0,
      10_000_000,
    ),
    tileOrigins: tileOrigins(env),
    serviceAreaMarginM: int(env, 'SERVICE_AREA_MARGIN_M', DEFAULT_CONFIG.serviceAreaMarginM, 0, 1_000_000),
    placeMatchRadiusM: int(env, 'PLACE_MATCH_RADIUS_M', DEFAULT_CONFIG.placeMatchRadiusM, 10, 5_000),
    waitAlarmSeconds: waitAlarmSeconds(env),
    specialtyRules: specialtyRules(env),
    dualDispatchMaxPriority: int(env, 'DUAL_DISPATCH_MAX_PRIORITY', DEFAULT_CONFIG.dualDispatchMaxPriority, 0, 4),
    dualDispatchMinGapSeconds: int(
      env,
      'DUAL_DISPATCH_MIN_GAP_SECONDS',
      DEFAULT_CONFIG.dualDispatchMinGapSeconds,
      0,
      7_200,
    ),
    sceneConfirmDistanceM: int(env, 'SCENE_CONFIRM_DISTANCE_M', DEFAULT_CONFIG.sceneConfirmDistanceM, 0, 100_000),
    glyphFontFile: env.GLYPH_FONT_FILE || DEFAULT_CONFIG.glyphFontFile,
    ...overrides,
  };
}

/** WAIT_ALARM_SECONDS: four integers (priority 1–4), comma-separated, each 1…3600 seconds. */
function waitAlarmSeconds(env: NodeJS.ProcessEnv): [number, number, number, number] {
  const raw = env.WAIT_ALARM_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_CONFIG.waitAlarmSeconds;
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (values.length !== 4 || values.some((n) => !Number.isInteger(n) || n < 1 || n > 3600)) {
    throw new ConfigError(
      `WAIT_ALARM_SECONDS must be four integers 1…3600 (priority 1,2,3,4), e.g. "60,120,300,600", got "${raw}"`,
    );
  }
  return values as [number, number, number, number];
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

/** Demo data and accounts are on: explicitly (DEMO=true), or by default with the embedded engine only. */
export function demoEnabled(config: Pick<CoreConfig, 'demo'>, engine: 'postgres' | 'pglite'): boolean {
  return config.demo === 'auto' ? engine === 'pglite' : config.demo;
}

/**
 * TRUST_PROXY: unset/`false`/`off` → trust nobody; an integer → that many proxy hops; else a comma-separated
 * list of addresses or CIDRs (`127.0.0.1,10.0.0.0/8`). `true` (trust every peer) is refused: any client could
 * then claim any address and defeat the per-address limits.
 */
export function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw.trim() === '' || ['false', 'off', 'no', '0'].includes(raw.trim().toLowerCase())) {
    return false;
  }
  const v = raw.trim();
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY hop count must be 1–10, got "${raw}"`);
    return hops;
  }
  if (['true', 'on', 'yes'].includes(v.toLowerCase())) {
    throw new ConfigError(
      "TRUST_PROXY=true would believe X-Forwarded-For from any client: give the proxy's address(es)/CIDR(s) or a hop count",
    );
  }
  const list = v.split(/[\s,]+/).filter(Boolean);
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > maxBits);
    if (!family || badBits || extra !== undefined) {
      throw new ConfigError(`TRUST_PROXY entries must be IP addresses or CIDRs (e.g. 10.0.0.0/8), got "${entry}"`);
    }
  }
  return list;
}

/** ALLOWED_ORIGINS: comma-separated origins such as `https://120.county.example` (no path, no trailing slash). */
export function allowedOrigins(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const o of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS entries must be origins like https://120.example.cn, got "${o}"`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(`ALLOWED_ORIGINS entries must be origins like https://120.example.cn, got "${o}"`);
    }
    out.push(url.origin);
  }
  return out;
}

function phoneLine(env: NodeJS.ProcessEnv): PhoneLineConfig {
  try {
    return loadPhoneLineConfig(env);
  } catch (err) {
    if (err instanceof PhoneLineConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

/** TELEPHONY_TOKEN: a shared secret, long enough not to be guessed (a phone number is never a credential). */
function telephonyToken(v: string | undefined): string | null {
  if (!v) return null;
  if (v.length < 16) throw new ConfigError('TELEPHONY_TOKEN must be at least 16 characters');
  return v;
}
