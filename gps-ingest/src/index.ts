/** Public API of @c120/gps-ingest. See README.md. */
export {
  createIngest,
  isLiveFix,
  resolveIngestConfig,
  ingestSettingsFromEnv,
  IngestEnvError,
  DEFAULT_INGEST_CONFIG,
} from './ingest.ts';
export type {
  Ingest,
  IngestOptions,
  IngestConfig,
  IngestConfigInput,
  IngestEnvSettings,
  ServerPorts,
  StartedServers,
  Jt808Downlink,
} from './ingest.ts';

export type { DecodedPosition, ProtocolName } from './position.ts';
export type {
  UnitFix,
  TransportMeta,
  BoundDevice,
  CoordSystem,
  PositionResult,
  DropReason,
  RejectReason,
  RetryReason,
} from './pipeline/types.ts';
export type { PipelineConfig } from './pipeline/config.ts';
export { hashDeviceSecret } from './pipeline/credentials.ts';
export { liveFixAtMs } from './pipeline/live-time.ts';
export { consoleLogger, silentLogger, type IngestLogger } from './telemetry/log.ts';
export type { MetricsSnapshot } from './telemetry/metrics.ts';

export type { WriterConfig, WrittenListener } from './writer/batching-writer.ts';
export type { FixSink } from './writer/sink.ts';
export { DbSink } from './writer/db-sink.ts';
export {
  parseForwardedBatch,
  toForwardedBatch,
  checkForwardToken,
  MAX_FORWARDED_FIXES,
  type ForwardedFix,
  type ForwardedFixBatch,
} from './writer/forwarded-fixes.ts';

export type { JsonBatchResponse, JsonBatchItemResult, JsonBatchRequest } from './transports/json-batch.ts';
export type { OsmAndServerConfig } from './transports/osmand-http.ts';
export type { Jt808Config } from './transports/jt808/config.ts';
export type { DownlinkResult } from './transports/jt808/session.ts';
export type { TextOptions } from './transports/jt808/server.ts';
