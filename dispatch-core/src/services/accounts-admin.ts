import { randomBytes } from 'node:crypto';
import type { Database } from '@c120/db';
import { users } from '@c120/db/repositories';
import { hashDeviceSecret, type Ingest } from '@c120/gps-ingest';
import type {
  CreateDeviceBody,
  CreatedDevice,
  CreateUserBody,
  DeviceCredentialView,
  UpdateUserBody,
} from '../contracts/auth.ts';
import { HttpError, notFound } from '../domain/errors.ts';
import { getUser, insertUser, usernameTaken, type UserRecord } from '../repositories/users.ts';
import { appendEvent } from '../repositories/events.ts';
import { iso, isoOrNull } from '../repositories/rows.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { AuthService } from './auth.ts';

const DEVICE_COLUMNS = `id, unit_id, protocol, device_id, coord_system, secret_hash IS NOT NULL AS has_secret,
  auth_code_hash IS NOT NULL AS has_auth_code, registered_at, terminal_maker_id, terminal_model, terminal_hw_id,
  terminal_plate, created_at, revoked_at`;

const unprocessable = (message: string, code: string) => new HttpError(422, message, code);

/** Accounts and device credentials, for administrators. Nothing here is ever deleted: users are disabled, credentials revoked. */
export class AccountsAdminService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly ingest: Ingest,
  ) {}

  async createUser(body: CreateUserBody): Promise<UserRecord> {
    checkCrewBinding(body.role, body.unitId ?? null);
    const townshipCode = body.role === 'health_centre' ? (body.townshipCode ?? null) : null;
    await this.checkTownshipBinding(body.role, townshipCode);
    if (await usernameTaken(this.db, body.username)) {
      throw new HttpError(
        409,
        `username "${body.username}" is taken (names are compared regardless of case)`,
        'username_taken',
      );
    }
    return insertUser(this.db, {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      unitId: body.role === 'crew' ? (body.unitId ?? null) : null,
      townshipCode,
      passwordHash: await hashPassword(body.password),
    });
  }

  async updateUser(id: number, body: UpdateUserBody, actingUserId: number): Promise<UserRecord> {
    const user = await getUser(this.db, id);
    if (!user) throw notFound(`user ${id}`);
    if (user.service) throw unprocessable('a service account is managed by the server', 'service_account');
    const role = body.role ?? user.role;
    const unitId = role === 'crew' ? (body.unitId !== undefined ? body.unitId : user.unitId) : null;
    checkCrewBinding(role, unitId);
    const townshipCode =
      role === 'health_centre' ? (body.townshipCode !== undefined ? body.townshipCode : user.townshipCode) : null;
    await this.checkTownshipBinding(role, townshipCode);
    if (id === actingUserId && (body.disabled === true || (body.role && body.role !== 'admin'))) {
      throw unprocessable('an administrator cannot disable or demote their own account', 'self_lockout');
    }
    await users.updateUser(this.db, id, {
      role,
      unitId,
      townshipCode,
      displayName: body.displayName,
      disabled: body.disabled,
      passwordHash: body.password !== undefined ? await hashPassword(body.password) : undefined,
    });
    // Whatever changed what this user may do ends their sessions: they sign in again with the new rights.
    if (
      body.disabled ||
      body.password !== undefined ||
      role !== user.role ||
      unitId !== user.unitId ||
      townshipCode !== user.townshipCode
    ) {
      await this.auth.revokeUser(id);
    }
    return (await getUser(this.db, id))!;
  }

  /** A health centre (卫生院) account acts for one existing township. */
  private async checkTownshipBinding(role: string, townshipCode: string | null): Promise<void> {
    if (role !== 'health_centre') return;
    if (townshipCode === null) {
      throw unprocessable(
        'a health centre account must name its township (townshipCode)',
        'health_centre_needs_township',
      );
    }
    if (!(await users.townshipExists(this.db, townshipCode)))
      throw unprocessable(`township ${townshipCode} does not exist`, 'unknown_township');
  }

  async listDevices(unitId?: number): Promise<DeviceCredentialView[]> {
    const { rows } = await this.db.query(
      `SELECT ${DEVICE_COLUMNS}
       FROM device_credentials WHERE ($1::bigint IS NULL OR unit_id = $1) ORDER BY id`,
      [unitId ?? null],
    );
    return rows.map(toDeviceView);
  }

  /** HTTP protocols get a random secret, returned once; JT/T 808 terminals get their auth code at registration. */
  async createDevice(body: CreateDeviceBody, actingUserId: number): Promise<CreatedDevice> {
    if (!(await users.unitExists(this.db, body.unitId)))
      throw unprocessable(`unit ${body.unitId} does not exist`, 'unknown_unit');
    const deviceId = body.protocol === 'jt808' ? body.deviceId.replace(/^0+(?=.)/, '') : body.deviceId;
    if (body.protocol === 'jt808' && !/^[0-9]{1,20}$/.test(deviceId)) {
      throw new HttpError(400, 'a JT/T 808 device id is the terminal phone number (digits)', 'bad_device_id');
    }
    const taken = await this.db.query(
      'SELECT 1 FROM device_credentials WHERE protocol = $1 AND device_id = $2 AND revoked_at IS NULL',
      [body.protocol, deviceId],
    );
    if (taken.rows.length) {
      throw new HttpError(409, `${body.protocol} device "${deviceId}" already has a credential: revoke it first`);
    }
    const secret = body.protocol === 'jt808' ? null : randomBytes(24).toString('base64url');
    const { rows } = await this.db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash, coord_system, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${DEVICE_COLUMNS}`,
      [
        body.unitId,
        body.protocol,
        deviceId,
        secret ? hashDeviceSecret(secret) : null,
        body.coordSystem ?? 'wgs84',
        actingUserId,
      ],
    );
    this.ingest.invalidateCredentials(body.protocol, deviceId);
    return { credential: toDeviceView(rows[0]!), secret };
  }

  async revokeDevice(id: number): Promise<DeviceCredentialView> {
    const { rows } = await this.db.query(
      `UPDATE device_credentials SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
       RETURNING ${DEVICE_COLUMNS}`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound(`device credential ${id}`);
    const view = toDeviceView(row);
    this.ingest.invalidateCredentials(view.protocol, view.deviceId);
    return view;
  }

  /**
   * JT/T 808: the terminal's auth code stops working now and its sessions end; it may register once more and
   * receives a new code in 0x8100. `rotate` keeps the identity bound at the first registration (only the same
   * terminal and plate may re-register); `reset` forgets it (the terminal was replaced). One transaction with its
   * audit event (`device.auth_code_rotated` / `device.registration_reset`).
   */
  async reissueJt808(
    id: number,
    mode: 'rotate' | 'reset',
    reason: string | null,
    actingUserId: number,
  ): Promise<DeviceCredentialView> {
    const view = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query(`SELECT protocol, revoked_at FROM device_credentials WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
      const row = rows[0];
      if (!row) throw notFound(`device credential ${id}`);
      if (row.protocol !== 'jt808') throw unprocessable('only a JT/T 808 terminal has an auth code', 'not_jt808');
      if (row.revoked_at !== null) throw unprocessable('the credential is revoked', 'revoked');
      const forget = mode === 'reset';
      const updated = await tx.query(
        `UPDATE device_credentials
            SET auth_code_hash = NULL, registered_at = NULL,
                terminal_maker_id = CASE WHEN $2 THEN NULL ELSE terminal_maker_id END,
                terminal_model = CASE WHEN $2 THEN NULL ELSE terminal_model END,
                terminal_hw_id = CASE WHEN $2 THEN NULL ELSE terminal_hw_id END,
                terminal_plate = CASE WHEN $2 THEN NULL ELSE terminal_plate END
          WHERE id = $1
          RETURNING ${DEVICE_COLUMNS}`,
        [id, forget],
      );
      const credential = toDeviceView(updated.rows[0]!);
      await appendEvent(
        tx,
        mode === 'rotate' ? 'device.auth_code_rotated' : 'device.registration_reset',
        { credential, reason },
        { unitId: credential.unitId, actor: `user:${actingUserId}` },
      );
      return credential;
    });
    this.ingest.invalidateCredentials('jt808', view.deviceId);
    this.ingest.jt808.disconnectTerminal(view.deviceId);
    return view;
  }
}

function checkCrewBinding(role: string, unitId: number | null): void {
  if (role === 'crew' && unitId === null)
    throw unprocessable('a crew account must be bound to a unit (unitId)', 'crew_needs_unit');
}

function toDeviceView(r: Record<string, unknown>): DeviceCredentialView {
  return {
    id: Number(r.id),
    unitId: Number(r.unit_id),
    protocol: r.protocol as DeviceCredentialView['protocol'],
    deviceId: String(r.device_id),
    coordSystem: r.coord_system as DeviceCredentialView['coordSystem'],
    hasSecret: Boolean(r.has_secret),
    hasAuthCode: Boolean(r.has_auth_code),
    registeredAt: isoOrNull(r.registered_at),
    terminal:
      r.terminal_hw_id === null || r.terminal_hw_id === undefined
        ? null
        : {
            makerId: String(r.terminal_maker_id ?? ''),
            model: String(r.terminal_model ?? ''),
            terminalId: String(r.terminal_hw_id),
            plate: String(r.terminal_plate ?? ''),
          },
    createdAt: iso(r.created_at),
    revokedAt: isoOrNull(r.revoked_at),
  };
}
