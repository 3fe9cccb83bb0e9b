import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { LoginResult, Me, UserView } from '../contracts/auth.ts';
import { hashPassword } from '../auth/secrets.ts';
import { ensureDemoAccounts, DEMO_ACCOUNTS } from '../auth/demo-accounts.ts';
import { buildTestApp, ensureTestTownship, insertUnits, type TestApp } from '../testing/app.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

describe(`sign-in, sessions and accounts on ${testEngine()}`, () => {
  let t: TestApp;
  let unitId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    ({ a1: unitId } = (await insertUnits(t.db, [{ code: 'a1', lon: 119.6, lat: 32 }])) as { a1: number });
    await t.db.query(
      `INSERT INTO users (username, display_name, password_hash, role) VALUES ('zhang', '张调度', $1, 'dispatcher')`,
      [await hashPassword('correct horse battery')],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (username: string, password: string, ip = '10.1.1.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('signs in with the right password: HttpOnly SameSite=Strict cookie and a token that both work', async () => {
    const res = await login('zhang', 'correct horse battery');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<LoginResult>();
    expect(body.user).toMatchObject({ username: 'zhang', displayName: '张调度', role: 'dispatcher', unitId: null });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^c120_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions ORDER BY id DESC LIMIT 1');
    expect(stored.rows[0]?.token_hash).not.toContain(body.token); // only the hash is stored
    const byCookie = await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie.split(';')[0]! } });
    expect(byCookie.json<Me>().username).toBe('zhang');
    const byBearer = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(byBearer.json<Me>().role).toBe('dispatcher');
  });

  it('answers a wrong password and an unknown user with the same generic 401', async () => {
    const wrong = await login('zhang', 'wrong password', '10.1.1.2');
    const unknown = await login('nobody', 'wrong password', '10.1.1.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ message: string }>().message).toBe(unknown.json<{ message: string }>().message);
    expect((await login('x', '', '10.1.1.2')).statusCode).toBe(400);
  });

  it('throttles guessing per username from any address (429), not the address of the known user', async () => {
    await t.db.query(
      `INSERT INTO users (username, display_name, password_hash, role) VALUES ('wei', '魏调度', $1, 'dispatcher')`,
      [await hashPassword('wei correct password')],
    );
    expect((await login('wei', 'wei correct password', '10.9.9.1')).statusCode).toBe(200); // her desk
    for (let i = 0; i < 5; i++) expect((await login('wei', `guess-${i}`, `10.9.9.${10 + i}`)).statusCode).toBe(401);
    const blocked = await login('wei', 'wei correct password', '10.9.9.20');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<{ message: string }>().message).toMatch(/too many failed sign-ins/);
    // Her own desk is not held by someone else's guesses elsewhere.
    expect((await login('wei', 'wei correct password', '10.9.9.1')).statusCode).toBe(200);
  });

  it('ends the session at logout, and refuses an expired or revoked one with 401', async () => {
    const { token } = (await login('zhang', 'correct horse battery', '10.1.1.3')).json<LoginResult>();
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: auth })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/state', headers: auth })).statusCode).toBe(401);

    const second = (await login('zhang', 'correct horse battery', '10.1.1.3')).json<LoginResult>();
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL`);
    t.app.core.auth.forget();
    const expired = await t.app.inject({ url: '/api/state', headers: { authorization: `Bearer ${second.token}` } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json<{ message: string }>().message).toMatch(/sign in/);
  });

  it('lets an admin create, disable and reset accounts; a disabled user’s sessions end at once', async () => {
    const admin = await t.as('admin');
    const created = await admin({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'crew-a1', displayName: '一号车组', role: 'crew', unitId, password: 'ambulance-one-1' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json<UserView>();
    expect(user).toMatchObject({ role: 'crew', unitId, disabled: false });
    expect(created.body).not.toContain('password');
    const noUnit = await admin({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'crew-x', displayName: 'x', role: 'crew', password: 'ambulance-one-1' },
    });
    expect(noUnit.statusCode).toBe(422);
    const { token } = (await login('crew-a1', 'ambulance-one-1', '10.1.1.4')).json<LoginResult>();
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(200);
    const disabled = await admin({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { disabled: true } });
    expect(disabled.json<UserView>().disabled).toBe(true);
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
    expect((await login('crew-a1', 'ambulance-one-1', '10.1.1.4')).statusCode).toBe(401);
    await admin({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      payload: { disabled: false, password: 'a-new-password-2' },
    });
    expect((await login('crew-a1', 'ambulance-one-1', '10.1.1.4')).statusCode).toBe(401);
    expect((await login('crew-a1', 'a-new-password-2', '10.1.1.4')).statusCode).toBe(200);
  });

  it('in demo mode creates the labelled demo accounts once; they sign in with their published passwords', async () => {
    const demo = await buildApp({ db: t.db, config: loadConfig({}, { demo: true }) });
    try {
      expect((await demo.inject('/api/auth/demo-accounts')).json()).toEqual({ demo: false, accounts: [] });
      await ensureTestTownship(t.db, '321181100'); // the demo health centre's township (司徒镇)
      expect(await ensureDemoAccounts(t.db)).toBe(DEMO_ACCOUNTS.length);
      expect(await ensureDemoAccounts(t.db)).toBe(0);
      const listed = (await demo.inject('/api/auth/demo-accounts')).json<{ demo: boolean; accounts: unknown[] }>();
      expect(listed.demo).toBe(true);
      expect(listed.accounts).toHaveLength(DEMO_ACCOUNTS.length);
      for (const a of DEMO_ACCOUNTS) {
        const res = await demo.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: a.username, password: a.password },
          remoteAddress: '10.2.2.2',
        });
        expect(res.statusCode, a.username).toBe(200);
        expect(res.json<LoginResult>().user.role).toBe(a.role);
      }
    } finally {
      await demo.close();
    }
  });

  it('never lets a service account sign in with a password', async () => {
    await t.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, service) VALUES ('svc', 'svc', '!', 'dispatcher', true)`,
    );
    expect((await login('svc', '!', '10.3.3.3')).statusCode).toBe(401);
  });

  it('remembers a token no session has: a device secret tried as a session costs one query, not one per request', async () => {
    const spy = vi.spyOn(t.db, 'query');
    const sessionQueries = () =>
      spy.mock.calls.filter(([sql]) => String(sql).includes('FROM sessions s JOIN users')).length;
    // Well-formed (the shape of a session token and of a device secret): a malformed one costs no query at all.
    const device = { authorization: `Bearer ${'d'.repeat(43)}` };
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ url: '/api/state', headers: device })).statusCode).toBe(401);
    expect(sessionQueries()).toBe(1);
    // A real sign-in is a new token: never hidden by the remembered misses.
    const { token } = (await login('zhang', 'correct horse battery', '10.1.1.4')).json<LoginResult>();
    const ok = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    spy.mockRestore();
  });
});
