import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '@c120/db';
import { devices } from '@c120/db/repositories';
import type { ProtocolName } from '../position.ts';
import type { CoordSystem } from './types.ts';

/** One active row of `device_credentials`. */
export interface DeviceCredential {
  id: number;
  unitId: number;
  protocol: ProtocolName;
  /** As the decoder spells it (JT/T 808: the phone number without BCD padding zeros). */
  deviceId: string;
  coordSystem: CoordSystem;
  secretHash: string | null;
  /** JT/T 808: hash of the auth code issued at registration (`sha256:<hex>`, as `secretHash`). */
  authCodeHash: string | null;
}

export interface CredentialCacheOptions {
  /** How long a found credential is trusted without asking the database again. */
  ttlMs: number;
  /** How long "no such device" is remembered: a flood from an unknown device must not become a query flood. */
  negativeTtlMs: number;
  maxEntries: number;
}

export const DEFAULT_CREDENTIAL_CACHE: CredentialCacheOptions = {
  ttlMs: 30_000,
  negativeTtlMs: 10_000,
  maxEntries: 50_000,
};

interface Entry {
  value: DeviceCredential | null;
  expiresAt: number;
}

/**
 * Device → unit lookups with a small TTL cache. Unknown devices are never created here: an administrator adds
 * the credential. Revoking or editing a credential takes effect within `ttlMs`, or at once after `invalidate`.
 */
export class CredentialDirectory {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly db: Queryable,
    private readonly opts: CredentialCacheOptions = DEFAULT_CREDENTIAL_CACHE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Credentials for several devices of one protocol; one query for all cache misses. `null`: unknown device. */
  async lookupMany(
    protocol: ProtocolName,
    deviceIds: Iterable<string>,
    fresh = false,
  ): Promise<Map<string, DeviceCredential | null>> {
    const out = new Map<string, DeviceCredential | null>();
    const missing: string[] = [];
    const t = this.now();
    for (const id of deviceIds) {
      if (out.has(id)) continue;
      const e = fresh ? undefined : this.cache.get(key(protocol, id));
      if (e && e.expiresAt > t) out.set(id, e.value);
      else {
        out.set(id, null);
        missing.push(id);
      }
    }
    if (missing.length === 0) return out;
    const candidates = protocol === 'jt808' ? missing.flatMap(phoneSpellings) : missing;
    const rows = await devices.activeCredentials(this.db, protocol, candidates);
    const found = new Map<string, DeviceCredential>();
    for (const r of rows) {
      const deviceId = protocol === 'jt808' ? stripZeros(r.device_id) : r.device_id;
      found.set(deviceId, {
        id: Number(r.id),
        unitId: Number(r.unit_id),
        protocol: r.protocol,
        deviceId,
        coordSystem: r.coord_system,
        secretHash: r.secret_hash,
        authCodeHash: r.auth_code_hash,
      });
    }
    if (this.cache.size + missing.length > this.opts.maxEntries) this.evict(t);
    const done = this.now();
    for (const id of missing) {
      const value = found.get(id) ?? null;
      out.set(id, value);
      this.cache.set(key(protocol, id), {
        value,
        expiresAt: done + (value ? this.opts.ttlMs : this.opts.negativeTtlMs),
      });
    }
    return out;
  }

  async lookup(protocol: ProtocolName, deviceId: string, fresh = false): Promise<DeviceCredential | null> {
    return (await this.lookupMany(protocol, [deviceId], fresh)).get(deviceId) ?? null;
  }

  /**
   * A device this process has found in `device_credentials` and still remembers (its entry may have expired: it
   * is then looked up again). The refusal gate lets such ids through an address that floods with unknown ones.
   */
  knows(protocol: ProtocolName, deviceId: string): boolean {
    return Boolean(this.cache.get(key(protocol, deviceId))?.value);
  }

  /** Forget cached answers: all, one protocol, or one device (call after editing `device_credentials`). */
  invalidate(protocol?: ProtocolName, deviceId?: string): void {
    if (!protocol) return this.cache.clear();
    if (deviceId !== undefined) {
      this.cache.delete(key(protocol, deviceId));
      return;
    }
    for (const k of this.cache.keys()) if (k.startsWith(`${protocol}\u0000`)) this.cache.delete(k);
  }

  private evict(t: number): void {
    for (const [k, e] of this.cache) if (e.expiresAt <= t) this.cache.delete(k);
    // Still too big (a scan of many fake ids): start over rather than keep an unbounded map.
    if (this.cache.size > this.opts.maxEntries / 2) this.cache.clear();
  }
}

function key(protocol: ProtocolName, deviceId: string): string {
  return `${protocol}\u0000${deviceId}`;
}

function stripZeros(phone: string): string {
  return phone.replace(/^0+(?=.)/, '');
}

/** An administrator may have typed the phone with or without the BCD padding of the 2013 (12) or 2019 (20) header. */
export function phoneSpellings(phone: string): string[] {
  const bare = stripZeros(phone);
  return [...new Set([phone, bare, bare.padStart(12, '0'), bare.padStart(20, '0')])];
}

/**
 * The stored form of a device secret (HTTP protocols). Secrets are random tokens, not passwords, so a plain
 * SHA-256 is enough; the prefix leaves room for another scheme later.
 */
export function hashDeviceSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/** Constant-time check of a presented secret against `secret_hash` (`sha256:<hex>`, or bare hex). */
export function verifyDeviceSecret(secretHash: string, secret: string | undefined): boolean {
  if (secret === undefined || secret === '') return false;
  return digestMatches(secretHash, secretDigest(secret));
}

/** The hex SHA-256 of a presented secret: computed once per request, checked against each item's credential. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a stored `secret_hash` with a presented secret's `secretDigest`. */
export function digestMatches(secretHash: string, digest: string): boolean {
  const expected = secretHash.startsWith('sha256:') ? secretHash.slice(7) : secretHash;
  if (expected.length !== digest.length) return false;
  return timingSafeEqual(Buffer.from(expected.toLowerCase()), Buffer.from(digest));
}
