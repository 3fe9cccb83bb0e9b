import type { Database } from '@c120/db';
import type { Role } from './roles.ts';
import { hashPassword } from './secrets.ts';
import { usernameTaken } from '../repositories/users.ts';

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
  const unit = await db.query<{ id: number }>('SELECT id FROM units ORDER BY code LIMIT 1');
  const unitId = unit.rows[0]?.id ?? null;
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (a.role === 'crew' && unitId === null) continue;
    if (a.townshipCode) {
      const t = await db.query('SELECT 1 FROM townships WHERE code = $1', [a.townshipCode]);
      if (!t.rows.length) continue; // not the demo county
    }
    if (await usernameTaken(db, a.username)) continue;
    const res = await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_id, demo, township_code)
       VALUES ($1, $2, $3, $4, $5, true, $6) ON CONFLICT DO NOTHING`,
      [
        a.username,
        a.displayName,
        await hashPassword(a.password),
        a.role,
        a.role === 'crew' ? unitId : null,
        a.townshipCode ?? null,
      ],
    );
    created += res.rowCount;
  }
  return created;
}

/** The demo accounts that exist and are enabled (what the login page may show). */
export async function activeDemoAccounts(db: Database): Promise<DemoAccount[]> {
  const { rows } = await db.query<{ username: string }>(
    'SELECT username FROM users WHERE demo AND NOT disabled AND username = ANY($1::text[])',
    [DEMO_ACCOUNTS.map((a) => a.username)],
  );
  const live = new Set(rows.map((r) => r.username));
  return DEMO_ACCOUNTS.filter((a) => live.has(a.username));
}
