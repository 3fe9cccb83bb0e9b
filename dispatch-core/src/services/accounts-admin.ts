import { randomBytes } from 'node:crypto';
import type { Database } from '@c120/db';
import { devices, users, type DeviceRow } from '@c120/db/repositories';
import { hashDeviceSecret, type Ingest } from '@c120/gps-ingest';
import type {
  CreateDeviceBody,
  CreatedDevice,
  CreateUserBody,
  DeviceCredentialView,
  UpdateUserBody,
} from '../contracts/auth.ts';
import { HttpError, notFound } from '../domain/errors.ts';
import { getUser, insertUser, listUsers, usernameTaken, type UserRecord } from '../repositories/users.ts';
import { appendEvent } from '../repositories/events.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { AuthService } from './auth.ts';

const unprocessable = (message: string, code: string) => new HttpError(422, message, code);

/** Accounts and device credentials, for administrators. Nothing here is ever deleted: users are disabled, credentials revoked. */
export class AccountsAdminService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly ingest: Ingest,
  ) {}

  /** Every account (none is ever deleted). */
  listUsers(): Promise<UserRecord[]> {
    return listUsers(this.db);
  }

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
    return (await devices.listDevices(this.db, unitId)).map(toDeviceView);
  }

  /** HTTP protocols get a random secret, returned once; JT/T 808 terminals get their auth code at registration. */
  async createDevice(body: CreateDeviceBody, actingUserId: number): Promise<CreatedDevice> {
    if (!(await users.unitExists(this.db, body.unitId)))
      throw unprocessable(`unit ${body.unitId} does not exist`, 'unknown_unit');
    const deviceId = body.protocol === 'jt808' ? body.deviceId.replace(/^0+(?=.)/, '') : body.deviceId;
    if (body.protocol === 'jt808' && !/^[0-9]{1,20}$/.test(deviceId)) {
      throw new HttpError(400, 'a JT/T 808 device id is the terminal phone number (digits)', 'bad_device_id');
    }
    if (await devices.activeDeviceExists(this.db, body.protocol, deviceId)) {
      throw new HttpError(409, `${body.protocol} device "${deviceId}" already has a credential: revoke it first`);
    }
    const secret = body.protocol === 'jt808' ? null : randomBytes(24).toString('base64url');
    const row = await devices.insertDevice(this.db, {
      unitId: body.unitId,
      protocol: body.protocol,
      deviceId,
      secretHash: secret ? hashDeviceSecret(secret) : null,
      coordSystem: body.coordSystem ?? 'wgs84',
      createdBy: actingUserId,
    });
    this.ingest.invalidateCredentials(body.protocol, deviceId);
    return { credential: toDeviceView(row), secret };
  }

  async revokeDevice(id: number): Promise<DeviceCredentialView> {
    const row = await devices.revokeDevice(this.db, id);
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
      const row = await devices.lockDevice(tx, id);
      if (!row) throw notFound(`device credential ${id}`);
      if (row.protocol !== 'jt808') throw unprocessable('only a JT/T 808 terminal has an auth code', 'not_jt808');
      if (row.revokedAt !== null) throw unprocessable('the credential is revoked', 'revoked');
      const forget = mode === 'reset';
      const updated = await devices.clearRegistration(tx, id, forget);
      if (!updated) throw notFound(`device credential ${id}`);
      const credential = toDeviceView(updated);
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

function toDeviceView(r: DeviceRow): DeviceCredentialView {
  return {
    id: r.id,
    unitId: r.unitId,
    protocol: r.protocol,
    deviceId: r.deviceId,
    coordSystem: r.coordSystem,
    hasSecret: r.hasSecret,
    hasAuthCode: r.hasAuthCode,
    registeredAt: r.registeredAt?.toISOString() ?? null,
    terminal:
      r.terminalHwId === null
        ? null
        : {
            makerId: r.terminalMakerId ?? '',
            model: r.terminalModel ?? '',
            terminalId: r.terminalHwId,
            plate: r.terminalPlate ?? '',
          },
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}
