import type { Database } from '@c120/db';
import { users } from '@c120/db/repositories';
import type { Role } from './roles.ts';
import { hashPassword } from './secrets.ts';

export interface DemoAccount {
  username: string;
  /** Published on the login page in demo mode and in the README: never use these accounts in production. */
  password: string;
  role: Role;
  displayName: string;
  /** A health centre account's township (司徒镇卫生院). */
  townshipCode?: string;
}

/** The demo county's accounts (演示账号). The crew account is bound to the first unit by code. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'demo-dispatcher', password: 'demo-dispatcher-120', role: 'dispatcher', displayName: '演示调度员' },
  { username: 'demo-official', password: 'demo-official-120', role: 'official', displayName: '演示领导' },
  { username: 'demo-crew', password: 'demo-crew-120', role: 'crew', displayName: '演示车组' },
  { username: 'demo-admin', password: 'demo-admin-120', role: 'admin', displayName: '演示管理员' },
  {
    username: 'demo-health-centre',
    password: 'demo-health-centre-120',
    role: 'health_centre',
    displayName: '司徒镇卫生院（演示）',
    townshipCode: '321181100',
  },
];

/**
 * Creates the demo accounts (flagged `demo`) where they do not exist yet; an existing one is left alone, so an
 * administrator who disabled it or changed its password keeps that. Needs the demo county's units (crew).
 */
export async function ensureDemoAccounts(db: Database): Promise<number> {
  const unitId = await users.firstUnitId(db);
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (a.role === 'crew' && unitId === null) continue;
    if (a.townshipCode) {
      if (!(await users.townshipExists(db, a.townshipCode))) continue; // not the demo county
    }
    if (await users.usernameTaken(db, a.username)) continue;
    const inserted = await users.insertDemoUser(db, {
      username: a.username,
      displayName: a.displayName,
      passwordHash: await hashPassword(a.password),
      role: a.role,
      unitId: a.role === 'crew' ? unitId : null,
      townshipCode: a.townshipCode ?? null,
    });
    if (inserted) created += 1;
  }
  return created;
}

/** The demo accounts that exist and are enabled (what the login page may show). */
export async function activeDemoAccounts(db: Database): Promise<DemoAccount[]> {
  const live = new Set(
    await users.enabledDemoUsernames(
      db,
      DEMO_ACCOUNTS.map((a) => a.username),
    ),
  );
  return DEMO_ACCOUNTS.filter((a) => live.has(a.username));
}
