import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../ingest.ts';
import { encodeBcdTime, Jt808MsgId } from '../protocols/index.ts';
import { locationBody } from '../testing/index.ts';
import { historyOf, insertCredential, insertUnit } from '../writer/testing.ts';
import { registerBody, TestTerminal } from '../testing/index.ts';

/** Floods from one device or one connection: refused, counted, nothing stored for them, others unaffected. */
describe(`flood limits on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let osmand: string;
  let jt808Port: number;
  let noisy: number;
  let quiet: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    noisy = await insertUnit(db);
    quiet = await insertUnit(db);
    const terminal = await insertUnit(db);
    await insertCredential(db, { unitId: noisy, protocol: 'osmand', deviceId: 'noisy', secret: 'tok-noisy' });
    await insertCredential(db, { unitId: quiet, protocol: 'osmand', deviceId: 'quiet', secret: 'tok-quiet' });
    await insertCredential(db, { unitId: terminal, protocol: 'jt808', deviceId: '13511229999' });
    ingest = createIngest({
      db,
      config: {
        pipeline: { deviceMaxFixesPerSecond: 1, deviceBurstFixes: 5 },
        jt808: { maxFramesPerSecond: 1, burstFrames: 3, floodCloseAfterFrames: 50 },
      },
    });
    const ports = await ingest.startServers({ osmandPort: 0, jt808Port: 0, host: '127.0.0.1' });
    osmand = `http://127.0.0.1:${ports.osmandPort}`;
    jt808Port = ports.jt808Port!;
  });
  afterAll(async () => {
    await ingest?.stop();
    await db?.close();
  });

  it('one device over its fix allowance gets 429 and is counted; another device is unaffected', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 100;
    const send = (id: string, i: number) =>
      fetch(`${osmand}/?id=${id}&token=tok-${id}&lat=31.99&lon=${119.58 + i * 1e-5}&timestamp=${t0 + i}`, {
        method: 'POST',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send('noisy', i)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const refused = await send('noisy', 20);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.text()).toMatch(/rate_limited/);
    // The quiet device has its own allowance.
    for (let i = 0; i < 3; i++) expect((await send('quiet', i)).status).toBe(200);

    expect(await ingest.flush()).toBe(true);
    expect(await historyOf(db, noisy)).toHaveLength(5);
    expect(await historyOf(db, quiet)).toHaveLength(3);
    const m = ingest.metrics();
    expect(m['ingest_positions_retry_total{reason="rate_limited"}']).toBe(4);
    expect(m['osmand_requests_total{status="429"}']).toBe(4);
  });

  it('a JT/T 808 connection flooding frames is cut off; another terminal keeps reporting', async () => {
    const flooder = new TestTerminal(jt808Port, '013511228888');
    await flooder.connect();
    // Heartbeats need no authentication: the guard works before any decoding or lookup.
    for (let i = 0; i < 100; i++) flooder.send(Jt808MsgId.Heartbeat, Buffer.alloc(0));
    await expect(flooder.next(() => false, 5000)).rejects.toThrow(/connection closed/);
    const m = ingest.metrics();
    expect(m['jt808_frames_rate_limited_total']).toBeGreaterThanOrEqual(50);
    expect(m['jt808_flood_disconnects_total']).toBe(1);

    const good = new TestTerminal(jt808Port, '013511229999');
    await good.connect();
    const { authCode } = await good.registerResponse(good.send(Jt808MsgId.Register, registerBody()));
    expect(await good.generalResponse(good.send(Jt808MsgId.Auth, Buffer.from(authCode, 'latin1')))).toMatchObject({
      result: 0,
    });
    const body = locationBody({
      latE6: 31_990_000,
      lonE6: 119_580_000,
      speedTenths: 0,
      direction: 0,
      time: encodeBcdTime(new Date(Date.now() - 1000)).toString('hex'),
    });
    expect(await good.generalResponse(good.send(Jt808MsgId.Location, body))).toMatchObject({ result: 0 });
    good.close();
  });
});
