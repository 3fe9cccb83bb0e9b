import type { Database } from '@c120/db';
import type { Role } from './roles.ts';
import type { AuthService } from '../services/auth.ts';

/**
 * A service account (not a person: no usable password, cannot sign in with /api/auth/login) for an in-process
 * client such as the simulator; returns its id. Sessions for it are opened with AuthService.openSession.
 */
export async function ensureServiceAccount(
  db: Database,
  username: string,
  displayName: string,
  role: Role,
): Promise<number> {
  const found = await db.query<{ id: number; service: boolean }>('SELECT id, service FROM users WHERE username = $1', [
    username,
  ]);
  const existing = found.rows[0];
  if (existing) {
    if (!existing.service) throw new Error(`user "${username}" exists and is not a service account`);
    return Number(existing.id);
  }
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash, role, service) VALUES ($1, $2, '!', $3, true)
     RETURNING id`,
    [username, displayName, role],
  );
  return Number(rows[0]?.id);
}

/**
 * A session token for an in-process client acting as a service account (the simulator started by main.ts:
 * call-taker, dispatcher and every crew at once). The token never leaves the process.
 */
export async function serviceSession(
  db: Database,
  auth: AuthService,
  username: string,
  displayName: string,
  role: Role = 'dispatcher',
): Promise<string> {
  const id = await ensureServiceAccount(db, username, displayName, role);
  return (await auth.openSession(id, { remote: 'in-process' })).token;
}
