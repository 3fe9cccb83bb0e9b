/**
 * Separate-process mode: the device servers and the pipeline run here; accepted fixes are forwarded to core
 * (`POST {CORE_URL}/api/positions/fixes`, bearer INGEST_TOKEN), which writes them and pushes them to consoles.
 * Use it when device traffic should not share a process with the consoles (many JT/T 808 terminals, a public
 * device port on another host). It reads device credentials and unit positions from PostgreSQL directly, so it
 * needs DATABASE_URL: the embedded PGlite cannot be shared between processes. The default remains in-process
 * (core calls `createIngest`).
 *
 *   DATABASE_URL=postgres://… CORE_URL=http://127.0.0.1:8120 INGEST_TOKEN=… tsx gps-ingest/src/main.ts
 *
 * Ports and policies: see `ingestSettingsFromEnv` (OSMAND_PORT, JT808_PORT, INGEST_HOST, …).
 */
import { openDatabase, resolveDatabaseConfig } from '@c120/db';
import { createIngest, IngestEnvError, ingestSettingsFromEnv } from './ingest.ts';
import { consoleLogger } from './telemetry/log.ts';
import { HttpSink } from './writer/http-sink.ts';
import { MAX_FORWARDED_FIXES } from './writer/forwarded-fixes.ts';

async function main(): Promise<void> {
  const coreUrl = process.env.CORE_URL?.trim();
  const token = process.env.INGEST_TOKEN?.trim();
  if (!coreUrl) throw new IngestEnvError('CORE_URL is required (core base URL, e.g. http://127.0.0.1:8120)');
  if (!token)
    throw new IngestEnvError('INGEST_TOKEN is required (the shared secret core expects on /api/positions/fixes)');
  // Every setting is read before anything opens: a bad one stops the boot with its name.
  const settings = ingestSettingsFromEnv();
  const dbConfig = resolveDatabaseConfig();
  if (dbConfig.engine !== 'postgres') {
    throw new IngestEnvError(
      'separate-process mode needs DATABASE_URL (PostgreSQL): the embedded PGlite belongs to core',
    );
  }
  const db = await openDatabase(dbConfig);
  const ingest = createIngest({
    db,
    log: consoleLogger,
    config: {
      ...settings.config,
      writer: { ...settings.config.writer, maxBatch: Math.min(2000, MAX_FORWARDED_FIXES) },
    },
    sink: new HttpSink({ coreUrl, token }),
  });
  const ports = await ingest.startServers(settings.ports);
  consoleLogger.info(
    `forwarding to ${coreUrl} (OsmAnd ${ports.osmandPort ?? 'off'}, JT/T 808 ${ports.jt808Port ?? 'off'}; database ${db.description})`,
  );

  const metricsEvery = setInterval(() => {
    const m = ingest.metrics();
    consoleLogger.info(
      `accepted ${sum(m, 'ingest_positions_accepted_total')}, buffered ${m.writer_buffered_fixes ?? 0}, ` +
        `written ${m.writer_fixes_written_total ?? 0}, JT/T 808 sessions ${m.jt808_sessions_open ?? 0}`,
    );
  }, 60_000);
  metricsEvery.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    consoleLogger.info(`${signal}: stopping (draining the forward buffer)`);
    clearInterval(metricsEvery);
    await ingest.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function sum(m: Record<string, number>, prefix: string): number {
  let n = 0;
  for (const [k, v] of Object.entries(m)) if (k === prefix || k.startsWith(`${prefix}{`)) n += v;
  return n;
}

main().catch((err: unknown) => {
  console.error(`gps-ingest failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
