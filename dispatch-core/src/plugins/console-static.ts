import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from '../app-types.ts';

/** The built console's folder, or null when it is not built (the API still runs; a warning says why). */
export function consoleRoot(dir: string | null): string | null {
  if (!dir) return null;
  const root = path.resolve(dir);
  return existsSync(path.join(root, 'index.html')) ? root : null;
}

/**
 * Serves the built console (a single-page app) as static files. Any other GET that is not an API path gets
 * index.html from the not-found handler (plugins/error-handler.ts), so deep links like /crew survive a reload.
 */
export async function registerConsole(app: App, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
}
