import type { PositionResult, RejectReason } from '../pipeline/types.ts';

/** What one message (several positions, one answer) amounts to for the device. */
export type MessageOutcome =
  /** Stored or deliberately filtered: the device must not resend. */
  | { kind: 'ok' }
  /** Our side cannot take it now: the device should resend later. */
  | { kind: 'retry'; reason: string }
  /** The device is not allowed to report. */
  | { kind: 'unauthorized'; reason: RejectReason };

/**
 * One answer for a message: any "retry" wins (resending is harmless, a resent accepted fix is a duplicate);
 * else, if nothing was accepted or filtered, the authentication failure; else ok.
 */
export function summarise(results: readonly PositionResult[]): MessageOutcome {
  let auth: MessageOutcome | null = null;
  let ok = false;
  for (const r of results) {
    if (r.status === 'retry') return { kind: 'retry', reason: r.reason };
    if (r.status === 'rejected') auth ??= { kind: 'unauthorized', reason: r.reason };
    else ok = true;
  }
  return ok || !auth ? { kind: 'ok' } : auth;
}

/**
 * HTTP status for an outcome: 200, 503 (our side cannot take it now), 429 (the device floods), 401 (secret
 * wrong or missing), 403 (device unknown, or another unit's).
 */
export function httpStatus(outcome: MessageOutcome): 200 | 401 | 403 | 429 | 503 {
  switch (outcome.kind) {
    case 'ok':
      return 200;
    case 'retry':
      return outcome.reason === 'rate_limited' ? 429 : 503;
    case 'unauthorized':
      return outcome.reason === 'bad_secret' ? 401 : 403;
  }
}

/** The secret an HTTP sender presents: `Authorization: Bearer <secret>`, else a `token` query parameter. */
export function presentedSecret(authorization: string | undefined, query: URLSearchParams | null): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  return query?.get('token') ?? undefined;
}
