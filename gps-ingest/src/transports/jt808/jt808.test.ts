import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../../ingest.ts';
import { buildJt808Frame, encodeBcdTime, Jt808MsgId } from '../../protocols/index.ts';
import { locationBody } from '../../testing/index.ts';
import type { UnitFix } from '../../pipeline/types.ts';
import { historyOf, insertCredential, insertUnit, latestOf } from '../../writer/testing.ts';
import { batchBody, registerBody, TestTerminal } from '../../testing/index.ts';

const PHONE = '013511221122';

/** A 0x0200 body at `date`, `metresEast` of a point in Danyang. */
function location(date: Date, metresEast = 0, speedKmh = 36): Buffer {
  return locationBody({
    latE6: 31_990_000,
    lonE6: 119_580_000 + Math.round((metresEast / 94_400) * 1e6),
    speedTenths: speedKmh * 10,
    direction: 90,
    time: encodeBcdTime(date).toString('hex'),
  });
}

describe(`JT/T 808 over TCP on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let port: number;
  let unitId: number;
  /** Issued once, by the first test's registration: a terminal keeps its code (a second registration gets none). */
  let code = '';
  const written: UnitFix[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    unitId = await insertUnit(db);
    await insertCredential(db, { unitId, protocol: 'jt808', deviceId: '13511221122' });
    ingest = createIngest({
      db,
      config: { jt808: { downlinkTimeoutMs: 2000 } },
      onWritten: (fixes) => {
        written.push(...fixes);
      },
    });
    port = (await ingest.startServers({ jt808Port: 0, host: '127.0.0.1' })).jt808Port!;
  });
  afterAll(async () => {
    await ingest?.stop();
    await db?.close();
  });

  it('register, auth, heartbeat, 0x0200 and 0x0704 end up in the database', async () => {
    const t = new TestTerminal(port, PHONE);
    await t.connect();
    const now = Date.now() - 2000;
    const sec = (s: number) => new Date(Math.floor(now / 1000) * 1000 + s * 1000);

    // Location before authentication: refused with result 1 (the terminal authenticates and resends).
    const early = t.send(Jt808MsgId.Location, location(sec(-100)));
    expect(await t.generalResponse(early)).toEqual({ msgId: 0x0200, result: 1 });

    const reg = t.send(Jt808MsgId.Register, registerBody());
    const { result, authCode } = await t.registerResponse(reg);
    expect(result).toBe(0);
    expect(authCode).toMatch(/^[0-9a-f]{12}$/);
    code = authCode;
    const stored = await db.query<{ auth_code_hash: string }>(
      `SELECT auth_code_hash FROM device_credentials WHERE protocol = 'jt808' AND device_id = '13511221122'`,
    );
    expect(stored.rows[0]!.auth_code_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored.rows[0]!.auth_code_hash).not.toContain(authCode);
    // Registering again: result 3 (terminal already registered) and no code.
    expect(await t.registerResponse(t.send(Jt808MsgId.Register, registerBody()))).toEqual({ result: 3, authCode: '' });

    const wrong = t.send(Jt808MsgId.Auth, Buffer.from('not-the-code'));
    expect(await t.generalResponse(wrong)).toEqual({ msgId: 0x0102, result: 1 });
    const auth = t.send(Jt808MsgId.Auth, Buffer.from(authCode, 'latin1'));
    expect(await t.generalResponse(auth)).toEqual({ msgId: 0x0102, result: 0 });

    const hb = t.send(Jt808MsgId.Heartbeat, Buffer.alloc(0));
    expect(await t.generalResponse(hb)).toEqual({ msgId: 0x0002, result: 0 });

    const loc = t.send(Jt808MsgId.Location, location(sec(0), 0, 36));
    expect(await t.generalResponse(loc)).toEqual({ msgId: 0x0200, result: 0 });

    // Blind-area back-fill, newest first as some terminals send it: history only, the latest stays at sec(0).
    const batch = t.send(
      Jt808MsgId.LocationBatch,
      batchBody([location(sec(-10), -100), location(sec(-20), -200), location(sec(-30), -300)]),
    );
    expect(await t.generalResponse(batch)).toEqual({ msgId: 0x0704, result: 0 });

    expect(await ingest.flush()).toBe(true);
    const latest = await latestOf(db, unitId);
    expect(latest.fix_at!.getTime()).toBe(sec(0).getTime());
    expect(latest.lon).toBeCloseTo(119.58, 5);
    expect(latest.lat).toBeCloseTo(31.99, 5);
    expect(latest.srid).toBe(4326);
    expect(latest.speed_kmh).toBeCloseTo(36, 3);
    const history = await historyOf(db, unitId);
    expect(history.map((r) => r.fix_at.getTime())).toEqual(
      [sec(-30), sec(-20), sec(-10), sec(0)].map((d) => d.getTime()),
    );
    expect(history.every((r) => r.source === 'jt808')).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(written.map((f) => [f.fixAt.getTime(), f.late])).toEqual([
      [sec(0).getTime(), false],
      [sec(-30).getTime(), true],
      [sec(-20).getTime(), true],
      [sec(-10).getTime(), true],
    ]);

    // Garbage, a frame with a bad check code and an oversize segment: dropped, counted, the session lives on.
    t.sendRaw(Buffer.from('hello\x7e\x01\x02\x03\x7e', 'latin1'));
    t.sendRaw(
      Buffer.from(
        '7E02000032013511221122000700000000000C000301578CC006CA3A5C00470000000014072317201501040000000030011631010BD07E',
        'hex',
      ),
    );
    t.sendRaw(Buffer.concat([Buffer.from([0x7e]), Buffer.alloc(5000, 0x31), Buffer.from([0x7e])]));
    const hb2 = t.send(Jt808MsgId.Heartbeat, Buffer.alloc(0));
    expect(await t.generalResponse(hb2)).toEqual({ msgId: 0x0002, result: 0 });
    const m = ingest.metrics();
    expect(m.jt808_malformed_frames_total).toBeGreaterThanOrEqual(2);
    expect(m.jt808_oversize_frames_total).toBe(1);
    expect(m['ingest_positions_rejected_total{reason="not_authenticated"}']).toBe(1);
    expect(m['jt808_auth_total{result="bad_code"}']).toBe(1);

    // An unsupported message is answered "unsupported", not ignored.
    const odd = t.send(0x0900, Buffer.from([0xf0, 1, 2]));
    expect(await t.generalResponse(odd)).toEqual({ msgId: 0x0900, result: 3 });
    t.close();
  });

  it('downlink: reporting interval (0x8103) and TTS text (0x8300), acknowledged by the terminal', async () => {
    const t = new TestTerminal(port, PHONE);
    await t.connect();
    expect((await t.generalResponse(t.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')))).result).toBe(0);
    expect(ingest.jt808.isOnline(unitId)).toBe(true);

    const interval = ingest.jt808.setReportingInterval(unitId, 5);
    const params = await t.next((m) => m.header.msgId === 0x8103);
    expect(params.body.readUInt8(0)).toBe(1); // one parameter
    expect(params.body.readUInt32BE(1)).toBe(0x0029);
    expect(params.body.readUInt8(5)).toBe(4);
    expect(params.body.readUInt32BE(6)).toBe(5);
    t.send(Jt808MsgId.TerminalResponse, ack(params.header.serial, 0x8103, 0));
    expect(await interval).toEqual({ status: 'acked' });

    const text = ingest.jt808.sendText(unitId, '请前往丹阳市人民医院');
    const msg = await t.next((m) => m.header.msgId === 0x8300);
    expect(msg.body.readUInt8(0) & 0b1000).toBe(0b1000); // TTS flag
    t.send(Jt808MsgId.TerminalResponse, ack(msg.header.serial, 0x8300, 3));
    expect(await text).toEqual({ status: 'refused', result: 3 });

    t.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(ingest.jt808.isOnline(unitId)).toBe(false);
    expect(await ingest.jt808.sendText(unitId, 'x')).toEqual({ status: 'offline' });
  });

  it('a terminal reconnecting replaces its half-open session; downlink goes to the new one', async () => {
    const a = new TestTerminal(port, PHONE);
    await a.connect();
    expect((await a.generalResponse(a.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')))).result).toBe(0);
    const b = new TestTerminal(port, PHONE);
    await b.connect();
    await b.generalResponse(b.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')));
    await new Promise((r) => setTimeout(r, 50));
    expect(a.closed).toBe(true);
    expect(ingest.jt808.isOnline(unitId)).toBe(true);
    const sent = ingest.jt808.sendText(unitId, 'hello', { tts: false });
    const msg = await b.next((m) => m.header.msgId === 0x8300);
    b.send(Jt808MsgId.TerminalResponse, ack(msg.header.serial, 0x8300, 0));
    expect(await sent).toEqual({ status: 'acked' });
    b.close();
  });

  it('reassembles a sub-packaged 0x0704 and answers each packet', async () => {
    const t = new TestTerminal(port, PHONE);
    await t.connect();
    expect((await t.generalResponse(t.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')))).result).toBe(0);
    // In the past: a fix ahead of its receipt counts at the receipt for the live position (liveFixAtMs).
    const base = Math.floor(Date.now() / 1000) * 1000 - 2000;
    const body = batchBody([location(new Date(base), 10), location(new Date(base + 1000), 20)], false);
    const half = Math.ceil(body.length / 2);
    const serials = [0, 1].map((i) => {
      const serial = 900 + i;
      t.sendRaw(
        buildJt808Frame(t.target, Jt808MsgId.LocationBatch, serial, body.subarray(i * half, (i + 1) * half), {
          count: 2,
          index: i + 1,
        }),
      );
      return serial;
    });
    expect(await t.generalResponse(serials[0]!)).toEqual({ msgId: 0x0704, result: 0 });
    expect(await t.generalResponse(serials[1]!)).toEqual({ msgId: 0x0704, result: 0 });
    await ingest.flush();
    expect((await latestOf(db, unitId)).fix_at!.getTime()).toBe(base + 1000);
    t.close();
  });

  it('with acceptBeforeAuth, a known terminal may report without authenticating', async () => {
    const lenient = createIngest({ db, config: { jt808: { acceptBeforeAuth: true } } });
    const p = (await lenient.startServers({ jt808Port: 0, host: '127.0.0.1' })).jt808Port!;
    try {
      const known = new TestTerminal(p, PHONE);
      const stranger = new TestTerminal(p, '013900000000');
      await known.connect();
      await stranger.connect();
      const when = new Date(Math.floor(Date.now() / 1000) * 1000);
      expect(await known.generalResponse(known.send(Jt808MsgId.Location, location(when, 30)))).toEqual({
        msgId: 0x0200,
        result: 0,
      });
      expect((await stranger.generalResponse(stranger.send(Jt808MsgId.Location, location(when)))).result).toBe(1);
      await lenient.flush();
      expect((await latestOf(db, unitId)).fix_at!.getTime()).toBe(when.getTime());
      known.close();
      stranger.close();
    } finally {
      await lenient.stop();
    }
  });

  it('an unknown terminal gets 0x8100 result 4 and no auth code', async () => {
    const t = new TestTerminal(port, '013900000000');
    await t.connect();
    expect(await t.registerResponse(t.send(Jt808MsgId.Register, registerBody()))).toEqual({ result: 4, authCode: '' });
    const auth = t.send(Jt808MsgId.Auth, Buffer.from('guess'));
    expect((await t.generalResponse(auth)).result).toBe(1);
    t.close();
  });

  it('hangs up on an address that brings maxRefusals unknown terminals; its known terminals still get in', async () => {
    const limited = createIngest({ db, config: { refusals: { maxRefusals: 3, windowMs: 60_000 } } });
    const limitedPort = (await limited.startServers({ jt808Port: 0, host: '127.0.0.1' })).jt808Port!;
    try {
      // The known terminal has authenticated through this process before (its credential is remembered).
      const known = new TestTerminal(limitedPort, PHONE);
      await known.connect();
      expect((await known.generalResponse(known.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')))).result).toBe(0);
      known.close();

      const t = new TestTerminal(limitedPort, '013900000001');
      await t.connect();
      const register = () => t.registerResponse(t.send(Jt808MsgId.Register, registerBody()));
      expect((await register()).result).toBe(4);
      expect((await t.generalResponse(t.send(Jt808MsgId.Auth, Buffer.from('guess')))).result).toBe(1);
      expect(t.closed).toBe(false);
      // The third failure is still answered, then the platform hangs up.
      expect((await register()).result).toBe(4);
      await until(() => t.closed);
      const m = limited.metrics();
      expect(m['ingest_refusal_limited_total{transport="jt808"}']).toBe(1);
      expect(m['ingest_refusal_blocked_addresses']).toBe(1);
      // From the same address: an unknown phone is refused without asking the database, and the line hung up…
      const stranger = new TestTerminal(limitedPort, '013900000002');
      await stranger.connect();
      expect((await stranger.registerResponse(stranger.send(Jt808MsgId.Register, registerBody()))).result).toBe(4);
      await until(() => stranger.closed);
      expect(limited.metrics()['jt808_registrations_total{result="limited"}']).toBe(1);
      expect(limited.metrics()['jt808_registrations_total{result="unknown"}']).toBe(2);
      // …but the registered terminal with its code is accepted (a carrier NAT hides a whole fleet).
      const again = new TestTerminal(limitedPort, PHONE);
      await again.connect();
      expect((await again.generalResponse(again.send(Jt808MsgId.Auth, Buffer.from(code, 'latin1')))).result).toBe(0);
      again.close();
    } finally {
      await limited.stop();
    }
  });
});

async function until(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function ack(serial: number, msgId: number, result: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt16BE(serial, 0);
  b.writeUInt16BE(msgId, 2);
  b.writeUInt8(result, 4);
  return b;
}
