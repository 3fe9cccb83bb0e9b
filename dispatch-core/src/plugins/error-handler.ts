import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../domain/errors.ts';
import { TEXT_PATTERNS, TEXT_RULE } from '../contracts/common.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Data exceptions (class 22) described without the database's message text. */
const DATA_EXCEPTIONS: Record<string, string> = {
  '22001': 'text too long',
  '22003': 'number out of range',
  '22007': 'not a valid date or time',
  '22008': 'date or time out of range',
  '22012': 'division by zero',
  '22021': 'character not allowed in text',
  '22023': 'parameter value not allowed',
  '22P02': 'not a valid value of its type',
  '22P05': 'character not representable',
};

/**
 * The driver's error under drizzle's wrapper: a query run by drizzle fails with a DrizzleQueryError (message:
 * the statement and its parameters) whose `cause` is the driver's error with the SQLSTATE.
 */
function driverError(err: Error): { code?: unknown; constraint?: unknown; message: string } {
  let e: unknown = err;
  for (let depth = 0; depth < 3 && e instanceof Error; depth++) {
    if (typeof (e as { code?: unknown }).code === 'string') return e as Error & { code: string };
    e = (e as { cause?: unknown }).cause;
  }
  return err;
}

/** PostgreSQL SQLSTATEs that mean "the request was wrong", not "the server broke". */
function fromDatabase(wrapped: Error): HttpError | null {
  const err = driverError(wrapped);
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === '23505')
    return new HttpError(409, `conflicts with existing data (${String(err.constraint ?? 'unique')})`);
  if (code === '23503')
    return new HttpError(422, `refers to something that does not exist (${String(err.constraint ?? 'reference')})`);
  if (code === '23514' || code === '23502')
    return new HttpError(422, `value not allowed (${String(err.constraint ?? code)})`);
  // The database's own wording (which may quote the value, a type or a function name) is logged, never sent.
  if (code.startsWith('22'))
    return new HttpError(400, `invalid value (${DATA_EXCEPTIONS[code] ?? `SQLSTATE ${code}`})`);
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
      const first = err.validation[0];
      const pattern: unknown = first?.params?.pattern;
      // A free-text field (contracts/common.ts `Text`) gets its rule in words instead of its regular expression.
      message =
        first?.keyword === 'pattern' && typeof pattern === 'string' && TEXT_PATTERNS.has(pattern)
          ? `invalid request: ${err.validationContext ?? 'body'}${first.instancePath} ${TEXT_RULE}`
          : `invalid request: ${err.message}`;
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
    else if (!(err instanceof HttpError) && !err.validation) req.log.info({ err }, `request refused (${status})`);
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
