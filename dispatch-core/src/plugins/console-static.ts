import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from '../app-types.ts';

/**
 * Serves the built console (a single-page app): files as they are, and index.html for any other GET that is
 * not an API path, so deep links like /crew work after a reload.
 */
export async function registerConsole(app: App, dir: string): Promise<void> {
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn(`console not built at ${root}: run "npm run build -w console"`);
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/ws') || req.url.startsWith('/docs');
    if (req.method === 'GET' && !isApi) return reply.type('text/html').sendFile('index.html');
    return reply
      .status(404)
      .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url}` });
  });
}
