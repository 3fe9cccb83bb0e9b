import type { Queryable } from '@c120/db';
import type { Role } from '../auth/roles.ts';
import { iso } from './rows.ts';

/** A user as the API shows it (never the password hash). */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  townshipCode: string | null;
  disabled: boolean;
  service: boolean;
  demo: boolean;
  createdAt: string;
}

export const USER_COLUMNS =
  'u.id, u.username, u.display_name, u.role, u.unit_id, u.township_code, u.disabled, u.service, u.demo, u.created_at';

export function toUserRecord(r: Record<string, unknown>): UserRecord {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as Role,
    unitId: r.unit_id === null || r.unit_id === undefined ? null : Number(r.unit_id),
    townshipCode: r.township_code === null || r.township_code === undefined ? null : String(r.township_code),
    disabled: Boolean(r.disabled),
    service: Boolean(r.service),
    demo: Boolean(r.demo),
    createdAt: iso(r.created_at),
  };
}

export async function getUser(db: Queryable, id: number): Promise<UserRecord | null> {
  const { rows } = await db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return rows[0] ? toUserRecord(rows[0]) : null;
}

export async function listUsers(db: Queryable): Promise<UserRecord[]> {
  const { rows } = await db.query(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.id`);
  return rows.map(toUserRecord);
}

/** Whether a username is taken, regardless of case (migration 0010's unique index on lower(username)). */
export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
  return rows.length > 0;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId?: number | null;
  townshipCode?: string | null;
  passwordHash: string;
  service?: boolean;
  demo?: boolean;
}

export async function insertUser(db: Queryable, u: NewUser): Promise<UserRecord> {
  const { rows } = await db.query(
    `INSERT INTO users (username, display_name, password_hash, role, unit_id, service, demo, township_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, username, display_name, role, unit_id, township_code, disabled, service, demo, created_at`,
    [
      u.username,
      u.displayName,
      u.passwordHash,
      u.role,
      u.unitId ?? null,
      u.service ?? false,
      u.demo ?? false,
      u.townshipCode ?? null,
    ],
  );
  return toUserRecord(rows[0]!);
}

/** The crew accounts bound to a unit (enabled ones), with whether one is signed in now (a live session). */
export async function listUnitCrew(
  db: Queryable,
  unitId: number,
): Promise<{ userId: number; displayName: string; username: string; signedIn: boolean }[]> {
  const { rows } = await db.query<{ id: number; display_name: string; username: string; signed_in: boolean }>(
    `SELECT u.id, u.display_name, u.username,
            EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now())
              AS signed_in
     FROM users u WHERE u.unit_id = $1 AND u.role = 'crew' AND NOT u.disabled ORDER BY u.display_name, u.id`,
    [unitId],
  );
  return rows.map((r) => ({
    userId: Number(r.id),
    displayName: String(r.display_name),
    username: String(r.username),
    signedIn: Boolean(r.signed_in),
  }));
}

/** Display names of the `user:<id>` actors among `actors` (events name their actor so), by actor string. */
export async function userActorNames(db: Queryable, actors: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(actors.filter((a): a is string => !!a && /^user:\d+$/.test(a)).map((a) => Number(a.slice(5)))),
  ];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; display_name: string }>(
    'SELECT id, display_name FROM users WHERE id = ANY($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((r) => [`user:${r.id}`, String(r.display_name)]));
}
