/** An error whose message is meant for the person at the console; routes answer it with its status code. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`, 'not_found');
export const conflict = (message: string, code = 'conflict') => new HttpError(409, message, code);
export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, message, code);
