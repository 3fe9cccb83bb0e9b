import { randomBytes } from 'node:crypto';
import type { Queryable } from '@c120/db';
import { devices } from '@c120/db/repositories';
import {
  hashDeviceSecret,
  phoneSpellings,
  verifyDeviceSecret,
  type CredentialDirectory,
  type DeviceCredential,
} from '../../pipeline/credentials.ts';

/** What a terminal says about itself in 0x0100 (bound at its first registration). */
export interface TerminalClaim {
  makerId: string;
  model: string;
  terminalId: string;
  plate: string;
}

/**
 * 0x8100 results (JT/T 808-2013/2019 §8.5): 0 ok (with the code), 1 vehicle already registered, 3 terminal already
 * registered, 4 no such terminal. No code is ever sent with a refusal.
 */
export type RegisterOutcome =
  | { status: 'ok'; authCode: string }
  | { status: 'unknown' }
  /** Registered before (and not reset by an administrator), or its maker/model/terminal id differ from the bound ones. */
  | { status: 'terminal_registered' }
  /** The plate differs from the bound one, or another active terminal is registered for that plate. */
  | { status: 'vehicle_registered' };

export type AuthOutcome = { status: 'ok'; credential: DeviceCredential } | { status: 'unknown' | 'bad_code' };

/**
 * JT/T 808 registration and authentication against `device_credentials` (protocol 'jt808', device_id = the
 * terminal's phone number). A phone number is not a secret, so:
 * - a terminal registers ONCE: the first registration binds the identity it presents (maker id, model, terminal
 *   id, plate) and issues a random auth code, of which only the hash is stored; any later registration gets
 *   result 3 and no code, until an administrator rotates the code or resets the registration
 *   (`POST /api/admin/devices/:id/jt808/rotate` / `…/reset`);
 * - after a rotation (identity kept) the re-registration must present the bound identity (a mismatch: 3 for
 *   the terminal fields, 1 for the plate); after a reset (identity forgotten) anything may register;
 * - authentication (0x0102) needs the code whose hash is stored.
 * Both read the database directly, not the cache: they happen once per connection and must see a change made a
 * moment ago.
 */
export class TerminalAuthenticator {
  constructor(
    private readonly db: Queryable,
    private readonly credentials: CredentialDirectory,
  ) {}

  async register(phone: string, claim: TerminalClaim): Promise<RegisterOutcome> {
    const row = await devices.jt808Registration(this.db, phoneSpellings(phone));
    if (!row) return { status: 'unknown' };
    if (row.registered_at !== null) return { status: 'terminal_registered' };
    if (
      differs(row.terminal_maker_id, claim.makerId) ||
      differs(row.terminal_model, claim.model) ||
      differs(row.terminal_hw_id, claim.terminalId)
    ) {
      return { status: 'terminal_registered' };
    }
    if (differs(row.terminal_plate, claim.plate)) return { status: 'vehicle_registered' };
    if (claim.plate !== '') {
      if (await devices.jt808PlateTaken(this.db, claim.plate, row.id)) return { status: 'vehicle_registered' };
    }
    const authCode = randomBytes(6).toString('hex');
    let updated: number;
    try {
      // `registered_at IS NULL`: of two registrations racing, one gets the code, the other result 3.
      updated = await devices.registerJt808(this.db, row.id, hashDeviceSecret(authCode), claim);
    } catch (err) {
      // The plate's unique index (migration 0009): another terminal registered that vehicle a moment ago.
      if (sqlState(err) === '23505') return { status: 'vehicle_registered' };
      throw err;
    }
    this.credentials.invalidate('jt808', phone);
    return updated === 1 ? { status: 'ok', authCode } : { status: 'terminal_registered' };
  }

  /** `fresh`: read the database (the default); false: the cache will do (a terminal over its failure limit). */
  async authenticate(phone: string, authCode: string, fresh = true): Promise<AuthOutcome> {
    const cred = await this.credentials.lookup('jt808', phone, fresh);
    if (!cred) return { status: 'unknown' };
    if (!cred.authCodeHash || !verifyDeviceSecret(cred.authCodeHash, authCode)) return { status: 'bad_code' };
    return { status: 'ok', credential: cred };
  }

  /** The terminal's active credential still carries this auth code hash (cached lookup). */
  async holds(phone: string, authCodeHash: string): Promise<boolean> {
    const cred = await this.credentials.lookup('jt808', phone);
    return cred !== null && cred.authCodeHash === authCodeHash;
  }
}

/** A bound field (non-null) that the claim does not repeat exactly. */
function differs(bound: string | null, claimed: string): boolean {
  return bound !== null && bound !== claimed;
}

function sqlState(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}
