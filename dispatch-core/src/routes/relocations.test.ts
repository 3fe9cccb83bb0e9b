import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { IncidentView, UnitView } from '../contracts/views.ts';
import type { RelocationView } from '../contracts/coverage.ts';
import type { EventFrame } from '../events/index.ts';
import { eventFilterFor } from '../auth/crew-scope.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type Injector, type TestApp } from '../testing/app.ts';

type Result = { relocation: RelocationView; unit: UnitView };
const STATION = { lon: 119.65, lat: 32.0 };

describe(`move-up orders: acknowledge, arrival, dispatch, cancel, out of service on ${testEngine()}`, () => {
  let t: TestApp;
  let units: Record<string, number>;
  let station = 0;
  let other = 0;
  let crew: Injector;

  beforeAll(async () => {
    t = await buildTestApp();
    units = await insertUnits(t.db, [
      { code: 'R1', lon: 119.6, lat: 32 },
      { code: 'R2', lon: 119.6, lat: 32.01 },
      { code: 'R3', lon: 119.6, lat: 32.02 },
      { code: 'R4', lon: 119.6, lat: 32.03 },
    ]);
    const st = await t.db.query<{ id: number }>(
      `INSERT INTO stations (code, name, geom) VALUES
         ('S1', '东站', ST_SetSRID(ST_MakePoint($1, $2), 4326)), ('S2', '西站', ST_SetSRID(ST_MakePoint(119.5, 32), 4326))
       RETURNING id`,
      [STATION.lon, STATION.lat],
    );
    station = st.rows[0]?.id ?? 0;
    other = st.rows[1]?.id ?? 0;
    crew = await t.as('crew', units.R1);
  });
  afterAll(async () => {
    await t?.close();
  });

  const order = (unitId: number | undefined, stationId = station) =>
    t.inject({ method: 'POST', url: `/api/units/${unitId}/relocate`, payload: { stationId } });
  const unit = async (id: number | undefined) => (await t.inject(`/api/units/${id}`)).json<UnitView>();
  const rows = async (unitId: number | undefined) =>
    (
      await t.db.query<{ end_reason: string | null; acknowledged_by: string | null; ended_by: string | null }>(
        'SELECT end_reason, acknowledged_by, ended_by FROM relocations WHERE unit_id = $1 ORDER BY id',
        [unitId],
      )
    ).rows;
  const events = async (unitId: number | undefined) =>
    (
      await t.db.query<{ type: string }>(
        `SELECT type FROM events WHERE unit_id = $1 AND type LIKE 'unit.relocation%' ORDER BY seq`,
        [unitId],
      )
    ).rows.map((r) => r.type);

  it('shows the open order on the unit view; the crew acknowledges once; the station geofence ends it', async () => {
    expect((await order(units.R1)).statusCode).toBe(200);
    expect((await unit(units.R1)).moveUp).toMatchObject({
      stationId: station,
      stationName: '东站',
      acknowledgedAt: null,
    });
    // Posting it to the same station again is refused (the coverage page must not repeat an accepted move).
    const again = await order(units.R1);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toMatch(/already ordered to 东站/);

    const ack = await crew({ method: 'POST', url: `/api/units/${units.R1}/relocation/acknowledge`, payload: {} });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<Result>().relocation.acknowledgedAt).not.toBeNull();
    expect(ack.json<Result>().unit.moveUp?.acknowledgedAt).toBe(ack.json<Result>().relocation.acknowledgedAt);
    const twice = await crew({ method: 'POST', url: `/api/units/${units.R1}/relocation/acknowledge`, payload: {} });
    expect(twice.json<Result>().relocation.acknowledgedAt).toBe(ack.json<Result>().relocation.acknowledgedAt);

    // 1 km short of the station: still driving; 50 m from it: arrived.
    const fix = (m: number) => ({ unitId: units.R1 ?? 0, lon: STATION.lon - m / M_PER_DEG_LON, lat: STATION.lat });
    expect(await t.app.core.relocations.onFixes([fix(1000)])).toBe(0);
    expect(await t.app.core.relocations.onFixes([fix(50)])).toBe(1);
    expect(await t.app.core.relocations.onFixes([fix(20)])).toBe(0);
    expect((await unit(units.R1)).moveUp).toBeNull();
    expect(await rows(units.R1)).toEqual([
      { end_reason: 'arrived', acknowledged_by: expect.stringMatching(/^user:/), ended_by: 'geofence' },
    ]);
    expect(await events(units.R1)).toEqual([
      'unit.relocation_ordered',
      'unit.relocation_acknowledged',
      'unit.relocation_ended',
    ]);
  });

  it('keeps a crew to its own unit, and answers 404 when no order is open', async () => {
    const notOwn = await crew({ method: 'POST', url: `/api/units/${units.R2}/relocation/acknowledge`, payload: {} });
    expect(notOwn.statusCode).toBe(403);
    const none = await crew({ method: 'POST', url: `/api/units/${units.R1}/relocation/arrived`, payload: {} });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ message: string }>().message).toMatch(/no open move-up order/);
    const cancelByCrew = await crew({ method: 'POST', url: `/api/units/${units.R1}/relocation/cancel`, payload: {} });
    expect(cancelByCrew.statusCode).toBe(403);
    const bad = await t.inject({ method: 'POST', url: `/api/units/${units.R2}/relocation/cancel`, payload: { x: 1 } });
    expect(bad.statusCode).toBe(400);
  });

  it('ends the order when the unit is dispatched to an incident, in the same transaction as the assignment', async () => {
    expect((await order(units.R2)).statusCode).toBe(200);
    const incident = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: { lon: 119.61, lat: 32.01 }, complaint: '胸痛', priority: 2 },
      })
    ).json<IncidentView>();
    const assigned = await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/assignments`,
      payload: { unitId: units.R2 },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json<{ unit: UnitView }>().unit.moveUp).toBeNull();
    expect((await rows(units.R2)).map((r) => r.end_reason)).toEqual(['dispatched']);
    expect(await events(units.R2)).toEqual(['unit.relocation_ordered', 'unit.relocation_ended']);
  });

  it('supersedes an order posted elsewhere; the dispatcher cancels; out of service ends it', async () => {
    expect((await order(units.R3)).statusCode).toBe(200);
    const moved = await order(units.R3, other);
    expect(moved.json<Result>().unit.moveUp?.stationName).toBe('西站');
    const cancelled = await t.inject({ method: 'POST', url: `/api/units/${units.R3}/relocation/cancel`, payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<Result>()).toMatchObject({ relocation: { endReason: 'cancelled' }, unit: { moveUp: null } });
    expect((await rows(units.R3)).map((r) => r.end_reason)).toEqual(['superseded', 'cancelled']);

    expect((await order(units.R4)).statusCode).toBe(200);
    const paused = await t.inject({
      method: 'POST',
      url: `/api/units/${units.R4}/status`,
      payload: { status: 'maintenance' },
    });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json<{ unit: UnitView }>().unit.moveUp).toBeNull();
    expect((await rows(units.R4)).map((r) => r.end_reason)).toEqual(['unavailable']);
    // The database keeps one open order per unit whatever the code does.
    await t.db.query('INSERT INTO relocations (unit_id, station_id) VALUES ($1, $2)', [units.R4, station]);
    await expect(
      t.db.query('INSERT INTO relocations (unit_id, station_id) VALUES ($1, $2)', [units.R4, station]),
    ).rejects.toThrow();
  });

  it('lets a crew receive the acknowledgement and end of its own order only', () => {
    const frame = (type: 'unit.relocation_acknowledged' | 'unit.relocation_ended', unitId: number): EventFrame =>
      ({
        seq: 1,
        type,
        at: '',
        actor: null,
        payload: { relocation: {}, unit: { id: unitId } },
      }) as unknown as EventFrame;
    const filter = eventFilterFor({ id: 1, role: 'crew', unitId: 7 } as Parameters<typeof eventFilterFor>[0]);
    expect(filter?.(frame('unit.relocation_acknowledged', 7))).toBe(true);
    expect(filter?.(frame('unit.relocation_ended', 7))).toBe(true);
    expect(filter?.(frame('unit.relocation_ended', 8))).toBe(false);
  });
});
