import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import helmet from 'helmet';
import type { App } from '../app-types.ts';

/** Tianditu, the console's built-in basemap option (t0…t7.tianditu.gov.cn). */
const TIANDITU = 'https://*.tianditu.gov.cn';

/**
 * `'sha256-…'` sources for the inline scripts of the built console's index.html (SvelteKit's bootstrap), so
 * the policy can forbid every other inline script. Read once at start; a rebuilt console needs a restart.
 */
export function inlineScriptHashes(consoleDir: string | null): string[] {
  if (!consoleDir) return [];
  const html = readFileSync(path.join(consoleDir, 'index.html'), 'utf8');
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return hashes;
}

/**
 * The policy the built console works under: scripts only from this origin (plus the hashed bootstrap), MapLibre's
 * blob: workers, map tiles from the configured origins, WebSocket and fetch to this origin ('self' covers
 * ws:/wss: of the same host), no framing, no plugins. Styles allow inline attributes: Svelte renders static
 * `style="…"` attributes and MapLibre positions its controls with them.
 */
export function contentSecurityPolicy(tileOrigins: readonly string[], scriptHashes: readonly string[]) {
  const tiles = [TIANDITU, ...tileOrigins];
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...tiles],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  };
}

/**
 * Security headers on every response (console and API): CSP, nosniff, frame denial, referrer policy,
 * cross-origin isolation of our resources. No `upgrade-insecure-requests` and no HSTS: county centres often
 * serve the console over plain HTTP on their own network, where those would break it; a TLS proxy in front
 * adds HSTS.
 */
export async function registerSecurityHeaders(
  app: App,
  opts: { tileOrigins: readonly string[]; consoleDir: string | null },
): Promise<void> {
  // helmet's middleware is built once here. (@fastify/helmet 13 built it again on every request — CSP directives
  // parsed per response, ~4 % of the core's CPU in the dispatcher's loop profile — for per-route options and
  // nonces this console does not use.)
  const applyHeaders = helmet({
    contentSecurityPolicy: contentSecurityPolicy(opts.tileOrigins, inlineScriptHashes(opts.consoleDir)),
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (req, reply, done) => {
    applyHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}
