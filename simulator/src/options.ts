/** Simulator settings: the options object of `startSimulator`, its defaults, and the environment reader of main.ts. */
import { SettingsError } from '@c120/shared/settings';
import { DEFAULT_CREW_TIMING, type CrewTiming } from './crew.ts';
import type { SimDevice } from './devices.ts';
import type { Gazetteer } from './gazetteer.ts';
import { DEFAULT_CALL_MIX, type CallMix } from './calls.ts';
import { DEFAULT_SPEEDS, type SpeedBands } from './route.ts';
import { plannedWorkFromEnv, type PlannedWorkOptions } from './planned-work.ts';

export interface SimulatorOptions extends PlannedWorkOptions {
  /** dispatch-core base URL (API, /ws, and POST /api/positions). */
  coreUrl: string;
  /**
   * Session token the simulator acts with (`Authorization: Bearer …`): the API as call-taker and crews, /ws, and
   * JSON position batches. In-process, core mints one for its `simulator` service account; standalone, sign in
   * (POST /api/auth/login) as a dispatcher and pass CORE_TOKEN. Null: no auth header (a core without sign-in).
   */
  token?: string | null;
  /** JT/T 808 server; null: JT/T 808 devices report through their `json` credential instead. */
  jt808?: { host: string; port: number } | null;
  /** OsmAnd / Traccar Client HTTP server, e.g. http://127.0.0.1:5055; null: those devices use JSON instead. */
  osmandUrl?: string | null;
  /** 'device' (default): each unit's own protocol; 'json': every unit through JSON batches (load). */
  transport?: 'device' | 'json';
  /** Devices to play (default: the demo fleet from the seed files). Units are matched by code. */
  devices?: readonly SimDevice[];
  /** Play at most this many units (the first in device order). */
  unitLimit?: number | null;
  /** Simulated seconds per wall second: waits, trips (see `ingestMaxSpeedKmh`), reporting and calls. */
  timeScale?: number;
  /** New calls per simulated hour (0: none). */
  callRatePerHour?: number;
  /** Assign the nearest unit to the simulator's own calls nobody assigned after this many simulated seconds (null: never). */
  autoDispatchAfterSeconds?: number | null;
  /** Reporting interval, simulated seconds: parked, and while driving (uniform in the range). */
  reportIdleS?: number;
  reportMovingS?: [number, number];
  /**
   * Never report one device more often than this (wall ms): JT/T 808 and Traccar times have 1-s resolution,
   * and two fixes in one second are one fix to the ingest's de-duplication.
   */
  minReportWallMs?: number;
  /** The simulator's single tick, wall ms. */
  tickMs?: number;
  /**
   * The ingest's jump limit (INGEST_MAX_SPEED_KMH, default 300). Driving is sped up only as far as the implied
   * wall-clock speed stays under 80 % of it, or the ingest would drop the fixes as impossible jumps.
   */
  ingestMaxSpeedKmh?: number;
  /** GPS noise, metres. */
  jitterM?: number;
  crew?: Partial<CrewTiming>;
  speeds?: SpeedBands;
  callMix?: CallMix;
  /** Heartbeat of JT/T 808 terminals after this much silence (wall ms). */
  jt808HeartbeatMs?: number;
  /** Seed for every random draw (default: time). */
  seed?: number;
  log?: (line: string) => void;
  /** Places to drive between and call from (default: the demo county's seed files). */
  gazetteer?: Gazetteer;
}

export type ResolvedOptions = Required<
  Omit<
    SimulatorOptions,
    | 'devices'
    | 'gazetteer'
    | 'crew'
    | 'jt808'
    | 'osmandUrl'
    | 'unitLimit'
    | 'autoDispatchAfterSeconds'
    | 'token'
    | keyof PlannedWorkOptions
  >
> & {
  devices: readonly SimDevice[] | null;
  gazetteer: Gazetteer | null;
  crew: CrewTiming;
  jt808: { host: string; port: number } | null;
  osmandUrl: string | null;
  unitLimit: number | null;
  autoDispatchAfterSeconds: number | null;
  token: string | null;
};

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0 && timeScale <= 1000)) throw new RangeError(`timeScale ${timeScale}: must be in (0, 1000]`);
  return {
    coreUrl: o.coreUrl.replace(/\/+$/, ''),
    token: o.token ?? null,
    jt808: o.jt808 ?? null,
    osmandUrl: o.osmandUrl ? o.osmandUrl.replace(/\/+$/, '') : null,
    transport: o.transport ?? 'device',
    devices: o.devices ?? null,
    unitLimit: o.unitLimit ?? null,
    timeScale,
    callRatePerHour: o.callRatePerHour ?? 30,
    autoDispatchAfterSeconds: o.autoDispatchAfterSeconds === undefined ? 20 : o.autoDispatchAfterSeconds,
    reportIdleS: o.reportIdleS ?? 10,
    reportMovingS: o.reportMovingS ?? [3, 5],
    minReportWallMs: o.minReportWallMs ?? 1000,
    tickMs: o.tickMs ?? 200,
    ingestMaxSpeedKmh: o.ingestMaxSpeedKmh ?? 300,
    jitterM: o.jitterM ?? 5,
    crew: { ...DEFAULT_CREW_TIMING, ...o.crew },
    speeds: o.speeds ?? DEFAULT_SPEEDS,
    callMix: o.callMix ?? DEFAULT_CALL_MIX,
    jt808HeartbeatMs: o.jt808HeartbeatMs ?? 30_000,
    seed: o.seed ?? Date.now() % 2 ** 31,
    log: o.log ?? ((line: string) => console.log(`[sim] ${line}`)),
    gazetteer: o.gazetteer ?? null,
  };
}

/**
 * How much faster than real time vehicles may drive: the time scale, unless that would make the implied speed
 * between fixes exceed 80 % of the ingest's jump limit.
 */
export function movementScale(timeScale: number, ingestMaxSpeedKmh: number, speeds: SpeedBands): number {
  const fastest = Math.max(speeds.urbanKmh[1], speeds.ruralKmh[1]);
  return Math.min(timeScale, (0.8 * ingestMaxSpeedKmh) / fastest);
}

/** The INGEST_MAX_SPEED_KMH a server needs so vehicles can drive at the full `timeScale`. */
export function ingestSpeedLimitFor(timeScale: number, speeds: SpeedBands = DEFAULT_SPEEDS): number {
  const fastest = Math.max(speeds.urbanKmh[1], speeds.ruralKmh[1]);
  return Math.max(300, Math.ceil((fastest * timeScale) / 0.8 / 10) * 10);
}

/** A simulator setting that cannot be used (a `SettingsError`: one error style for every process). */
export class SimulatorEnvError extends SettingsError {
  override name = 'SimulatorEnvError';
}

/**
 * Settings from the environment (main.ts): CORE_URL, JT808_HOST, JT808_PORT (or `off`), OSMAND_URL (or `off`),
 * SIM_TRANSPORT, SIM_SPEED, SIM_CALL_RATE_PER_HOUR, SIM_AUTODISPATCH_S (0: off), SIM_UNITS, SIM_SEED,
 * SIM_TICK_MS, SIM_REPORT_IDLE_S, SIM_REPORT_MOVING_S ("3-5"), INGEST_MAX_SPEED_KMH, CORE_TOKEN (a session token).
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const coreUrl = (env.CORE_URL?.trim() || 'http://127.0.0.1:8120').replace(/\/+$/, '');
  let coreHost: string;
  try {
    coreHost = new URL(coreUrl).hostname;
  } catch {
    throw new SimulatorEnvError(`CORE_URL is not a URL: "${coreUrl}"`);
  }
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new SimulatorEnvError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
    }
    return n;
  };
  const jt808Port = env.JT808_PORT?.trim() === 'off' ? null : num('JT808_PORT', 6808, 1, 65_535);
  const osmandRaw = env.OSMAND_URL?.trim();
  const transport = env.SIM_TRANSPORT?.trim() || 'device';
  if (transport !== 'device' && transport !== 'json') {
    throw new SimulatorEnvError(`SIM_TRANSPORT must be "device" or "json", got "${transport}"`);
  }
  const moving = env.SIM_REPORT_MOVING_S?.trim();
  let reportMovingS: [number, number] | undefined;
  if (moving) {
    const m = /^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?$/.exec(moving);
    if (!m) throw new SimulatorEnvError(`SIM_REPORT_MOVING_S must be "<s>" or "<min>-<max>", got "${moving}"`);
    const lo = Number(m[1]);
    reportMovingS = [lo, m[2] ? Number(m[2]) : lo];
  }
  const autodispatch = num('SIM_AUTODISPATCH_S', 20, 0, 86_400);
  const units = env.SIM_UNITS?.trim();
  return {
    coreUrl,
    token: env.CORE_TOKEN?.trim() || null,
    jt808: jt808Port === null ? null : { host: env.JT808_HOST?.trim() || coreHost, port: jt808Port },
    osmandUrl: osmandRaw === 'off' ? null : osmandRaw || `http://${coreHost}:5055`,
    transport,
    timeScale: num('SIM_SPEED', 1, 0.01, 1000),
    callRatePerHour: num('SIM_CALL_RATE_PER_HOUR', 30, 0, 100_000),
    autoDispatchAfterSeconds: autodispatch === 0 ? null : autodispatch,
    unitLimit: units ? num('SIM_UNITS', 0, 1, 100_000) : null,
    tickMs: num('SIM_TICK_MS', 200, 20, 5000),
    reportIdleS: num('SIM_REPORT_IDLE_S', 10, 1, 3600),
    ...(reportMovingS ? { reportMovingS } : {}),
    ingestMaxSpeedKmh: num('INGEST_MAX_SPEED_KMH', 300, 50, 2000),
    ...(env.SIM_SEED?.trim() ? { seed: num('SIM_SEED', 0, 0, 2 ** 31) } : {}),
    ...plannedWorkFromEnv(env),
  };
}
