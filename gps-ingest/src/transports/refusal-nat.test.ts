/**
 * Issue 14, point 3 (devices): 120 wrong device tokens from one address blocked a valid device behind it — a
 * carrier NAT puts a whole fleet behind one address. Wrong secrets and auth codes now count against the device
 * identity, never the address, and a correct credential always gets in. Default limit
 * (DEVICE_REFUSALS_PER_MINUTE 120), real sockets, both device ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../ingest.ts';
import { DEFAULT_REFUSAL_LIMIT } from './refusal-limit.ts';
import { Jt808MsgId } from '../protocols/index.ts';
import { insertCredential, insertUnit } from '../writer/testing.ts';
import { registerBody, TestTerminal } from '../testing/index.ts';

const ATTEMPTS = DEFAULT_REFUSAL_LIMIT.maxRefusals + 10; // 130 > 120

describe(`refused device attempts never block a correct credential behind the same address on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let osmand: string;
  let jt808: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const units = [await insertUnit(db), await insertUnit(db), await insertUnit(db), await insertUnit(db)];
    await insertCredential(db, { unitId: units[0]!, protocol: 'osmand', deviceId: 'nat-phone-1', secret: 'right-1' });
    await insertCredential(db, { unitId: units[1]!, protocol: 'osmand', deviceId: 'nat-phone-2', secret: 'right-2' });
    await insertCredential(db, { unitId: units[2]!, protocol: 'jt808', deviceId: '13600000001' });
    await insertCredential(db, { unitId: units[3]!, protocol: 'jt808', deviceId: '13600000002' });
    ingest = createIngest({ db }); // default limits
    const ports = await ingest.startServers({ osmandPort: 0, jt808Port: 0, host: '127.0.0.1' });
    osmand = `http://127.0.0.1:${ports.osmandPort}`;
    jt808 = ports.jt808Port!;
  });
  afterAll(async () => {
    await ingest?.stop();
    await db?.close();
  });

  const fix = (id: string, token: string) =>
    fetch(`${osmand}/?id=${id}&token=${token}&lat=31.99&lon=119.58&timestamp=${Math.floor(Date.now() / 1000) - 1}`);

  it('OsmAnd: 130 wrong tokens from one address, then valid devices from it are accepted', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < ATTEMPTS; i++) {
      const s = (await fix('nat-phone-1', `guess-${i}`)).status;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    // Past the limit the failing attempts are slowed down (429), per device…
    expect(statuses.get(401)).toBe(DEFAULT_REFUSAL_LIMIT.maxRefusals - 1);
    expect(statuses.get(429)).toBe(ATTEMPTS - DEFAULT_REFUSAL_LIMIT.maxRefusals + 1);
    // …but the device with its right token gets in, and so does another device behind the same address.
    expect((await fix('nat-phone-1', 'right-1')).status).toBe(200);
    expect((await fix('nat-phone-2', 'right-2')).status).toBe(200);
    const m = ingest.metrics();
    expect(m['ingest_refusal_blocked_addresses']).toBe(0);
    expect(m['ingest_refusal_blocked_devices']).toBe(1);
  });

  it('JT/T 808: 130 wrong auth codes from one address, then the registered terminals from it authenticate', async () => {
    const genuine = new TestTerminal(jt808, '013600000001');
    await genuine.connect();
    const reg = await genuine.registerResponse(genuine.send(Jt808MsgId.Register, registerBody()));
    expect(reg.result).toBe(0);
    genuine.close();

    const attacker = new TestTerminal(jt808, '013600000001');
    await attacker.connect();
    for (let i = 0; i < ATTEMPTS; i++) {
      const r = await attacker.generalResponse(attacker.send(Jt808MsgId.Auth, Buffer.from(`guess${i}`)));
      expect(r.result).toBe(1);
    }
    attacker.close();

    const again = new TestTerminal(jt808, '013600000001');
    await again.connect();
    expect((await again.generalResponse(again.send(Jt808MsgId.Auth, Buffer.from(reg.authCode, 'latin1')))).result).toBe(
      0,
    );
    // Another terminal behind the same address registers and authenticates as usual.
    const other = new TestTerminal(jt808, '013600000002');
    await other.connect();
    const reg2 = await other.registerResponse(other.send(Jt808MsgId.Register, registerBody('SU-B00002', 'T000002')));
    expect(reg2.result).toBe(0);
    expect(
      (await other.generalResponse(other.send(Jt808MsgId.Auth, Buffer.from(reg2.authCode, 'latin1')))).result,
    ).toBe(0);
    expect(ingest.jt808.isOnline((await unitOf(db, '13600000001'))!)).toBe(true);
    again.close();
    other.close();
    expect(ingest.metrics()['ingest_refusal_blocked_addresses']).toBe(0);
  });
});

async function unitOf(db: Database, phone: string): Promise<number | undefined> {
  const { rows } = await db.query<{ unit_id: number }>(
    `SELECT unit_id FROM device_credentials WHERE protocol = 'jt808' AND device_id = $1`,
    [phone],
  );
  return rows[0] ? Number(rows[0].unit_id) : undefined;
}
