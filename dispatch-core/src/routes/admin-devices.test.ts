import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { CreatedDevice, DeviceCredentialView } from '../contracts/auth.ts';
import { buildTestApp, insertUnits, type Injector, type TestApp } from '../testing/app.ts';

describe(`device credentials through the admin API on ${testEngine()}`, () => {
  let t: TestApp;
  let admin: Injector;
  let unitId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.as('admin');
    ({ d1: unitId } = (await insertUnits(t.db, [{ code: 'd1', lon: 119.6, lat: 32 }])) as { d1: number });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (secret: string | null, deviceId = 'tab-1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/positions',
      headers: secret ? { authorization: `Bearer ${secret}` } : {},
      payload: { positions: [{ deviceId, time: new Date().toISOString(), lat: 32, lon: 119.6 }] },
    });

  it('registers a json device with a secret shown once; only that secret is accepted; revoking ends it', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'json', deviceId: 'tab-1' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { credential, secret } = res.json<CreatedDevice>();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(credential).toMatchObject({ unitId, protocol: 'json', deviceId: 'tab-1', hasSecret: true, revokedAt: null });
    const stored = await t.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM device_credentials WHERE id = $1',
      [credential.id],
    );
    expect(stored.rows[0]?.secret_hash).not.toContain(secret!);
    const listed = (await admin('/api/admin/devices')).json<DeviceCredentialView[]>();
    expect(JSON.stringify(listed)).not.toContain(secret!);

    expect((await post(secret)).json<{ accepted: number }>().accepted).toBe(1);
    expect((await post('wrong-secret')).statusCode).toBe(401);
    expect((await post(null)).statusCode).toBe(401);
    expect((await post(secret, 'not-registered')).statusCode).toBe(403);

    const dup = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'json', deviceId: 'tab-1' },
    });
    expect(dup.statusCode).toBe(409);
    const revoked = await admin({ method: 'POST', url: `/api/admin/devices/${credential.id}/revoke`, payload: {} });
    expect(revoked.json<DeviceCredentialView>().revokedAt).not.toBeNull();
    const after = await post(secret);
    expect(after.statusCode).toBe(403);
    expect(after.json<{ results: { reason: string }[] }>().results[0]?.reason).toBe('unknown_device');
  });

  it('registers a JT/T 808 terminal by phone number (auth code issued at registration, no secret)', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'jt808', deviceId: '013800001111' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<CreatedDevice>()).toMatchObject({
      secret: null,
      credential: { deviceId: '13800001111', hasAuthCode: false },
    });
    const bad = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'jt808', deviceId: 'abc' },
    });
    expect(bad.statusCode).toBe(400);
    const noUnit = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId: 999999, protocol: 'osmand', deviceId: 'x' },
    });
    expect(noUnit.statusCode).toBe(422);
  });

  it('issues a Traccar Client a token; the OsmAnd port accepts only that token', async () => {
    const { osmandPort } = await t.app.core.ingest.startServers({ osmandPort: 0, host: '127.0.0.1' });
    const res = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'osmand', deviceId: 'phone-9' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { credential, secret } = res.json<CreatedDevice>();
    expect(credential.hasSecret).toBe(true);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const report = (token: string | null, ageS: number) =>
      fetch(
        `http://127.0.0.1:${osmandPort}/?id=phone-9&lat=32&lon=119.6&timestamp=${Math.floor(Date.now() / 1000) - ageS}` +
          (token ? `&token=${encodeURIComponent(token)}` : ''),
      );
    expect((await report(null, 5)).status).toBe(401);
    expect((await report('wrong', 5)).status).toBe(401);
    expect((await report(secret, 4)).status).toBe(200);
  });
});
