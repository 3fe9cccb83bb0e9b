import { USER_ROLES, type UserRole } from '@c120/shared/vocabulary';

export type Role = UserRole;
export const ROLES: readonly Role[] = USER_ROLES;

/**
 * Who may call what. Every route declares one of these in `config.roles` (or `config.public: true`); the auth
 * plugin refuses to build an app with a route that declares neither.
 * - officials (county leaders) read county-wide status and change nothing;
 * - crews are bound to one unit and see only their unit, its run and its incident (handlers narrow further);
 * - dispatchers run the floor; admins can do everything a dispatcher can, plus accounts and device credentials;
 * - a township health centre (卫生院, `health_centre`) plans rounds and books transfers for its own township
 *   (users.township_code) and sees no emergency incidents (callers' details are not its business).
 */
export const SIGNED_IN = [
  'admin',
  'dispatcher',
  'crew',
  'official',
  'health_centre',
] as const satisfies readonly Role[];
export const READERS = ['admin', 'dispatcher', 'official'] as const satisfies readonly Role[];
export const OPERATORS = ['admin', 'dispatcher'] as const satisfies readonly Role[];
export const CREW_AND_OPERATORS = ['admin', 'dispatcher', 'crew'] as const satisfies readonly Role[];
export const ADMINS = ['admin'] as const satisfies readonly Role[];
/** Who plans rounds (巡诊) and books transfers (转运): the centre, and a township health centre (卫生院) for its own. */
export const PLANNERS = ['admin', 'dispatcher', 'health_centre'] as const satisfies readonly Role[];
/** Who reads rounds, transfers and village outreach: planners and officials (crews read their own unit's). */
export const OUTREACH_READERS = ['admin', 'dispatcher', 'official', 'health_centre'] as const satisfies readonly Role[];

/** The signed-in user a request acts as. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The unit a crew account is bound to (null for other roles). */
  unitId: number | null;
  /** The township a health centre account acts for (null for other roles). */
  townshipCode: string | null;
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
