import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '@c120/db';
import type { CredentialDirectory, DeviceCredential } from '../../pipeline/credentials.ts';

export type RegisterOutcome = { status: 'ok'; authCode: string } | { status: 'unknown' };
export type AuthOutcome = { status: 'ok'; credential: DeviceCredential } | { status: 'unknown' | 'bad_code' };

/**
 * JT/T 808 registration and authentication against `device_credentials` (protocol 'jt808', device_id = the
 * terminal's phone number). Registration issues an auth code only to a known terminal and keeps it: a terminal
 * that registers again (after a reset) gets the same code, and a code an administrator set by hand (for
 * terminals that never register) is honoured. Both read the database directly, not the cache: they happen
 * once per connection and must see a code issued a moment ago.
 */
export class TerminalAuthenticator {
  constructor(
    private readonly db: Queryable,
    private readonly credentials: CredentialDirectory,
  ) {}

  async register(terminalId: string): Promise<RegisterOutcome> {
    const cred = await this.credentials.lookup('jt808', terminalId, true);
    if (!cred) return { status: 'unknown' };
    if (cred.authCode) return { status: 'ok', authCode: cred.authCode };
    // coalesce: two registrations racing end up with one code.
    const { rows } = await this.db.query<{ auth_code: string }>(
      `UPDATE device_credentials SET auth_code = coalesce(auth_code, $2) WHERE id = $1 RETURNING auth_code`,
      [cred.id, randomBytes(6).toString('hex')],
    );
    this.credentials.invalidate('jt808', terminalId);
    const code = rows[0]?.auth_code;
    return code ? { status: 'ok', authCode: code } : { status: 'unknown' };
  }

  async authenticate(terminalId: string, authCode: string): Promise<AuthOutcome> {
    const cred = await this.credentials.lookup('jt808', terminalId, true);
    if (!cred) return { status: 'unknown' };
    if (!cred.authCode || !sameText(cred.authCode, authCode)) return { status: 'bad_code' };
    return { status: 'ok', credential: cred };
  }
}

function sameText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
