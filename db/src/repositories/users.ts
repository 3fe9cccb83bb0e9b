import { and, asc, eq, gt, inArray, isNull, not, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { sessions, townships, units, users } from '../schema/index.ts';
import type { UserRole } from '@c120/shared/vocabulary';
import { firstOf } from './sql.ts';

/** Users (people and service accounts) and their sign-in sessions. A user is never deleted, only disabled. */

/** A user as the API may show it: every column but the password hash. */
const userFields = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  townshipCode: users.townshipCode,
  disabled: users.disabled,
  service: users.service,
  demo: users.demo,
  createdAt: users.createdAt,
};

export type UserRow = Omit<typeof users.$inferSelect, 'passwordHash' | 'updatedAt'>;
export type NewUserRow = Pick<typeof users.$inferInsert, 'username' | 'displayName' | 'passwordHash' | 'role'> &
  Partial<Pick<typeof users.$inferInsert, 'unitId' | 'townshipCode' | 'service' | 'demo'>>;

export async function getUser(db: Executor, id: number): Promise<UserRow | null> {
  const [row] = await db.orm.select(userFields).from(users).where(eq(users.id, id));
  return row ?? null;
}

export function listUsers(db: Executor): Promise<UserRow[]> {
  return db.orm.select(userFields).from(users).orderBy(asc(users.id));
}

/** Whether a username is taken, regardless of case (migration 0010's unique index on lower(username)). */
export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const rows = await db.orm
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return rows.length > 0;
}

export async function insertUser(db: Executor, u: NewUserRow): Promise<UserRow> {
  const [row] = await db.orm
    .insert(users)
    .values({
      username: u.username,
      displayName: u.displayName,
      passwordHash: u.passwordHash,
      role: u.role,
      unitId: u.unitId ?? null,
      service: u.service ?? false,
      demo: u.demo ?? false,
      townshipCode: u.townshipCode ?? null,
    })
    .returning(userFields);
  if (!row) throw new Error(`user ${u.username} was not inserted`);
  return row;
}

/** A demo account (documented password): inserted unless the name exists; whether it was. */
export async function insertDemoUser(db: Executor, u: NewUserRow): Promise<boolean> {
  const rows = await db.orm
    .insert(users)
    .values({
      username: u.username,
      displayName: u.displayName,
      passwordHash: u.passwordHash,
      role: u.role,
      unitId: u.unitId ?? null,
      demo: true,
      townshipCode: u.townshipCode ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Of these usernames, the demo accounts that exist and are enabled. */
export async function enabledDemoUsernames(db: Executor, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db.orm
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.demo, true), eq(users.disabled, false), inArray(users.username, [...usernames])));
  return rows.map((r) => r.username);
}

/** The fields that may change; `undefined` leaves a field as it is. `updated_at` is set to now. */
export interface UserPatch {
  role?: UserRole;
  unitId?: number | null;
  townshipCode?: string | null;
  displayName?: string;
  disabled?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: Executor, id: number, patch: UserPatch): Promise<void> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as UserPatch;
  await db.orm
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

/** What sign-in needs to decide (looked up regardless of case). */
export async function findForSignIn(db: Executor, username: string) {
  const [row] = await db.orm
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      disabled: users.disabled,
      service: users.service,
      demo: users.demo,
    })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return row ?? null;
}

/** A service account's id and whether the name is one (exact name). */
export async function findByUsername(db: Executor, username: string) {
  const [row] = await db.orm
    .select({ id: users.id, service: users.service })
    .from(users)
    .where(eq(users.username, username));
  return row ?? null;
}

/** The crew accounts bound to a unit (enabled ones), with whether one is signed in now (a live session). */
export function listUnitCrew(db: Executor, unitId: number) {
  return db.orm
    .select({
      userId: users.id,
      displayName: users.displayName,
      username: users.username,
      signedIn: sql<boolean>`EXISTS (SELECT 1 FROM ${sessions} s WHERE s.user_id = ${users.id}
        AND s.revoked_at IS NULL AND s.expires_at > now())`,
    })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.role, 'crew'), eq(users.disabled, false)))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Display names of these users, by id. */
export async function displayNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.orm
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function townshipExists(db: Executor, code: string): Promise<boolean> {
  const rows = await db.orm.select({ code: townships.code }).from(townships).where(eq(townships.code, code));
  return rows.length > 0;
}

export async function unitExists(db: Executor, id: number): Promise<boolean> {
  const rows = await db.orm.select({ id: units.id }).from(units).where(eq(units.id, id));
  return rows.length > 0;
}

export async function unitIdByCode(db: Executor, code: string): Promise<number | null> {
  const [row] = await db.orm.select({ id: units.id }).from(units).where(eq(units.code, code));
  return row?.id ?? null;
}

/** The first unit by code (the demo crew account's vehicle). */
export async function firstUnitId(db: Executor): Promise<number | null> {
  const [row] = await db.orm.select({ id: units.id }).from(units).orderBy(asc(units.code)).limit(1);
  return row?.id ?? null;
}

// ─── Sessions ────────────────────────────────────────────────────────────────────────────────────────────

export async function insertSession(
  db: Executor,
  s: { userId: number; tokenHash: string; expiresAt: Date; remote: string | null; userAgent: string | null },
): Promise<void> {
  await db.orm.insert(sessions).values(s);
}

export interface LiveSessionRow extends Record<string, unknown> {
  sessionId: number;
  expiresAt: Date;
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: number | null;
  townshipCode: string | null;
  service: boolean;
}

/**
 * The live session with this token hash and its (enabled) user, or null. Run through the seam's own `query`
 * (not drizzle's driver): it is on every request's path, and the sign-in hardening tests count these lookups there.
 */
export function liveSessionByTokenHash(db: Executor, tokenHash: string): Promise<LiveSessionRow | null> {
  return firstOf<LiveSessionRow>(
    db,
    sql`SELECT s.id AS "sessionId", s.expires_at AS "expiresAt", u.id, u.username, u.display_name AS "displayName",
               u.role, u.unit_id AS "unitId", u.township_code AS "townshipCode", u.service
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
  );
}

export async function touchSession(db: Executor, sessionId: number): Promise<void> {
  await db.orm
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, sessionId));
}

/** Revokes the live session with this token hash; the ids it revoked (none if it was not live). */
export async function revokeSessionByTokenHash(db: Executor, tokenHash: string): Promise<number[]> {
  const rows = await db.orm
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function revokeSessionsOfUser(db: Executor, userId: number): Promise<void> {
  await db.orm
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Of these session ids, the ones still live (not revoked, not expired, user enabled). */
export async function liveSessionIds(db: Executor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.orm
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        inArray(sessions.id, [...ids]),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        not(users.disabled),
      ),
    );
  return rows.map((r) => r.id);
}
