/**
 * The ingest, wired: pipeline → writer, plus the transports. `createIngest` is the in-process default (core
 * calls it with its database and an `onWritten` that feeds the realtime hub and the geofences); main.ts runs
 * the same thing as a process of its own that forwards to core instead of writing.
 */
import type { Database } from '@c120/db';
import { parseIntSetting, SettingsError } from '@c120/shared/settings';
import type { DecodedPosition } from './position.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from './pipeline/config.ts';
import { CredentialDirectory, DEFAULT_CREDENTIAL_CACHE, type CredentialCacheOptions } from './pipeline/credentials.ts';
import { silentLogger, type IngestLogger } from './telemetry/log.ts';
import { Metrics, type MetricsSnapshot } from './telemetry/metrics.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { defaultSteps } from './pipeline/steps/index.ts';
import type { PositionResult, TransportMeta, UnitFix } from './pipeline/types.ts';
import { UnitTracker } from './pipeline/unit-tracker.ts';
import {
  BatchingWriter,
  DEFAULT_WRITER_CONFIG,
  type WriterConfig,
  type WrittenListener,
} from './writer/batching-writer.ts';
import { DbSink } from './writer/db-sink.ts';
import type { FixSink } from './writer/sink.ts';
import { acceptJsonBatch, type JsonBatchRequest, type JsonBatchResponse } from './transports/json-batch.ts';
import { DEFAULT_OSMAND_CONFIG, type OsmAndServerConfig } from './transports/osmand-http.ts';
import { DEFAULT_JT808_CONFIG, type Jt808Config } from './transports/jt808/config.ts';
import { DEFAULT_REFUSAL_LIMIT, type RefusalLimitConfig } from './transports/refusal-limit.ts';
import { RefusalGate } from './transports/refusal-gate.ts';
import type { TextOptions } from './transports/jt808/server.ts';
import type { DownlinkResult } from './transports/jt808/session.ts';
import { DEFAULT_MAX_JSON_BATCH } from './protocols/index.ts';
import { PROTOCOLS, protocolList, type ServedProtocol } from './protocols/registry.ts';
import type { ProtocolServer, ProtocolServerContext } from './protocols/protocol.ts';

export interface IngestConfig {
  pipeline: PipelineConfig;
  writer: WriterConfig;
  credentials: CredentialCacheOptions;
  osmand: OsmAndServerConfig;
  jt808: Jt808Config;
  /** Refused device attempts per source address on the device ports (OsmAnd 429, JT/T 808 hang-up). */
  refusals: RefusalLimitConfig;
  /** Most items in one JSON batch request. */
  jsonBatchMaxPositions: number;
}

/** Any section may be given in part; the rest takes the defaults. */
export type IngestConfigInput = {
  [K in keyof IngestConfig]?: IngestConfig[K] extends object ? Partial<IngestConfig[K]> : IngestConfig[K];
};

export const DEFAULT_INGEST_CONFIG: IngestConfig = {
  pipeline: DEFAULT_PIPELINE_CONFIG,
  writer: DEFAULT_WRITER_CONFIG,
  credentials: DEFAULT_CREDENTIAL_CACHE,
  osmand: DEFAULT_OSMAND_CONFIG,
  jt808: DEFAULT_JT808_CONFIG,
  refusals: DEFAULT_REFUSAL_LIMIT,
  jsonBatchMaxPositions: DEFAULT_MAX_JSON_BATCH,
};

export function resolveIngestConfig(input: IngestConfigInput = {}): IngestConfig {
  const d = DEFAULT_INGEST_CONFIG;
  return {
    pipeline: { ...d.pipeline, ...input.pipeline },
    writer: { ...d.writer, ...input.writer },
    credentials: { ...d.credentials, ...input.credentials },
    osmand: { ...d.osmand, ...input.osmand },
    jt808: { ...d.jt808, ...input.jt808 },
    refusals: { ...d.refusals, ...input.refusals },
    jsonBatchMaxPositions: input.jsonBatchMaxPositions ?? d.jsonBatchMaxPositions,
  };
}

export interface IngestOptions {
  /** Device credentials, unit state and JT/T 808 auth codes are read here; fixes are written here by default. */
  db: Database;
  log?: IngestLogger;
  config?: IngestConfigInput;
  /**
   * Called after each commit with the fixes now durable, in commit order, not awaited (a slow listener does
   * not slow ingest; its errors are logged). Includes late and invalid fixes: for "where is it now" use
   * `isLiveFix`.
   */
  onWritten?: WrittenListener;
  /** Where accepted fixes go instead of the database (main.ts: `HttpSink` to core). */
  sink?: FixSink;
}

/**
 * Ports of the protocols with a listener (the registry's `startServer`): `osmandPort`, `jt808Port` …; null or
 * absent: not started; 0: ephemeral. `host`: the interface (default 0.0.0.0: devices come from the mobile network).
 */
export type ServerPorts = { [P in ServedProtocol as `${P}Port`]?: number | null } & { host?: string };

/** The port each served protocol listens on (null: not started). */
export type StartedServers = { [P in ServedProtocol as `${P}Port`]: number | null };

const portKey = (name: ServedProtocol) => `${name}Port` as const;

export interface Jt808Downlink {
  /** 0x8103 parameter 0x0029: the terminal's default time reporting interval. */
  setReportingInterval(unitId: number, seconds: number): Promise<DownlinkResult>;
  /** 0x8300: a text shown and (by default) read aloud on the terminal. */
  sendText(unitId: number, text: string, options?: TextOptions): Promise<DownlinkResult>;
  /** The unit has an authenticated JT/T 808 connection right now. */
  isOnline(unitId: number): boolean;
  /**
   * Ends every session of the terminal with this phone number (its auth code was rotated or its registration
   * reset): the connections are closed and the terminal must authenticate again. Returns how many were closed.
   */
  disconnectTerminal(phone: string): number;
}

export interface Ingest {
  readonly config: IngestConfig;
  /** Runs decoded positions through the pipeline into the writer; one result per position, in order. */
  acceptDecoded(positions: readonly DecodedPosition[], meta: TransportMeta): Promise<PositionResult[]>;
  /** Core's `POST /api/positions`; reply with `response.status` and the response as JSON body. */
  acceptJsonBatch(body: unknown, request?: JsonBatchRequest): Promise<JsonBatchResponse>;
  /**
   * Core's `POST /api/positions/fixes` (fixes already through a remote pipeline, see `parseForwardedBatch`):
   * resolves true once they are durable, false if refused (answer 503).
   */
  writeFixes(fixes: readonly UnitFix[]): Promise<boolean>;
  startServers(ports: ServerPorts): Promise<StartedServers>;
  /** Stops the servers, then drains the writer (up to `writer.drainTimeoutMs`). */
  stop(): Promise<void>;
  /** Waits until everything accepted so far is durable. */
  flush(): Promise<boolean>;
  metrics(): MetricsSnapshot;
  /** The same as Prometheus text. */
  metricsText(): string;
  jt808: Jt808Downlink;
  /** Forget cached credentials (after editing `device_credentials`); without arguments, all of them. */
  invalidateCredentials(protocol?: DecodedPosition['protocol'], deviceId?: string): void;
}

/** A fix that says where the unit is now: core's position ticks and geofences want only these. */
export function isLiveFix(fix: UnitFix): boolean {
  return fix.valid && !fix.late;
}

export function createIngest(options: IngestOptions): Ingest {
  const config = resolveIngestConfig(options.config);
  const log = options.log ?? silentLogger;
  const metrics = new Metrics();
  const credentials = new CredentialDirectory(options.db, config.credentials);
  const tracker = new UnitTracker(options.db);
  const writer = new BatchingWriter(
    options.sink ?? new DbSink(options.db),
    config.writer,
    metrics,
    log,
    options.onWritten,
  );
  const pipeline = new Pipeline(defaultSteps(), {
    config: config.pipeline,
    credentials,
    tracker,
    metrics,
    log,
    writer,
  });
  const accept = (positions: readonly DecodedPosition[], meta: TransportMeta) => pipeline.process(positions, meta);
  const refusals = new RefusalGate(config.refusals, credentials, metrics);
  const ctx: ProtocolServerContext = { accept, config, db: options.db, credentials, metrics, log, refusals };
  // Every served protocol's server, created up front (JT/T 808's carries the downlink whether it listens or not);
  // each listens when `startServers` is given its port.
  const jt808 = PROTOCOLS.jt808.startServer(ctx);
  const servers = new Map<ServedProtocol, ProtocolServer>([['jt808', jt808]]);
  for (const p of protocolList()) {
    if (p.startServer && !servers.has(p.name as ServedProtocol))
      servers.set(p.name as ServedProtocol, p.startServer(ctx));
  }
  const listening = new Set<ServedProtocol>();

  return {
    config,
    acceptDecoded: accept,
    acceptJsonBatch: (body, request = {}) => acceptJsonBatch(body, request, accept, config.jsonBatchMaxPositions),
    writeFixes: (fixes) => writer.write(fixes),
    async startServers(ports) {
      const host = ports.host ?? '0.0.0.0';
      const started = Object.fromEntries([...servers.keys()].map((name) => [portKey(name), null])) as StartedServers;
      for (const [name, server] of servers) {
        const port = ports[portKey(name)];
        if (port === undefined || port === null || listening.has(name)) continue;
        started[portKey(name)] = await server.listen(port, host);
        listening.add(name);
        log.info(`${PROTOCOLS[name].title} listening on ${host}:${started[portKey(name)]}`);
      }
      return started;
    },
    async stop() {
      for (const name of [...listening]) {
        listening.delete(name);
        await servers.get(name)?.close();
      }
      await writer.stop();
    },
    flush: () => writer.flush(),
    metrics: () => metrics.snapshot(),
    metricsText: () => metrics.prometheus(),
    jt808: {
      setReportingInterval: (unitId, seconds) => jt808.setReportingInterval(unitId, seconds),
      sendText: (unitId, text, opts) => jt808.sendText(unitId, text, opts),
      isOnline: (unitId) => jt808.isOnline(unitId),
      disconnectTerminal: (phone) => jt808.disconnectTerminal(phone),
    },
    invalidateCredentials: (protocol, deviceId) => credentials.invalidate(protocol, deviceId),
  };
}

/** A device-ingest setting that cannot be used (a `SettingsError`: one error style for every process). */
export class IngestEnvError extends SettingsError {
  override name = 'IngestEnvError';
}

export interface IngestEnvSettings {
  ports: Required<ServerPorts>;
  config: IngestConfigInput;
}

/**
 * Ingest settings from the environment, shared by core (in-process) and main.ts (separate process):
 * OSMAND_PORT (5055, `off`), JT808_PORT (6808, `off`), INGEST_HOST (0.0.0.0), INGEST_MAX_BUFFERED (200000),
 * INGEST_FLUSH_MS (10), INGEST_WRITER_MAX_BATCH (10000), INGEST_MAX_SPEED_KMH (300), INGEST_INVALID_FIXES (history|drop),
 * JT808_ACCEPT_BEFORE_AUTH (false), JT808_IDLE_SECONDS (180), INGEST_DEVICE_MAX_FIXES_PER_SECOND (50, 0 = off),
 * INGEST_DEVICE_BURST_FIXES (1000), JT808_MAX_FRAMES_PER_SECOND (200 per connection, 0 = off),
 * JT808_BURST_FRAMES (2000), DEVICE_REFUSALS_PER_MINUTE (120, 0 = no limit). A bad value throws with its name.
 */
export function ingestSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestEnvSettings {
  const port = (name: string, fallback: number): number | null => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'off') return null;
    return int(name, raw, 0, 65_535);
  };
  // One port setting per served protocol, named by the registry (OSMAND_PORT, JT808_PORT …).
  const ports = Object.fromEntries(
    protocolList().flatMap((p) =>
      p.settings ? [[`${p.name}Port`, port(p.settings.portEnv, p.settings.defaultPort)]] : [],
    ),
  ) as StartedServers;
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? fallback : int(name, raw, min, max);
  };
  const invalid = env.INGEST_INVALID_FIXES?.trim() || DEFAULT_PIPELINE_CONFIG.invalidFixes;
  if (invalid !== 'history' && invalid !== 'drop') {
    throw new IngestEnvError(`INGEST_INVALID_FIXES must be "history" or "drop", got "${invalid}"`);
  }
  const before = (env.JT808_ACCEPT_BEFORE_AUTH?.trim() || 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(before)) {
    throw new IngestEnvError(`JT808_ACCEPT_BEFORE_AUTH must be true or false, got "${before}"`);
  }
  return {
    ports: {
      ...ports,
      host: env.INGEST_HOST?.trim() || '0.0.0.0',
    },
    config: {
      writer: {
        maxBuffered: num('INGEST_MAX_BUFFERED', DEFAULT_WRITER_CONFIG.maxBuffered, 1000, 10_000_000),
        flushIntervalMs: num('INGEST_FLUSH_MS', DEFAULT_WRITER_CONFIG.flushIntervalMs, 0, 1000),
        maxBatch: num('INGEST_WRITER_MAX_BATCH', DEFAULT_WRITER_CONFIG.maxBatch, 1, 100_000),
      },
      pipeline: {
        maxSpeedKmh: num('INGEST_MAX_SPEED_KMH', DEFAULT_PIPELINE_CONFIG.maxSpeedKmh, 50, 2000),
        maxFutureMs: num('INGEST_MAX_FUTURE_SECONDS', DEFAULT_PIPELINE_CONFIG.maxFutureMs / 1000, 0, 3600) * 1000,
        invalidFixes: invalid,
        deviceMaxFixesPerSecond: num(
          'INGEST_DEVICE_MAX_FIXES_PER_SECOND',
          DEFAULT_PIPELINE_CONFIG.deviceMaxFixesPerSecond,
          0,
          1_000_000,
        ),
        deviceBurstFixes: num('INGEST_DEVICE_BURST_FIXES', DEFAULT_PIPELINE_CONFIG.deviceBurstFixes, 1, 10_000_000),
      },
      jt808: {
        acceptBeforeAuth: before === 'true' || before === '1',
        idleTimeoutMs: num('JT808_IDLE_SECONDS', DEFAULT_JT808_CONFIG.idleTimeoutMs / 1000, 10, 86_400) * 1000,
        maxFramesPerSecond: num('JT808_MAX_FRAMES_PER_SECOND', DEFAULT_JT808_CONFIG.maxFramesPerSecond, 0, 1_000_000),
        burstFrames: num('JT808_BURST_FRAMES', DEFAULT_JT808_CONFIG.burstFrames, 1, 10_000_000),
        maxConnectionsPerAddress: num(
          'JT808_MAX_CONNECTIONS_PER_ADDRESS',
          DEFAULT_JT808_CONFIG.maxConnectionsPerAddress,
          0,
          1_000_000,
        ),
        firstFrameTimeoutMs:
          num('JT808_FIRST_FRAME_SECONDS', DEFAULT_JT808_CONFIG.firstFrameTimeoutMs / 1000, 1, 3600) * 1000,
      },
      refusals: {
        maxRefusals: num('DEVICE_REFUSALS_PER_MINUTE', DEFAULT_REFUSAL_LIMIT.maxRefusals, 0, 1_000_000),
        windowMs: 60_000,
      },
    },
  };
}

function int(name: string, raw: string, min: number, max: number): number {
  try {
    return parseIntSetting(name, raw, min, max);
  } catch (err) {
    throw err instanceof SettingsError ? new IngestEnvError(err.message) : err;
  }
}
