/**
 * The core process's settings, all read and validated at boot in one place (`loadProcessSettings`): the core's
 * own (config.ts), the in-process device ingest's (gps-ingest `ingestSettingsFromEnv`, ports from its protocol
 * registry), the database's (db `resolveDatabaseConfig`) and the process's own. Every bad value throws a
 * `SettingsError` (@c120/shared/settings) naming the variable — `NAME must be …, got "raw"` — before anything
 * opens, and the entry prints it as one line.
 */
import { resolveDatabaseConfig, type DatabaseConfig } from '@c120/db';
import { ingestSettingsFromEnv, type IngestEnvSettings } from '@c120/gps-ingest';
import { envInt, type Env } from '@c120/shared/settings';
import { loadConfig, type CoreConfig } from './config.ts';

export interface ProcessSettings {
  core: CoreConfig;
  ingest: IngestEnvSettings;
  database: DatabaseConfig;
  /** SHUTDOWN_TIMEOUT_MS (default 30 s: the writer alone may retry an absent database for 10 s). */
  shutdownTimeoutMs: number;
}

export function loadProcessSettings(env: Env = process.env): ProcessSettings {
  const processEnv = env as NodeJS.ProcessEnv;
  return {
    core: loadConfig(processEnv),
    ingest: ingestSettingsFromEnv(processEnv),
    database: resolveDatabaseConfig(processEnv),
    shutdownTimeoutMs: envInt(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 1, 3_600_000),
  };
}
