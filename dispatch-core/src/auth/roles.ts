import { USER_ROLES, type UserRole } from '@c120/db/vocabulary';

export type Role = UserRole;
export const ROLES: readonly Role[] = USER_ROLES;

/**
 * Who may call what. Every route declares one of these in `config.roles` (or `config.public: true`); the auth
 * plugin refuses to build an app with a route that declares neither.
 * - officials (county leaders) read county-wide status and change nothing;
 * - crews are bound to one unit and see only their unit, its run and its incident (handlers narrow further);
 * - dispatchers run the floor; admins can do everything a dispatcher can, plus accounts and device credentials.
 */
export const SIGNED_IN = ['admin', 'dispatcher', 'crew', 'official'] as const satisfies readonly Role[];
export const READERS = ['admin', 'dispatcher', 'official'] as const satisfies readonly Role[];
export const OPERATORS = ['admin', 'dispatcher'] as const satisfies readonly Role[];
export const CREW_AND_OPERATORS = ['admin', 'dispatcher', 'crew'] as const satisfies readonly Role[];
export const ADMINS = ['admin'] as const satisfies readonly Role[];

/** The signed-in user a request acts as. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The unit a crew account is bound to (null for other roles). */
  unitId: number | null;
  sessionId: number;
  /** A service account (the in-process simulator), not a person. */
  service: boolean;
  expiresAt: Date;
}

/** `events.actor` for an action by this user. */
export const userActor = (user: SessionUser | null): string | null => (user ? `user:${user.id}` : null);

/** The user id inside an `events.actor` value (`user:<id>`), for the *_by columns. */
export function actorUserId(actor: string | null): number | null {
  const m = /^user:(\d+)$/.exec(actor ?? '');
  return m ? Number(m[1]) : null;
}
