import type { Executor } from '@c120/db';
import { users, type NewUserRow, type UserRow } from '@c120/db/repositories';
import type { Role } from '../auth/roles.ts';

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

export function toUserRecord(r: UserRow): UserRecord {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export async function getUser(db: Executor, id: number): Promise<UserRecord | null> {
  const row = await users.getUser(db, id);
  return row ? toUserRecord(row) : null;
}

export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return (await users.listUsers(db)).map(toUserRecord);
}

/** Whether a username is taken, regardless of case (migration 0010's unique index on lower(username)). */
export const usernameTaken = (db: Executor, username: string): Promise<boolean> => users.usernameTaken(db, username);

export type NewUser = NewUserRow;

export async function insertUser(db: Executor, u: NewUser): Promise<UserRecord> {
  return toUserRecord(await users.insertUser(db, u));
}

/** The crew accounts bound to a unit (enabled ones), with whether one is signed in now (a live session). */
export function listUnitCrew(
  db: Executor,
  unitId: number,
): Promise<{ userId: number; displayName: string; username: string; signedIn: boolean }[]> {
  return users.listUnitCrew(db, unitId);
}

/** Display names of the `user:<id>` actors among `actors` (events name their actor so), by actor string. */
export async function userActorNames(db: Executor, actors: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(actors.filter((a): a is string => !!a && /^user:\d+$/.test(a)).map((a) => Number(a.slice(5)))),
  ];
  const names = await users.displayNames(db, ids);
  return new Map([...names].map(([id, name]) => [`user:${id}`, name]));
}
