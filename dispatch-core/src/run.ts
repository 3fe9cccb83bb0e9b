/**
 * The core process around `startServer`: read the settings (settings.ts, validated at boot: a bad one stops it
 * with the variable's name), open the database, start the server, and stop gracefully on SIGINT/SIGTERM (in-flight
 * requests finish, accepted positions are written, the hub stops, the database closes).
 *
 * `attach` lets a composing entry (the demo, simulator/src/demo.ts) run something beside the core — it gets the
 * running server and returns its own stop, which runs first at shutdown — so the core never imports it.
 */
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '@c120/db';
import { startServer, type RunningServer } from './server.ts';
import { loadProcessSettings, type ProcessSettings } from './settings.ts';

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/build', import.meta.url));

/** Something run beside the core: a line for the start banner and its stop. */
export interface Attached {
  banner?: string;
  stop(): Promise<void>;
}

export interface RunCoreOptions {
  env?: NodeJS.ProcessEnv;
  /** Adjusts the validated settings before anything opens (the demo gives its PBX seam a per-process token). */
  prepare?: (settings: ProcessSettings) => void;
  attach?: (server: RunningServer, db: Database, settings: ProcessSettings) => Promise<Attached | null>;
}

export async function runCore(opts: RunCoreOptions = {}): Promise<void> {
  const settings = loadProcessSettings(opts.env ?? process.env);
  opts.prepare?.(settings);
  const { core: config, ingest, shutdownTimeoutMs: timeoutMs } = settings;
  if (config.consoleDir === null) config.consoleDir = DEFAULT_CONSOLE_DIR;
  const db = await openDatabase(settings.database);
  const server = await startServer(db, config, (line) => console.log(line), ingest);
  const attached = opts.attach ? await opts.attach(server, db, settings) : null;

  // Graceful stop: what was attached, then the server (stops accepting, drains requests in flight, closes the
  // device servers, flushes the position buffer, stops the hub), then the database. If that takes longer than
  // SHUTDOWN_TIMEOUT_MS (default 30 s: the writer alone may retry an absent database for 10 s), exit anyway.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await attached?.stop();
      await server.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      console.error(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const { osmandPort: op, jt808Port: jp } = server.devices;
  console.log(
    `\n  120 dispatch console: ${server.url}/   (database: ${db.description})\n  API docs: ${server.url}/docs\n` +
      `  devices: Traccar Client / OsmAnd HTTP ${op ?? 'off'}, JT/T 808 TCP ${jp ?? 'off'}\n` +
      (attached?.banner ? `  ${attached.banner}\n` : ''),
  );
}

/** Runs `main` as a process entry: a failure to start is one line and exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
