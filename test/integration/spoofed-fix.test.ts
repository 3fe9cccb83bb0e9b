/**
 * Issue 14, point 2: one fix stamped 150 s in the future was accepted; the unit kept that position, the genuine
 * fixes after it were "late", and it never turned stale. Now the future tolerance is 30 s (`maxFutureMs`,
 * INGEST_MAX_FUTURE_SECONDS), and a fix inside it counts for the live position at its receipt: it cannot hold
 * the unit, and staleness runs from when it arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { hashDeviceSecret } from '@c120/gps-ingest';
import type { DecodedPosition } from '@c120/gps-ingest';
import { buildTestApp, insertUnits, type TestApp } from '@c120/dispatch-core/testing';
import { toPositionTuple } from '@c120/dispatch-core';
import type { UnitView } from '@c120/dispatch-core/contracts';

const TOKEN = 'spoof-test-token';

describe(`a fix stamped ahead of the clock cannot freeze a unit on ${testEngine()}`, () => {
  let t: TestApp;
  let unitId: number;

  beforeAll(async () => {
    t = await buildTestApp({ staleAfterSeconds: 90 });
    ({ s1: unitId } = (await insertUnits(t.db, [{ code: 's1', lon: 119.6, lat: 32 }])) as { s1: number });
    // Its last fix was 10 minutes ago.
    await t.db.query(`UPDATE units SET fix_at = now() - interval '10 minutes' WHERE id = $1`, [unitId]);
    await t.db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash) VALUES ($1, 'osmand', 'phone-s1', $2)`,
      [unitId, hashDeviceSecret(TOKEN)],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = async (fixTime: Date, receivedAt: Date, lon: number) => {
    const p: DecodedPosition = { protocol: 'osmand', deviceId: 'phone-s1', fixTime, lat: 32, lon, valid: true };
    const [r] = await t.app.core.ingest.acceptDecoded([p], { protocol: 'osmand', receivedAt, secret: TOKEN });
    expect(await t.app.core.ingest.flush()).toBe(true);
    return r!;
  };
  const unit = async () => (await t.inject(`/api/units/${unitId}`)).json<UnitView>();

  it('refuses a fix 150 s in the future and counts it; the unit does not move', async () => {
    const now = Date.now();
    expect(await report(new Date(now + 150_000), new Date(now), 119.7)).toEqual({
      status: 'dropped',
      reason: 'future_time',
    });
    expect(t.app.core.ingest.metrics()['ingest_positions_dropped_total{reason="future_time"}']).toBe(1);
    expect((await unit()).position).toEqual({ lon: 119.6, lat: 32 });
  });

  it('a fix slightly ahead counts at its receipt: the unit turns stale by receipt time', async () => {
    // Received 100 s ago, stamped 25 s after that: by its own time only 75 s old (fresh under a 90 s limit).
    const received = new Date(Math.floor(Date.now() / 1000) * 1000 - 100_000);
    const stamped = new Date(received.getTime() + 25_000);
    expect(await report(stamped, received, 119.601)).toEqual({ status: 'accepted', unitId, late: false });
    const view = await unit();
    expect(view.position).toEqual({ lon: 119.601, lat: 32 });
    expect(view.fixAt).toBe(received.toISOString());
    expect(view.stale).toBe(true);
    // History keeps what the device said.
    const history = await t.db.query<{ fix_at: Date }>('SELECT fix_at FROM positions WHERE unit_id = $1', [unitId]);
    expect(history.rows.map((r) => r.fix_at.getTime())).toEqual([stamped.getTime()]);
  });

  it('genuine fixes after a slightly-future one still move the unit (not late), on the map too', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    // The spoof: received now, stamped 25 s ahead.
    expect(await report(new Date(now + 25_000), new Date(now), 119.6015)).toMatchObject({ status: 'accepted' });
    expect((await unit()).position).toEqual({ lon: 119.6015, lat: 32 });
    // The genuine device's next fix, true time, received a second later: live, and the unit follows it.
    const genuine = await report(new Date(now + 1000), new Date(now + 1200), 119.6018);
    expect(genuine).toEqual({ status: 'accepted', unitId, late: false });
    const view = await unit();
    expect(view.position).toEqual({ lon: 119.6018, lat: 32 });
    expect(view.fixAt).toBe(new Date(now + 1000).toISOString());
    expect(view.stale).toBe(false);
    // A console's position tick carries the live time, never one ahead of the clock.
    const tuple = toPositionTuple({
      unitId,
      fixAt: new Date(now + 25_000),
      receivedAt: new Date(now),
      lon: 119.6015,
      lat: 32,
      source: 'osmand',
      valid: true,
      late: false,
    });
    expect(tuple[5]).toBe(now);
  });
});
