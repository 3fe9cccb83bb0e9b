/**
 * What a device protocol is to the rest of gps-ingest (compare Traccar's `BaseProtocol`: a name, its decoder,
 * the servers it adds, its port setting). Each protocol folder exports one `ProtocolDefinition`
 * (`<folder>/protocol.ts`) and `registry.ts` lists them: adding a protocol is a folder plus a line there (and its
 * name in `DEVICE_PROTOCOLS`, which the registry's type demands). See gps-ingest/README.md "Adding a protocol".
 */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import type { Database } from '@c120/db';
import type { AcceptPositions } from '../transports/osmand-http.ts';
import type { IngestLogger } from '../telemetry/log.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { RefusalGate } from '../transports/refusal-gate.ts';
import type { CredentialDirectory } from '../pipeline/credentials.ts';
import type { IngestConfig } from '../ingest.ts';

/** What a protocol's server is given: the pipeline's entry and the package's shared parts. */
export interface ProtocolServerContext {
  accept: AcceptPositions;
  config: IngestConfig;
  db: Database;
  credentials: CredentialDirectory;
  metrics: Metrics;
  log: IngestLogger;
  refusals: RefusalGate;
}

/** A protocol's listening side: created once per ingest, listened on when its port is set. */
export interface ProtocolServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export interface ProtocolDefinition<Name extends DeviceProtocol = DeviceProtocol, Decoder = unknown> {
  name: Name;
  /** For people: logs, README, the admin screen. */
  title: string;
  /** The pure decoder (bytes/request → `DecodedPosition`s); see protocols/README.md for each one's input. */
  decoder: Decoder;
  /**
   * How a device proves who it is: `secret` — a token on every request (HTTP protocols); `session` — the
   * protocol's own handshake binds the connection to a unit (JT/T 808 auth code).
   */
  auth: 'secret' | 'session';
  /** The setting naming its port (`off` disables) and the default; null: no listener of its own. */
  settings: { portEnv: string; defaultPort: number } | null;
  /** Creates its server; null when positions arrive another way (JSON batches come through core's HTTP API). */
  startServer: ((ctx: ProtocolServerContext) => ProtocolServer) | null;
}
