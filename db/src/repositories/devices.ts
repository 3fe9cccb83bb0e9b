import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Queryable } from '../client/types.ts';
import { deviceCredentials } from '../schema/index.ts';
import type { CoordSystem, DeviceProtocol } from '@c120/shared/vocabulary';
import { firstOf, rowsOf, run } from './sql.ts';

/**
 * Device credentials: which terminal or phone app reports for which unit, and how it proves it. Never deleted:
 * revoked. The ingest's lookups take a plain Queryable (`sql` fragments through the seam, no drizzle driver on
 * that path); the administrators' use the query builder.
 */

const d = deviceCredentials;

/** A credential as administrators see it: whether a secret / auth code exists, never the hash. */
const deviceFields = {
  id: d.id,
  unitId: d.unitId,
  protocol: d.protocol,
  deviceId: d.deviceId,
  coordSystem: d.coordSystem,
  hasSecret: sql<boolean>`${d.secretHash} IS NOT NULL`,
  hasAuthCode: sql<boolean>`${d.authCodeHash} IS NOT NULL`,
  registeredAt: d.registeredAt,
  terminalMakerId: d.terminalMakerId,
  terminalModel: d.terminalModel,
  terminalHwId: d.terminalHwId,
  terminalPlate: d.terminalPlate,
  createdAt: d.createdAt,
  revokedAt: d.revokedAt,
};

export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];

export function listDevices(db: Executor, unitId?: number) {
  return db.orm
    .select(deviceFields)
    .from(d)
    .where(unitId === undefined ? undefined : eq(d.unitId, unitId))
    .orderBy(asc(d.id));
}

export async function activeDeviceExists(db: Executor, protocol: DeviceProtocol, deviceId: string): Promise<boolean> {
  const rows = await db.orm
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.protocol, protocol), eq(d.deviceId, deviceId), isNull(d.revokedAt)));
  return rows.length > 0;
}

export async function insertDevice(
  db: Executor,
  v: {
    unitId: number;
    protocol: DeviceProtocol;
    deviceId: string;
    secretHash: string | null;
    coordSystem: CoordSystem;
    createdBy: number;
  },
): Promise<DeviceRow> {
  const [row] = await db.orm.insert(d).values(v).returning(deviceFields);
  if (!row) throw new Error('device credential was not inserted');
  return row;
}

/** Revokes (once: a second revocation keeps the first time); null if there is no such credential. */
export async function revokeDevice(db: Executor, id: number): Promise<DeviceRow | null> {
  const [row] = await db.orm
    .update(d)
    .set({ revokedAt: sql`coalesce(${d.revokedAt}, now())` })
    .where(eq(d.id, id))
    .returning(deviceFields);
  return row ?? null;
}

/** Locks the credential for the rest of the transaction; its protocol and revocation, or null. */
export async function lockDevice(db: Executor, id: number) {
  const [row] = await db.orm
    .select({ protocol: d.protocol, revokedAt: d.revokedAt })
    .from(d)
    .where(eq(d.id, id))
    .for('update');
  return row ?? null;
}

/** JT/T 808: the terminal may register again (auth code gone); `forget` also unbinds its identity. */
export async function clearRegistration(db: Executor, id: number, forget: boolean): Promise<DeviceRow | null> {
  const [row] = await db.orm
    .update(d)
    .set({
      authCodeHash: null,
      registeredAt: null,
      ...(forget ? { terminalMakerId: null, terminalModel: null, terminalHwId: null, terminalPlate: null } : {}),
    })
    .where(eq(d.id, id))
    .returning(deviceFields);
  return row ?? null;
}

// ─── The ingest's side (hot path: plain Queryable, sql fragments) ───────────────────────────────────────

export interface CredentialRow extends Record<string, unknown> {
  id: number;
  unit_id: number;
  protocol: DeviceProtocol;
  device_id: string;
  coord_system: CoordSystem;
  secret_hash: string | null;
  auth_code_hash: string | null;
}

/** The active credentials of a protocol among these device ids. */
export function activeCredentials(
  db: Queryable,
  protocol: DeviceProtocol,
  deviceIds: string[],
): Promise<CredentialRow[]> {
  return rowsOf<CredentialRow>(
    db,
    sql`SELECT id, unit_id, protocol, device_id, coord_system, secret_hash, auth_code_hash
        FROM device_credentials
        WHERE protocol = ${protocol} AND device_id = ANY(${sql.param(deviceIds)}::text[]) AND revoked_at IS NULL`,
  );
}

export interface RegistrationRow extends Record<string, unknown> {
  id: number;
  registered_at: Date | null;
  terminal_maker_id: string | null;
  terminal_model: string | null;
  terminal_hw_id: string | null;
  terminal_plate: string | null;
}

/** JT/T 808: the active credential of a terminal phone (any of its spellings), or null. */
export function jt808Registration(db: Queryable, phoneSpellings: string[]): Promise<RegistrationRow | null> {
  return firstOf<RegistrationRow>(
    db,
    sql`SELECT id, registered_at, terminal_maker_id, terminal_model, terminal_hw_id, terminal_plate
        FROM device_credentials
        WHERE protocol = 'jt808' AND device_id = ANY(${sql.param(phoneSpellings)}::text[]) AND revoked_at IS NULL
        ORDER BY id LIMIT 1`,
  );
}

/** JT/T 808: whether another active terminal has registered this plate. */
export async function jt808PlateTaken(db: Queryable, plate: string, exceptId: number): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`SELECT 1 FROM device_credentials
        WHERE protocol = 'jt808' AND revoked_at IS NULL AND terminal_plate = ${plate} AND id <> ${exceptId}`,
  );
  return rows.length > 0;
}

/**
 * JT/T 808: records a registration (the auth code's hash; the identity where none is bound yet). Only an
 * unregistered active credential is updated: of two registrations racing, one gets 1, the other 0. A plate
 * another terminal holds fails with 23505 (migration 0009's unique index).
 */
export function registerJt808(
  db: Queryable,
  id: number,
  authCodeHash: string,
  claim: { makerId: string; model: string; terminalId: string; plate: string },
): Promise<number> {
  return run(
    db,
    sql`UPDATE device_credentials
           SET auth_code_hash = ${authCodeHash}, registered_at = now(),
               terminal_maker_id = coalesce(terminal_maker_id, ${claim.makerId}),
               terminal_model = coalesce(terminal_model, ${claim.model}),
               terminal_hw_id = coalesce(terminal_hw_id, ${claim.terminalId}),
               terminal_plate = coalesce(terminal_plate, ${claim.plate})
         WHERE id = ${id} AND registered_at IS NULL AND revoked_at IS NULL`,
  );
}
