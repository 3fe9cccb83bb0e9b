/**
 * Issue 14, point 1: a JT/T 808 terminal's phone number is not a secret. Anyone who knew it could register
 * (0x0100) from anywhere, receive the same auth code, authenticate, move the unit and close the genuine
 * terminal's session. Now a terminal registers once; a second registration gets 0x8100 result 3 (or 1 for the
 * vehicle) and no code until an administrator rotates or resets it (audit event), the identity of the first
 * registration is bound, and codes are stored hashed.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { encodeBcdTime, Jt808MsgId } from '@c120/gps-ingest/protocols';
import { locationBody } from '@c120/gps-ingest/testing';
import { TestTerminal } from '@c120/gps-ingest/testing';
import { buildTestApp, insertUnits, type Injector, type TestApp } from '@c120/dispatch-core/testing';
import type { CreatedDevice, DeviceCredentialView } from '@c120/dispatch-core/contracts';

const PHONE = '013800138000';
const OTHER_PHONE = '013800138001';

interface Identity {
  maker: string;
  model: string;
  terminalId: string;
  plate: string;
}
const GENUINE: Identity = { maker: 'HX001', model: 'HX-808-A', terminalId: 'A000001', plate: '苏L12001' };

/** A 2013 0x0100 body with this identity (plate in GBK: ASCII plus one hanzi we spell as its GBK bytes). */
function registerBody(id: Identity): Buffer {
  const b = Buffer.alloc(2 + 2 + 5 + 20 + 7 + 1);
  b.writeUInt16BE(32, 0);
  b.writeUInt16BE(1181, 2);
  b.write(id.maker, 4, 'latin1');
  b.write(id.model, 9, 'latin1');
  b.write(id.terminalId, 29, 'latin1');
  b.writeUInt8(1, 36);
  // 苏 is 0xCBD5 in GBK.
  const plate = id.plate.startsWith('苏')
    ? Buffer.concat([Buffer.from([0xcb, 0xd5]), Buffer.from(id.plate.slice(1), 'latin1')])
    : Buffer.from(id.plate, 'latin1');
  return Buffer.concat([b, plate]);
}

function location(date: Date, lonE6: number): Buffer {
  return locationBody({
    latE6: 31_990_000,
    lonE6,
    speedTenths: 300,
    direction: 90,
    time: encodeBcdTime(date).toString('hex'),
  });
}

async function until(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`JT/T 808 terminal takeover is refused on ${testEngine()}`, () => {
  let t: TestApp;
  let admin: Injector;
  let port: number;
  let unitId: number;
  let credentialId: number;
  let code = '';
  const open: TestTerminal[] = [];

  const terminal = async (phone = PHONE): Promise<TestTerminal> => {
    const term = new TestTerminal(port, phone);
    await term.connect();
    open.push(term);
    return term;
  };
  const register = (term: TestTerminal, id: Identity) =>
    term.registerResponse(term.send(Jt808MsgId.Register, registerBody(id)));
  const auth = async (term: TestTerminal, authCode: string) =>
    (await term.generalResponse(term.send(Jt808MsgId.Auth, Buffer.from(authCode, 'latin1')))).result;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.as('admin');
    const units = (await insertUnits(t.db, [
      { code: 'jt-a', lon: 119.6, lat: 32 },
      { code: 'jt-b', lon: 119.61, lat: 32 },
    ])) as { 'jt-a': number; 'jt-b': number };
    unitId = units['jt-a'];
    for (const [u, phone] of [
      [unitId, PHONE],
      [units['jt-b'], OTHER_PHONE],
    ] as const) {
      const res = await admin({
        method: 'POST',
        url: '/api/admin/devices',
        payload: { unitId: u, protocol: 'jt808', deviceId: phone },
      });
      expect(res.statusCode, res.body).toBe(201);
      if (phone === PHONE) credentialId = res.json<CreatedDevice>().credential.id;
    }
    port = (await t.app.core.ingest.startServers({ jt808Port: 0, host: '127.0.0.1' })).jt808Port!;
  });
  afterAll(async () => {
    for (const term of open) term.close();
    await t?.close();
  });

  it('a registered terminal gets result 3 and no code; a guessed code neither authenticates nor evicts it', async () => {
    const genuine = await terminal();
    const first = await register(genuine, GENUINE);
    expect(first.result).toBe(0);
    code = first.authCode;
    expect(code).toMatch(/^[0-9a-f]{12}$/);
    expect(await auth(genuine, code)).toBe(0);
    const fixAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 2000);
    expect(
      (await genuine.generalResponse(genuine.send(Jt808MsgId.Location, location(fixAt, 119_600_000)))).result,
    ).toBe(0);

    // Stored hashed: neither the code nor a plaintext column is in the database.
    const row = (await t.db.query('SELECT * FROM device_credentials WHERE id = $1', [credentialId])).rows[0]!;
    expect(row).not.toHaveProperty('auth_code');
    expect(row.auth_code_hash).toBe(`sha256:${createHash('sha256').update(code).digest('hex')}`);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row).toMatchObject({ terminal_maker_id: 'HX001', terminal_model: 'HX-808-A', terminal_hw_id: 'A000001' });

    // The attacker knows the phone number — and even the identity: no code either way.
    const attacker = await terminal();
    expect(await register(attacker, GENUINE)).toEqual({ result: 3, authCode: '' });
    expect(await register(attacker, { ...GENUINE, terminalId: 'EVIL001', plate: 'X' })).toEqual({
      result: 3,
      authCode: '',
    });
    expect(await auth(attacker, '000000000000')).toBe(1);
    expect(await auth(attacker, '')).toBe(1);
    const spoofed = attacker.send(Jt808MsgId.Location, location(new Date(fixAt.getTime() + 1000), 119_700_000));
    expect((await attacker.generalResponse(spoofed)).result).toBe(1);

    // The genuine session is untouched: still open, still the unit's, nothing replaced.
    await new Promise((r) => setTimeout(r, 50));
    expect(genuine.closed).toBe(false);
    expect(t.app.core.ingest.jt808.isOnline(unitId)).toBe(true);
    const m = t.app.core.ingest.metrics();
    expect(m.jt808_sessions_replaced_total ?? 0).toBe(0);
    expect(m['jt808_registrations_total{result="terminal_registered"}']).toBe(2);
    const text = t.app.core.ingest.jt808.sendText(unitId, '测试', { tts: false });
    const msg = await genuine.next((x) => x.header.msgId === 0x8300);
    const ack = Buffer.alloc(5);
    ack.writeUInt16BE(msg.header.serial, 0);
    ack.writeUInt16BE(0x8300, 2);
    genuine.send(Jt808MsgId.TerminalResponse, ack);
    expect(await text).toEqual({ status: 'acked' });
    await t.app.core.ingest.flush();
    const pos = await t.db.query<{ lon: number }>('SELECT ST_X(position) AS lon FROM units WHERE id = $1', [unitId]);
    expect(pos.rows[0]!.lon).toBeCloseTo(119.6, 6);
  });

  it('binds the vehicle: another terminal registering the same plate gets result 1 (vehicle already registered)', async () => {
    const other = await terminal(OTHER_PHONE);
    expect(await register(other, { ...GENUINE, terminalId: 'B000002' })).toEqual({ result: 1, authCode: '' });
    const own = await register(other, { ...GENUINE, terminalId: 'B000002', plate: '苏L12002' });
    expect(own.result).toBe(0);
    expect(own.authCode).not.toBe(code);
  });

  it('rotation: the old code and its session end; only the bound terminal re-registers, with a new code', async () => {
    const genuine = open[0]!;
    const res = await admin({
      method: 'POST',
      url: `/api/admin/devices/${credentialId}/jt808/rotate`,
      payload: { reason: 'code may have leaked' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DeviceCredentialView>()).toMatchObject({
      hasAuthCode: false,
      registeredAt: null,
      terminal: { makerId: 'HX001', model: 'HX-808-A', terminalId: 'A000001', plate: '苏L12001' },
    });
    await until(() => genuine.closed);
    expect(t.app.core.ingest.jt808.isOnline(unitId)).toBe(false);
    const ev = await t.db.query<{ type: string; actor: string; unit_id: number; payload: { reason: string } }>(
      `SELECT type, actor, unit_id, payload FROM events WHERE type LIKE 'device.%' ORDER BY seq`,
    );
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0]).toMatchObject({ type: 'device.auth_code_rotated', unit_id: unitId });
    expect(ev.rows[0]!.actor).toMatch(/^user:\d+$/);
    expect(ev.rows[0]!.payload.reason).toBe('code may have leaked');

    const next = await terminal();
    expect(await auth(next, code)).toBe(1);
    // Someone else's terminal, or the right terminal in another vehicle: refused, no code.
    expect(await register(next, { ...GENUINE, terminalId: 'EVIL001' })).toEqual({ result: 3, authCode: '' });
    expect(await register(next, { ...GENUINE, plate: '苏L99999' })).toEqual({ result: 1, authCode: '' });
    const again = await register(next, GENUINE);
    expect(again.result).toBe(0);
    expect(again.authCode).not.toBe(code);
    expect(await auth(next, again.authCode)).toBe(0);
    expect(await register(next, GENUINE)).toEqual({ result: 3, authCode: '' });
    code = again.authCode;
  });

  it('reset forgets the identity (a replaced terminal registers with its own); refusals for bad targets', async () => {
    const res = await admin({ method: 'POST', url: `/api/admin/devices/${credentialId}/jt808/reset`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DeviceCredentialView>()).toMatchObject({ terminal: null, registeredAt: null });
    const replacement = await terminal();
    const reg = await register(replacement, {
      maker: 'NEW01',
      model: 'N-2019',
      terminalId: 'N000001',
      plate: '苏L12001',
    });
    expect(reg.result).toBe(0);
    expect(await auth(replacement, reg.authCode)).toBe(0);
    const types = await t.db.query<{ type: string }>(`SELECT type FROM events WHERE type LIKE 'device.%' ORDER BY seq`);
    expect(types.rows.map((r) => r.type)).toEqual(['device.auth_code_rotated', 'device.registration_reset']);

    const json = await admin({
      method: 'POST',
      url: '/api/admin/devices',
      payload: { unitId, protocol: 'json', deviceId: 'tab-jt' },
    });
    const jsonId = json.json<CreatedDevice>().credential.id;
    expect(
      (await admin({ method: 'POST', url: `/api/admin/devices/${jsonId}/jt808/rotate`, payload: {} })).statusCode,
    ).toBe(422);
    expect(
      (await admin({ method: 'POST', url: '/api/admin/devices/999999/jt808/reset', payload: {} })).statusCode,
    ).toBe(404);
    const crew = await t.as('crew', unitId);
    expect(
      (await crew({ method: 'POST', url: `/api/admin/devices/${credentialId}/jt808/rotate`, payload: {} })).statusCode,
    ).toBe(403);
  });
});
