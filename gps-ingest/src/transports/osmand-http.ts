import http from 'node:http';
import { decodeOsmAnd } from '../protocols/index.ts';
import type { DecodedPosition } from '../position.ts';
import { errorMessage, type IngestLogger } from '../telemetry/log.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { PositionResult, TransportMeta } from '../pipeline/types.ts';
import { httpStatus, presentedSecret, summarise } from './outcome.ts';
import type { RefusalGate } from './refusal-gate.ts';

export interface OsmAndServerConfig {
  /** Largest request body; a Traccar Client JSON upload of a few hundred stored fixes fits well in 1 MiB. */
  maxBodyBytes: number;
  /** Largest `location` array in the JSON form. */
  maxBatch: number;
}

export const DEFAULT_OSMAND_CONFIG: OsmAndServerConfig = { maxBodyBytes: 1024 * 1024, maxBatch: 1000 };

export type AcceptPositions = (positions: DecodedPosition[], meta: TransportMeta) => Promise<PositionResult[]>;

/**
 * OsmAnd / Traccar Client over HTTP, on a port of its own (Traccar's default 5055). Any path; GET or POST with
 * the query-string form, a form-encoded body, or the Traccar Client JSON body. Answers:
 * 200 accepted (or filtered: the phone must not resend), 400 undecodable (reason in the body), 401 wrong
 * secret, 403 unknown device, 413 body too large, 429 the device floods or too many refused requests from this
 * address (`Retry-After`, see refusal-limit.ts), 503 buffer full / database unavailable (`Retry-After`).
 */
export function createOsmAndServer(
  accept: AcceptPositions,
  config: OsmAndServerConfig,
  metrics: Metrics,
  log: IngestLogger,
  refusals: RefusalGate,
): http.Server {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error(`OsmAnd request failed: ${errorMessage(err)}`);
      reply(res, 500, 'internal error');
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  const reply = (res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}) => {
    metrics.inc('osmand_requests_total', { status: String(status) });
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedAt = new Date();
    if (req.method !== 'GET' && req.method !== 'POST') {
      return reply(res, 405, 'use GET or POST', { allow: 'GET, POST' });
    }
    const address = req.socket.remoteAddress;
    const body = await readBody(req, config.maxBodyBytes);
    if (body === null) {
      // Do not read the rest: answer, then drop the connection once the answer is out.
      res.on('finish', () => req.socket.destroy());
      return reply(res, 413, `body larger than ${config.maxBodyBytes} bytes`, { connection: 'close' });
    }
    const url = new URL(req.url ?? '/', 'http://device');
    const decoded = decodeOsmAnd(
      { method: req.method, query: url.searchParams, contentType: req.headers['content-type'], body, receivedAt },
      { maxBatch: config.maxBatch },
    );
    if ('error' in decoded) {
      metrics.inc('ingest_decode_errors_total', { protocol: 'osmand' });
      return reply(res, 400, decoded.error);
    }
    if (decoded.rejected.length) {
      metrics.inc('ingest_decode_errors_total', { protocol: 'osmand' }, decoded.rejected.length);
    }
    // Refusal limits (refusal-gate.ts): an address flooding with unknown ids may still name known devices.
    const blockedMs = refusals.admit(
      address,
      'osmand',
      decoded.positions.map((p) => p.deviceId),
    );
    if (blockedMs > 0) return tooManyRefusals(res, blockedMs, 'too many unknown devices from this address');
    const results = await accept(decoded.positions, {
      protocol: 'osmand',
      receivedAt,
      remote: address,
      secret: presentedSecret(req.headers.authorization, url.searchParams),
    });
    const outcome = summarise(results);
    const status = httpStatus(outcome);
    if (outcome.kind === 'ok') return reply(res, 200, 'OK');
    if (outcome.kind === 'retry')
      return reply(res, status, `try again later (${outcome.reason})`, { 'retry-after': status === 429 ? '1' : '10' });
    if (outcome.reason === 'bad_secret') {
      // Counted against the device, never the address: its right token still gets in (a NAT hides a fleet).
      const id = decoded.positions[0]?.deviceId ?? '';
      refusals.failed('osmand', id);
      const waitMs = refusals.deviceBlockedFor('osmand', id);
      if (waitMs > 0) return tooManyRefusals(res, waitMs, 'too many wrong secrets for this device');
      return reply(res, status, 'wrong or missing device secret');
    }
    refusals.unknownDevice(address);
    return reply(res, status, 'unknown device');
  }

  function tooManyRefusals(res: http.ServerResponse, waitMs: number, text: string): void {
    metrics.inc('ingest_refusal_limited_total', { transport: 'osmand' });
    return reply(res, 429, text, { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
  }

  return server;
}

/** The body as text, or null when it exceeds `max` bytes. */
function readBody(req: http.IncomingMessage, max: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}
