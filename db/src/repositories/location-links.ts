import type { Queryable } from '../client/types.ts';
import type { LocationLinkSmsStatus } from '@c120/shared/vocabulary';

/** The caller's one-time location links (only the token's SHA-256 is stored). */

/** Ends the call's links not yet used (a new link replaces them). */
export async function revokeOpenLinks(tx: Queryable, callId: number): Promise<void> {
  await tx.query(
    `UPDATE call_location_links SET revoked_at = now()
     WHERE call_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
    [callId],
  );
}

export async function insertLocationLink(
  tx: Queryable,
  l: { callId: number; tokenHash: string; ttlMinutes: number; userId: number | null },
): Promise<{ id: number; expiresAt: Date }> {
  const { rows } = await tx.query<{ id: number; expires_at: Date }>(
    `INSERT INTO call_location_links (call_id, token_hash, created_by, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING id, expires_at`,
    [l.callId, l.tokenHash, l.userId, l.ttlMinutes],
  );
  const r = rows[0];
  if (!r) throw new Error('location link not inserted');
  return { id: Number(r.id), expiresAt: r.expires_at };
}

export async function setLinkSmsStatus(db: Queryable, id: number, status: LocationLinkSmsStatus): Promise<void> {
  await db.query('UPDATE call_location_links SET sms_status = $2 WHERE id = $1', [id, status]);
}

export interface LinkState {
  id: number;
  callId: number;
  createdAt: Date;
  expiresAt: Date;
  used: boolean;
  revoked: boolean;
  expired: boolean;
}

/** The link with this token hash (locked when `lock`), with its state judged by the database clock. */
export async function findLink(db: Queryable, tokenHash: string, lock: boolean): Promise<LinkState | null> {
  const { rows } = await db.query<{
    id: number;
    call_id: number;
    created_at: Date;
    expires_at: Date;
    used: boolean;
    revoked: boolean;
    expired: boolean;
  }>(
    `SELECT id, call_id, created_at, expires_at, used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked,
            expires_at <= now() AS expired
     FROM call_location_links WHERE token_hash = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [tokenHash],
  );
  const r = rows[0];
  return r
    ? {
        id: Number(r.id),
        callId: Number(r.call_id),
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        used: r.used,
        revoked: r.revoked,
        expired: r.expired,
      }
    : null;
}

export async function markLinkUsed(tx: Queryable, id: number): Promise<void> {
  await tx.query('UPDATE call_location_links SET used_at = now() WHERE id = $1', [id]);
}
