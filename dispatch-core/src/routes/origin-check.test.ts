import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { allowedOrigins, loadConfig } from '../config.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

/** Issue 14, point 6: a page on another site must not act with the console's cookie (cross-site requests). */
describe(`Origin check on ${testEngine()}`, () => {
  let t: TestApp;
  let cookie: string;
  let bearer: string;
  let configured: App;
  const incident = { location: { lon: 119.6, lat: 32 }, complaint: '胸痛', priority: 2 };
  const host = 'console.test:8120';

  beforeAll(async () => {
    t = await buildTestApp();
    bearer = await t.token('dispatcher');
    cookie = `c120_session=${bearer}`;
    configured = await buildApp({
      db: t.db,
      config: loadConfig({ ALLOWED_ORIGINS: 'https://120.county.example' }, { positionTickMs: 20 }),
    });
  });
  afterAll(async () => {
    await configured?.close();
    await t?.close();
  });

  const post = (app: App, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/incidents', payload: incident, headers: { host, ...headers } });

  it('refuses a cookie-carrying POST from another origin (403) and takes it from the console’s own', async () => {
    const evil = await post(t.app, { cookie, origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json<{ code: string; message: string }>()).toMatchObject({ code: 'origin_refused' });
    expect((await post(t.app, { cookie, origin: 'null' })).statusCode).toBe(403);
    expect((await post(t.app, { cookie, origin: `http://${host}` })).statusCode).toBe(201);
    // A non-browser client sends no Origin: not a cross-site request.
    expect((await post(t.app, { cookie })).statusCode).toBe(201);
    // Reads are not state changes.
    const read = await t.app.inject({ url: '/api/state', headers: { host, cookie, origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('does not check API clients and devices that send a Bearer token and no cookie', async () => {
    const res = await post(t.app, { authorization: `Bearer ${bearer}`, origin: 'https://evil.example' });
    expect(res.statusCode).toBe(201);
  });

  it('refuses a cross-site sign-in (login CSRF) and accepts the configured extra origins', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x1', password: 'y' },
      headers: { host, origin: 'https://evil.example' },
    });
    expect(login.statusCode).toBe(403);
    expect((await post(configured, { cookie, origin: 'https://120.county.example' })).statusCode).toBe(201);
    expect((await post(configured, { cookie, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(() => allowedOrigins('https://120.county.example/path')).toThrow(/origins like/);
    expect(() => allowedOrigins('ftp://x')).toThrow(/origins like/);
  });

  it('refuses a WebSocket upgrade with the cookie from another origin; the console’s own connects', async () => {
    await expect(t.app.injectWS('/ws', { headers: { host, cookie, origin: 'https://evil.example' } })).rejects.toThrow(
      /403/,
    );
    const ws = await t.app.injectWS('/ws', { headers: { host, cookie, origin: `http://${host}` } });
    ws.terminate();
  });
});
