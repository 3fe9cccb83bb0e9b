import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing: Argon2id (`@node-rs/argon2`, prebuilt native binaries) with its defaults (19 MiB, t=2),
 * the OWASP minimum; the parameters are stored in the hash, so raising them later keeps old hashes valid.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A stored hash that is not Argon2 (a service account's `!`) never verifies. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (!stored.startsWith('$argon2')) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Hash compared against when the username does not exist, so a wrong username takes as long as a wrong password. */
let dummy: Promise<string> | null = null;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

/** A new opaque session token (256 bits, URL-safe). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What is stored of a session token: its SHA-256 (the token itself is random, so no salt or slow hash). */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const MIN_PASSWORD_LENGTH = 10;
