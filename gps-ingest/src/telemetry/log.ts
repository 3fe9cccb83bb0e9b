/** The logging the ingest needs. A pino logger (Fastify's `app.log`) fits as it is. */
export interface IngestLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: IngestLogger = { info() {}, warn() {}, error() {} };

export const consoleLogger: IngestLogger = {
  info: (msg) => console.log(`[gps-ingest] ${msg}`),
  warn: (msg) => console.warn(`[gps-ingest] ${msg}`),
  error: (msg) => console.error(`[gps-ingest] ${msg}`),
};

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
