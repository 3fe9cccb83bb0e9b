import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './columns.ts';
import { COORD_SYSTEMS, DEVICE_PROTOCOLS, USER_ROLES } from '@c120/shared/vocabulary';
import type { CoordSystem, DeviceProtocol, UserRole } from '@c120/shared/vocabulary';

export const users = pgTable(
  'users',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text().$type<UserRole>().notNull(),
    unitId: bigint('unit_id', { mode: 'number' }),
    /** A health centre (卫生院) account's township. */
    townshipCode: text('township_code'),
    disabled: boolean().notNull().default(false),
    /** Not a person (the simulator's account): never has a usable password. */
    service: boolean().notNull().default(false),
    /** Created by the demo seed with a documented password. */
    demo: boolean().notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    oneOf('users', t.role, USER_ROLES),
    check('users_crew_unit', sql`${t.unitId} IS NOT NULL OR ${t.role} <> 'crew'`),
    check('users_health_centre_township', sql`${t.townshipCode} IS NOT NULL OR ${t.role} <> 'health_centre'`),
    // Migration 0010: unique regardless of case (sign-in looks names up by lower(username)).
    uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`),
  ],
);

export const deviceCredentials = pgTable(
  'device_credentials',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: bigint('unit_id', { mode: 'number' }).notNull(),
    protocol: text().$type<DeviceProtocol>().notNull(),
    deviceId: text('device_id').notNull(),
    secretHash: text('secret_hash'),
    /** JT/T 808: hash of the auth code issued at registration (`sha256:<hex>`); the code itself is never stored. */
    authCodeHash: text('auth_code_hash'),
    /** JT/T 808: when the terminal registered; null = it may register (never did, or an administrator reset it). */
    registeredAt: tstz('registered_at'),
    /** JT/T 808 identity bound at the first registration (a later registration must match it). */
    terminalMakerId: text('terminal_maker_id'),
    terminalModel: text('terminal_model'),
    terminalHwId: text('terminal_hw_id'),
    terminalPlate: text('terminal_plate'),
    coordSystem: text('coord_system').$type<CoordSystem>().notNull().default('wgs84'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    revokedAt: tstz('revoked_at'),
    createdBy: bigint('created_by', { mode: 'number' }),
  },
  (t) => [
    oneOf('device_credentials', t.protocol, DEVICE_PROTOCOLS),
    oneOf('device_credentials', t.coordSystem, COORD_SYSTEMS),
    // Migration 0007 (NOT VALID there: rows older than it are not checked).
    check(
      'device_credentials_osmand_token',
      sql`${t.protocol} <> 'osmand' OR ${t.secretHash} IS NOT NULL OR ${t.revokedAt} IS NOT NULL`,
    ),
    uniqueIndex('device_credentials_active')
      .on(t.protocol, t.deviceId)
      .where(sql`${t.revokedAt} IS NULL`),
    index('device_credentials_unit').on(t.unitId),
    uniqueIndex('device_credentials_jt808_plate')
      .on(t.terminalPlate)
      .where(
        sql`${t.protocol} = 'jt808' AND ${t.revokedAt} IS NULL AND ${t.terminalPlate} IS NOT NULL AND ${t.terminalPlate} <> ''`,
      ),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    revokedAt: tstz('revoked_at'),
    remote: text(),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user')
      .on(t.userId)
      .where(sql`${t.revokedAt} IS NULL`),
  ],
);
