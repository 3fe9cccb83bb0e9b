/**
 * The whole position path on a real listening server: a JT/T 808 terminal over TCP and a Traccar Client over
 * HTTP report positions → pipeline → writer → PostGIS → the API and a console's WebSocket; dispatching the unit
 * sends the terminal its job (0x8300, read aloud) and a shorter reporting interval (0x8103).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { decodeGbk, encodeBcdTime, Jt808MsgId } from '@c120/gps-ingest/protocols';
import { locationBody } from '@c120/gps-ingest/testing';
import { hashDeviceSecret } from '@c120/gps-ingest';
import { batchBody, registerBody, TestTerminal } from '@c120/gps-ingest/testing';
import { startServer, type RunningServer } from '@c120/dispatch-core';
import { loadConfig } from '@c120/dispatch-core';
import type { PositionsFrame, ServerFrame } from '@c120/dispatch-core/events';
import type { UnitView } from '@c120/dispatch-core/contracts';
import { hashPassword } from '@c120/dispatch-core';

const PHONE = '013912345678';

function location(date: Date, lonE6: number): Buffer {
  return locationBody({
    latE6: 31_990_000,
    lonE6,
    speedTenths: 420,
    direction: 90,
    time: encodeBcdTime(date).toString('hex'),
  });
}

describe(`device → database → console on ${testEngine()}`, () => {
  let db: Database;
  let server: RunningServer;
  let jtUnit: number;
  let httpUnit: number;
  const frames: ServerFrame[] = [];
  let ws: WebSocket;
  /** The session cookie of a dispatcher who signed in through POST /api/auth/login, as the console does. */
  let cookie: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A region so the server does not load the demo county; two units with device credentials.
    await db.query(`INSERT INTO regions (code, name, geom)
      VALUES ('t', 't', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 0.5)))`);
    const units = await db.query<{ id: number }>(
      `INSERT INTO units (code, call_sign, kind, capabilities) VALUES
         ('jt-1', '丹阳120-71', 'monitoring_ambulance', ARRAY['als', 'bls']),
         ('os-1', '丹阳120-72', 'basic_ambulance', ARRAY['bls'])
       RETURNING id`,
    );
    [jtUnit, httpUnit] = units.rows.map((r) => r.id) as [number, number];
    await db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash)
       VALUES ($1, 'jt808', '13912345678', NULL), ($2, 'osmand', 'dy-120-72', $3)`,
      [jtUnit, httpUnit, hashDeviceSecret('tok-72')],
    );
    server = await startServer(db, loadConfig({}, { port: 0, logLevel: 'warn', positionTickMs: 20 }), () => {}, {
      ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' },
      config: {},
    });
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role) VALUES ('li', '李调度', $1, 'dispatcher')`,
      [await hashPassword('integration-pass')],
    );
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'li', password: 'integration-pass' }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    ws = new WebSocket(server.url.replace('http', 'ws') + '/ws', { headers: { cookie } });
    ws.on('message', (data: { toString(): string }) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'subscribe', positions: true }));
  });
  afterAll(async () => {
    ws?.close();
    await server?.close();
    await db?.close();
  });

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const unit = async (id: number) =>
    (await fetch(`${server.url}/api/units/${id}`, { headers: { cookie } })).json() as Promise<UnitView>;

  it('takes a JT/T 808 session (register, auth, heartbeat, 0x0200, 0x0704) to the API and the console', async () => {
    const terminal = new TestTerminal(server.devices.jt808Port!, PHONE);
    await terminal.connect();
    const reg = await terminal.registerResponse(terminal.send(Jt808MsgId.Register, registerBody()));
    expect(reg.result).toBe(0);
    expect(
      (await terminal.generalResponse(terminal.send(Jt808MsgId.Auth, Buffer.from(reg.authCode, 'latin1')))).result,
    ).toBe(0);
    expect((await terminal.generalResponse(terminal.send(Jt808MsgId.Heartbeat, Buffer.alloc(0)))).result).toBe(0);

    const now = Date.now();
    const t1 = new Date(Math.floor(now / 1000) * 1000 - 10_000);
    const t2 = new Date(t1.getTime() + 5000);
    expect((await terminal.generalResponse(terminal.send(Jt808MsgId.Location, location(t2, 119_600_000)))).result).toBe(
      0,
    );
    // A blind-area back-fill older than the live fix: history only, the unit does not move back.
    const batch = batchBody([location(t1, 119_599_900), location(new Date(t1.getTime() + 1000), 119_599_920)]);
    expect((await terminal.generalResponse(terminal.send(Jt808MsgId.LocationBatch, batch))).result).toBe(0);

    const view = await eventually(async () => {
      const u = await unit(jtUnit);
      return u.fixAt === t2.toISOString() ? u : undefined;
    });
    expect(view.position).toEqual({ lon: 119.6, lat: 31.99 });
    expect(view.speedKmh).toBe(42);
    await eventually(async () => {
      const history = await db.query<{ n: number }>('SELECT count(*) AS n FROM positions WHERE unit_id = $1', [jtUnit]);
      return history.rows[0]?.n === 3 ? true : undefined;
    });
    expect((await unit(jtUnit)).fixAt).toBe(t2.toISOString());
    const tick = await eventually(async () =>
      frames.find((f): f is PositionsFrame => f.type === 'sys.positions' && f.units.some((u) => u[0] === jtUnit)),
    );
    expect(tick.units.find((u) => u[0] === jtUnit)).toEqual([jtUnit, 119.6, 31.99, 90, 42, t2.getTime()]);

    // Dispatch the unit: its terminal is told to report every 5 s and reads the job aloud.
    const incident = (await (
      await fetch(`${server.url}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          location: { lon: 119.61, lat: 31.99 },
          complaint: '胸痛',
          priority: 1,
          address: '云阳街道人民路1号',
        }),
      })
    ).json()) as { id: number };
    const assigned = await fetch(`${server.url}/api/incidents/${incident.id}/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ unitId: jtUnit }),
    });
    expect(assigned.status).toBe(201);
    const params = await terminal.next((m) => m.header.msgId === 0x8103);
    expect(params.body.readUInt8(0)).toBe(1); // one parameter
    expect(params.body.readUInt32BE(1)).toBe(0x0029);
    expect(params.body.readUInt32BE(6)).toBe(5);
    const text = await terminal.next((m) => m.header.msgId === 0x8300);
    expect(text.body.readUInt8(0) & 0x08).toBe(0x08); // TTS
    expect(decodeGbk(text.body.subarray(1))).toContain('胸痛');
    terminal.close();
  });

  it('takes a Traccar Client HTTP report (speed in knots) to the API', async () => {
    const ts = Math.floor(Date.now() / 1000) - 2;
    const res = await fetch(
      `http://127.0.0.1:${server.devices.osmandPort}/?id=dy-120-72&token=tok-72&lat=31.95&lon=119.55&timestamp=${ts}&speed=10&bearing=180`,
      { method: 'POST' },
    );
    expect(res.status).toBe(200);
    const view = await eventually(async () => {
      const u = await unit(httpUnit);
      return u.fixAt ? u : undefined;
    });
    expect(view.position).toEqual({ lon: 119.55, lat: 31.95 });
    expect(view.speedKmh).toBeCloseTo(18.52, 1);
    expect(view.headingDeg).toBe(180);
  });

  it('answers an unknown device with 403 and stores nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*) AS n FROM positions');
    const res = await fetch(`http://127.0.0.1:${server.devices.osmandPort}/?id=stranger&lat=31.9&lon=119.5`);
    expect(res.status).toBe(403);
    const after = await db.query<{ n: number }>('SELECT count(*) AS n FROM positions');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
