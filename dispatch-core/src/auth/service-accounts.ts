import type { Database } from '@c120/db';
import { users } from '@c120/db/repositories';
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
  const existing = await users.findByUsername(db, username);
  if (existing) {
    if (!existing.service) throw new Error(`user "${username}" exists and is not a service account`);
    return existing.id;
  }
  const created = await users.insertUser(db, { username, displayName, passwordHash: '!', role, service: true });
  return created.id;
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
