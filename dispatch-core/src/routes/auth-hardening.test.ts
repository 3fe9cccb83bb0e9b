import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { demoEnabled, loadConfig, trustProxy, type CoreConfig } from '../config.ts';
import { ensureDemoAccounts } from '../auth/demo-accounts.ts';
import { hashPassword } from '../auth/secrets.ts';
import { prepareData } from '../server.ts';
import type { LoginResult } from '../contracts/auth.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

/** Issue 14, point 3 (people and proxies) and point 4 (demo accounts): each test reproduces one attack. */
describe(`sign-in hardening on ${testEngine()}`, () => {
  let t: TestApp;
  const apps: App[] = [];
  const appWith = async (config: Partial<CoreConfig>): Promise<App> => {
    const app = await buildApp({ db: t.db, config: loadConfig({}, { positionTickMs: 20, ...config }) });
    apps.push(app);
    return app;
  };
  const login = (app: App, username: string, password: string, remoteAddress: string, headers = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    for (const [name, pw] of [
      ['lin', 'lin correct password'],
      ['zhang', 'zhang correct password'],
    ] as const) {
      await t.db.query(
        `INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $1, $2, 'dispatcher')`,
        [name, await hashPassword(pw)],
      );
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await t?.close();
  });

  it('behind a trusted proxy takes the client address and scheme from X-Forwarded-For/Proto: Secure cookie', async () => {
    const forwarded = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' };
    const proxied = await appWith({ trustProxy: ['127.0.0.1'] });
    const viaProxy = await login(proxied, 'zhang', 'zhang correct password', '127.0.0.1', forwarded);
    expect(viaProxy.statusCode, viaProxy.body).toBe(200);
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure$/);
    // The address the newest session of zhang was opened from (sessions.remote).
    const remote = async () =>
      (
        await t.db.query<{ remote: string }>(
          `SELECT remote FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'zhang')
           ORDER BY id DESC LIMIT 1`,
        )
      ).rows[0]?.remote;
    expect(await remote()).toBe('198.51.100.7');

    // The same headers from a peer that is not the proxy are a client's claim: ignored.
    const forged = await login(proxied, 'zhang', 'zhang correct password', '10.20.30.40', forwarded);
    expect(forged.statusCode).toBe(200);
    expect(String(forged.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(await remote()).toBe('10.20.30.40');

    // Without TRUST_PROXY (the default) nobody's X-Forwarded-* is believed.
    const direct = await login(t.app, 'zhang', 'zhang correct password', '127.0.0.1', forwarded);
    expect(direct.statusCode).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(await remote()).toBe('127.0.0.1');
  });

  it('reads TRUST_PROXY as off, a hop count or addresses/CIDRs, and refuses "true" and garbage', () => {
    expect(trustProxy(undefined)).toBe(false);
    expect(trustProxy('off')).toBe(false);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => trustProxy('true')).toThrow(/any client/);
    expect(() => trustProxy('10.0.0.0/33')).toThrow(/CIDR/);
    expect(() => trustProxy('proxy.local')).toThrow(/CIDR/);
  });

  it('50 failed sign-ins for other usernames from one address do not lock out a correct one there', async () => {
    for (let i = 0; i < 50; i++) {
      expect((await login(t.app, `nobody-${i}`, 'wrong', '10.5.5.5')).statusCode).toBe(401);
    }
    const res = await login(t.app, 'lin', 'lin correct password', '10.5.5.5');
    expect(res.statusCode, res.body).toBe(200);
  });

  it('locks a username out after 5 failures from anywhere, without checking the password while locked', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login(t.app, 'lin', `guess-${i}`, `10.6.6.${i}`)).statusCode).toBe(401);
    }
    const locked = await login(t.app, 'lin', 'lin correct password', '10.6.6.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ message: string }>().message).toMatch(/try again in (2\d|30) s/);
    // Other accounts at the same addresses are untouched.
    expect((await login(t.app, 'zhang', 'zhang correct password', '10.6.6.0')).statusCode).toBe(200);
  });

  it('8,000 garbage session tokens from one address cost at most the per-minute budget of lookups', async () => {
    const app = await appWith({ unauthenticatedPerMinute: 300 });
    const { token } = (await login(app, 'zhang', 'zhang correct password', '10.7.7.7')).json<LoginResult>();
    const spy = vi.spyOn(t.db, 'query');
    const lookups = () => spy.mock.calls.filter(([sql]) => /FROM sessions s JOIN users u/.test(String(sql))).length;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 8000; i++) {
      const res = await app.inject({
        url: '/api/state',
        remoteAddress: '10.7.7.7',
        headers: { authorization: `Bearer ${randomBytes(32).toString('base64url')}` },
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    const garbageLookups = lookups();
    // A malformed token and a repeated unknown one cost nothing more.
    await app.inject({ url: '/api/state', remoteAddress: '10.8.8.8', headers: { authorization: 'Bearer x' } });
    const repeated = randomBytes(32).toString('base64url');
    for (let i = 0; i < 3; i++) {
      await app.inject({
        url: '/api/state',
        remoteAddress: '10.8.8.8',
        headers: { authorization: `Bearer ${repeated}` },
      });
    }
    const afterRepeats = lookups();
    // The signed-in dispatcher behind the same address still gets her board.
    const mine = await app.inject({
      url: '/api/state',
      remoteAddress: '10.7.7.7',
      headers: { authorization: `Bearer ${token}` },
    });
    spy.mockRestore();
    expect(statuses.get(401)).toBe(300);
    expect(statuses.get(429)).toBe(7700);
    expect(garbageLookups).toBe(300);
    expect(afterRepeats - garbageLookups).toBe(1);
    expect(mine.statusCode).toBe(200);
  }, 180_000);

  it('outside demo mode: no demo-accounts route (404) and the seed’s demo accounts cannot sign in', async () => {
    const demoApp = await appWith({ demo: true });
    expect(await ensureDemoAccounts(t.db)).toBeGreaterThan(0);
    const off = await t.app.inject('/api/auth/demo-accounts');
    expect(off.statusCode).toBe(404);
    expect(off.body).not.toContain('demo-admin-120');
    expect((await login(t.app, 'demo-admin', 'demo-admin-120', '10.9.0.1')).statusCode).toBe(401);
    // The same database in demo mode (DEMO=true) lists and accepts them.
    expect((await demoApp.inject('/api/auth/demo-accounts')).statusCode).toBe(200);
    expect((await login(demoApp, 'demo-admin', 'demo-admin-120', '10.9.0.2')).statusCode).toBe(200);
    expect(demoEnabled({ demo: 'auto' }, 'postgres')).toBe(false);
    expect(demoEnabled({ demo: 'auto' }, 'pglite')).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).demo).toBe('auto');
  });

  it('usernames are unique regardless of case: DEMO-ADMIN beside demo-admin is 409; ZHANG signs in as zhang', async () => {
    const admin = await t.as('admin');
    const dup = await admin({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'DEMO-ADMIN', displayName: 'x', role: 'admin', password: 'a-long-password-1' },
    });
    expect(dup.statusCode, dup.body).toBe(409);
    await expect(
      t.db.query(
        `INSERT INTO users (username, display_name, password_hash, role) VALUES ('Zhang', 'z', '!', 'official')`,
      ),
    ).rejects.toThrow(/users_username_lower_key|duplicate/);
    const res = await login(t.app, 'ZHANG', 'zhang correct password', '10.10.0.1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<LoginResult>().user.username).toBe('zhang');
  });
});

describe(`start on an empty database on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('without demo mode loads nothing demo and says what to do; DEMO=true on PostgreSQL warns loudly', async () => {
    const lines: string[] = [];
    await prepareData(db, loadConfig({}, { demo: false }), (l) => lines.push(l));
    const counts = await db.query<{ regions: number; units: number; users: number }>(
      `SELECT (SELECT count(*) FROM regions) AS regions, (SELECT count(*) FROM units) AS units,
              (SELECT count(*) FROM users) AS users`,
    );
    expect(counts.rows[0]).toEqual({ regions: 0, units: 0, users: 0 });
    expect(lines.join('\n')).toMatch(/npm run db:seed/);
    expect(lines.join('\n')).toMatch(/npm run user:create -- --username <name> --role admin/);

    lines.length = 0;
    await prepareData(db, loadConfig({}, { demo: true }), (l) => lines.push(l));
    expect(lines.some((l) => /WARNING: DEMO MODE ON POSTGRESQL/.test(l))).toBe(db.engine === 'postgres');
    expect(lines.join('\n')).toMatch(/demo accounts created/);
  }, 120_000);
});
