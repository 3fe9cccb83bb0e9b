import { sql } from 'drizzle-orm';
import { bigint, boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './columns.ts';
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
  // Migration 0010: unique regardless of case (sign-in looks names up by lower(username)).
  (t) => [uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`)],
);

export const deviceCredentials = pgTable('device_credentials', {
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
});

export const sessions = pgTable('sessions', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at').notNull(),
  lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  revokedAt: tstz('revoked_at'),
  remote: text(),
  userAgent: text('user_agent'),
});
