import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../domain/errors.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** PostgreSQL SQLSTATEs that mean "the request was wrong", not "the server broke". */
function fromDatabase(err: { code?: unknown; constraint?: unknown; message: string }): HttpError | null {
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === '23505')
    return new HttpError(409, `conflicts with existing data (${String(err.constraint ?? 'unique')})`);
  if (code === '23503')
    return new HttpError(422, `refers to something that does not exist (${String(err.constraint ?? 'reference')})`);
  if (code === '23514' || code === '23502')
    return new HttpError(422, `value not allowed (${String(err.constraint ?? code)})`);
  if (code.startsWith('22')) return new HttpError(400, `invalid value: ${err.message}`);
  // Server restarting, connection lost, or every pooled connection busy past the wait limit.
  if (
    ['57P01', '57P02', '57P03', '08006', '08003', '08001', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated|connection error|not queryable/i.test(err.message)
  ) {
    return new HttpError(503, 'the database is unavailable; try again in a moment');
  }
  return null;
}

/**
 * One error shape for every route: `{statusCode, error, message, code?}`. Client mistakes get their 4xx and a
 * reason a dispatcher can read; only real faults are 500, logged with the request.
 */
export function registerErrorHandler(app: FastifyInstance, spa: { enabled: boolean } = { enabled: false }): void {
  app.setErrorHandler((err: FastifyError & { constraint?: unknown }, req, reply) => {
    let status = 500;
    let message = 'internal error';
    let code: string | undefined;
    if (err instanceof HttpError) {
      status = err.statusCode;
      message = err.message;
      code = err.code;
    } else if (err.validation) {
      status = 400;
      message = `invalid request: ${err.message}`;
      code = 'validation';
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      message = err.message;
      code = err.code;
    } else {
      const mapped = fromDatabase(err);
      if (mapped) {
        status = mapped.statusCode;
        message = mapped.message;
      }
    }
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply
      .status(status)
      .send({ statusCode: status, error: REASONS[status] ?? 'Error', message, ...(code ? { code } : {}) });
  });
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|ws|docs|openapi\.json|metrics|healthz|readyz)(\/|\?|$)/.test(req.url);
    // The console is a single-page app: its routes (/crew, /coverage…) are answered with index.html.
    if (spa.enabled && req.method === 'GET' && !isApi) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url}` });
  });
}
