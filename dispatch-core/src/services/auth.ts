import type { Database } from '@c120/db';
import { users } from '@c120/db/repositories';
import { HttpError } from '../domain/errors.ts';
import type { SessionUser } from '../auth/roles.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { UnauthenticatedLimit } from '../auth/unauthenticated-limit.ts';
import { dummyHash, newToken, tokenHash, verifyPassword } from '../auth/secrets.ts';
import { activeDemoAccounts, type DemoAccount } from '../auth/demo-accounts.ts';

export interface AuthOptions {
  /** A session ends this long after sign-in (a shift plus handover). */
  sessionTtlMs: number;
  /** A resolved session is trusted this long without asking the database again (revocation elsewhere lags by this). */
  cacheMs: number;
  /** `last_seen_at` is written at most this often per session. */
  touchEveryMs: number;
  /** A token the database did not know is answered from memory this long (no lookup when it comes again). */
  negativeCacheMs: number;
  /** Unknown tokens one address may present per minute before it gets 429 without any lookup (0: no limit). */
  unauthenticatedPerMinute: number;
  /**
   * Demo mode: the seed's demo accounts (flagged `demo`, published passwords) may sign in. Off (production), they
   * are refused like a wrong password even if a demo seed once created them.
   */
  demoAccounts: boolean;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 12 * 3600_000,
  cacheMs: 5_000,
  touchEveryMs: 60_000,
  negativeCacheMs: 60_000,
  unauthenticatedPerMinute: 300,
  demoAccounts: false,
};

/** The shape of `newToken()`: 32 random bytes, base64url. Anything else is refused without a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const NEGATIVE_CACHE_MAX = 50_000;

/** What the access check learns about a request's token. */
export type Authentication = SessionUser | { refused: 'unauthenticated' } | { refused: 'limited'; retryAfter: number };

export interface LoginResult {
  token: string;
  user: SessionUser;
}

interface CacheEntry {
  user: SessionUser;
  checkedAt: number;
  touchedAt: number;
}

/** Sessions that just ended on this instance (open WebSockets of theirs are closed at once). */
export type SessionsEnded = { sessionIds: number[] } | { userId: number };

/** The one generic answer to a failed sign-in: it does not say whether the username exists. */
export const LOGIN_FAILED = 'wrong username or password';

/**
 * Sign-in, sessions and sign-out. A session is an opaque random token held by the client; the table keeps only
 * its SHA-256, with expiry, last-seen and revocation. Resolving a token costs one indexed query, cached for
 * `cacheMs` (a logout on this instance drops the cache entry at once).
 */
export class AuthService {
  private readonly cache = new Map<string, CacheEntry>();
  /** SHA-256 of tokens the database did not know → until when that answer is reused. */
  private readonly unknown = new Map<string, number>();
  private readonly endedListeners: ((ended: SessionsEnded) => void)[] = [];
  readonly throttle = new LoginThrottle();
  private readonly unauthenticated: UnauthenticatedLimit;

  constructor(
    private readonly db: Database,
    private readonly opts: AuthOptions = DEFAULT_AUTH_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.unauthenticated = new UnauthenticatedLimit(
      { maxPerWindow: opts.unauthenticatedPerMinute, windowMs: 60_000, maxAddresses: 100_000 },
      now,
    );
  }

  /** Demo mode: demo accounts may sign in (the embedded database, or DEMO=true). */
  get demoMode(): boolean {
    return this.opts.demoAccounts;
  }

  /** The demo accounts the demo seed created and that are still enabled (the sign-in page lists them). */
  demoAccountList(): Promise<DemoAccount[]> {
    return activeDemoAccounts(this.db);
  }

  /**
   * The access check's question, cheapest answer first: no token or a malformed one → refused without hashing;
   * a token seen valid on this instance → `resolve` (never limited); an address over its budget of unknown
   * tokens → limited, before any lookup; else `resolve`, whose unknown answers are cached (`negativeCacheMs`)
   * and counted against the address.
   */
  async authenticate(token: string | undefined, remote: string): Promise<Authentication> {
    if (!token) return { refused: 'unauthenticated' };
    if (!TOKEN_SHAPE.test(token)) {
      this.unauthenticated.note(remote);
      return { refused: 'unauthenticated' };
    }
    const key = tokenHash(token);
    if (!this.cache.has(key)) {
      const wait = this.unauthenticated.blockedFor(remote);
      if (wait > 0) return { refused: 'limited', retryAfter: wait };
    }
    const user = await this.resolve(token);
    if (user) return user;
    this.unauthenticated.note(remote);
    return { refused: 'unauthenticated' };
  }

  async login(
    username: string,
    password: string,
    meta: { remote: string; userAgent?: string | undefined },
  ): Promise<LoginResult> {
    const wait = this.throttle.retryAfter(username, meta.remote);
    if (wait > 0) {
      throw new HttpError(429, `too many failed sign-ins for this account; try again in ${wait} s`, 'login_throttled');
    }
    // Usernames are unique case-insensitively (migration 0010), so "Zhang" signs in as zhang.
    const row = await users.findForSignIn(this.db, username);
    // Always run one Argon2 verification so that an unknown username costs the same time as a wrong password.
    const ok = row ? await verifyPassword(row.passwordHash, password) : await verifyPassword(await dummyHash(), '');
    if (!row || !ok || row.disabled || row.service || (row.demo && !this.opts.demoAccounts)) {
      this.throttle.fail(username, meta.remote);
      throw new HttpError(401, LOGIN_FAILED, 'login_failed');
    }
    this.throttle.succeed(username, meta.remote);
    return this.openSession(row.id, meta);
  }

  /** A session for a user without a password check: the in-process simulator's service account. */
  async openSession(
    userId: number,
    meta: { remote?: string; userAgent?: string | undefined } = {},
  ): Promise<LoginResult> {
    const token = newToken();
    const expiresAt = new Date(this.now() + this.opts.sessionTtlMs);
    await users.insertSession(this.db, {
      userId,
      tokenHash: tokenHash(token),
      expiresAt,
      remote: meta.remote ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    const user = await this.resolve(token);
    if (!user) throw new Error(`session for user ${userId} could not be opened`);
    return { token, user };
  }

  /** The user of a live session, or null (unknown, expired, revoked, user disabled). */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 200) return null;
    const key = tokenHash(token);
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit && t - hit.checkedAt < this.opts.cacheMs && hit.user.expiresAt.getTime() > t) {
      return hit.user;
    }
    const unknownUntil = this.unknown.get(key);
    if (unknownUntil !== undefined) {
      if (unknownUntil > t) return null;
      this.unknown.delete(key);
    }
    const r = await users.liveSessionByTokenHash(this.db, key);
    if (!r) {
      this.cache.delete(key);
      // Tokens are random: one the database does not know now will not become valid (a new session gets a new
      // token), so the answer can be reused. Revoked and expired ones land here too, which is as final.
      if (this.unknown.size >= NEGATIVE_CACHE_MAX) this.unknown.clear();
      this.unknown.set(key, t + this.opts.negativeCacheMs);
      return null;
    }
    const user: SessionUser = {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      role: r.role,
      unitId: r.unitId,
      townshipCode: r.townshipCode,
      sessionId: r.sessionId,
      service: r.service,
      expiresAt: r.expiresAt,
    };
    const touchedAt = hit?.touchedAt ?? 0;
    const entry: CacheEntry = { user, checkedAt: t, touchedAt };
    if (t - touchedAt >= this.opts.touchEveryMs) {
      entry.touchedAt = t;
      await users.touchSession(this.db, user.sessionId);
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, entry);
    return user;
  }

  /** Drops the session cache (tests that edit `sessions` directly; an operator's change elsewhere lags by cacheMs). */
  forget(): void {
    this.cache.clear();
    this.unknown.clear();
  }

  /** Called after sessions end here (sign-out, user revoked); listeners must not throw. */
  onSessionsEnded(listener: (ended: SessionsEnded) => void): void {
    this.endedListeners.push(listener);
  }

  async logout(token: string): Promise<void> {
    const key = tokenHash(token);
    this.cache.delete(key);
    const sessionIds = await users.revokeSessionByTokenHash(this.db, key);
    if (sessionIds.length) this.ended({ sessionIds });
  }

  /** Ends every session of a user (disabled, password reset, role or unit changed). */
  async revokeUser(userId: number): Promise<void> {
    for (const [k, e] of this.cache) if (e.user.id === userId) this.cache.delete(k);
    await users.revokeSessionsOfUser(this.db, userId);
    this.ended({ userId });
  }

  private ended(ended: SessionsEnded): void {
    for (const l of this.endedListeners) l(ended);
  }
}
