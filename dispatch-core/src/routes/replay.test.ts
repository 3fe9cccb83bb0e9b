import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { CountyReplay, IncidentReplay } from '../contracts/analytics.ts';
import { seedAnalyticsFixture, type AnalyticsFixture } from '../testing/analytics-fixtures.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

const I1_CALL = Date.parse('2026-03-02T01:00:00Z'); // R1 (unit U1): dispatched +40 s, ended +2000 s

describe(`replay on ${testEngine()}`, () => {
  let t: TestApp;
  let fx: AnalyticsFixture;
  beforeAll(async () => {
    t = await buildTestApp();
    fx = await seedAnalyticsFixture(t.db);
    // U1: a fix every 10 s from call +0 to +2100 (lon grows 0.0001° per fix), one invalid fix at +505.
    await t.db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, speed_kmh, heading_deg, source, valid)
       SELECT $1, $2::timestamptz + make_interval(secs => s), ST_SetSRID(ST_MakePoint(119.5 + s / 100000.0, 32), 4326),
              36, 90, 'json', true
       FROM generate_series(0, 2100, 10) AS s`,
      [fx.units.U1, new Date(I1_CALL)],
    );
    await t.db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source, valid)
       VALUES ($1, $2, ST_SetSRID(ST_MakePoint(0, 0), 4326), 'json', false)`,
      [fx.units.U1, new Date(I1_CALL + 505_000)],
    );
    // U2: a fix every second for an hour from 2026-03-03T04:30Z (3600 fixes) — more than the county bound.
    await t.db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source)
       SELECT $1, '2026-03-03T04:30:00Z'::timestamptz + make_interval(secs => s),
              ST_SetSRID(ST_MakePoint(120.5, 32 + s / 100000.0), 4326), 'json'
       FROM generate_series(0, 3599) AS s`,
      [fx.units.U2],
    );
    // Status changes of U2 around I5 (call 05:00Z): before the window, inside it.
    await t.db.query(
      `INSERT INTO unit_status_changes (unit_id, from_status, to_status, source, at, assignment_id) VALUES
         ($1, 'dispatched', 'available', 'console', '2026-03-03T04:00:00Z', NULL),
         ($1, 'available', 'dispatched', 'console', '2026-03-03T05:00:20Z', $2),
         ($1, 'dispatched', 'en_route', 'crew', '2026-03-03T05:03:20Z', $2),
         ($1, 'en_route', 'on_scene', 'geofence', '2026-03-03T05:08:20Z', $2)`,
      [fx.units.U2, fx.runs.R5],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives an incident's run track from dispatch to run end, ordered, valid fixes only", async () => {
    const res = await t.inject({ url: `/api/incidents/${fx.incidents.I1}/replay` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<IncidentReplay>();
    expect(r.incident).toMatchObject({ id: fx.incidents.I1, priority: 1, callReceivedAt: '2026-03-02T01:00:00.000Z' });
    expect(r.from).toBe('2026-03-02T01:00:00.000Z');
    expect(r.to).toBe(new Date(I1_CALL + 2000_000).toISOString());
    expect(r.tracks).toHaveLength(1);
    const track = r.tracks[0]!;
    expect(track).toMatchObject({ unitId: fx.units.U1, callSign: 'U1', assignmentId: fx.runs.R1 });
    // fixes at +40, +50, … +2000: 197 of them, none thinned
    expect(track.fixes).toBe(197);
    expect(track.points).toHaveLength(197);
    expect(track.points[0]).toEqual([I1_CALL + 40_000, 119.5004, 32, 36, 90]);
    expect(track.points.at(-1)?.[0]).toBe(I1_CALL + 2000_000);
    const times = track.points.map((p) => p[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(track.points.some((p) => p[1] === 0)).toBe(false);
  });

  it("gives a multi-run incident's tracks, status changes and event timeline", async () => {
    const res = await t.inject({ url: `/api/incidents/${fx.incidents.I5}/replay` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<IncidentReplay>();
    expect(r.statusChanges.map((c) => c.to)).toEqual(['dispatched', 'en_route', 'on_scene']);
    expect(r.statusChanges[0]).toMatchObject({ unitId: fx.units.U2, incidentId: fx.incidents.I5, source: 'console' });
    // R5 runs from 05:00:20 to 05:11:40; U2 reports every second from 04:30 to 05:29:59
    expect(r.tracks[0]?.fixes).toBe(681);
    expect(r.tracks[0]?.points).toHaveLength(681);
    expect(r.timeline).toEqual([]);
  });

  it('answers an unknown incident with 404 and a bad id with 400', async () => {
    expect((await t.inject({ url: '/api/incidents/999999/replay' })).statusCode).toBe(404);
    expect((await t.inject({ url: '/api/incidents/abc/replay' })).statusCode).toBe(400);
  });

  it('replays the county for an hour: thinned tracks, status at the start, changes and open incidents', async () => {
    const res = await t.inject({
      url: '/api/replay',
      query: { from: '2026-03-03T04:30:00Z', to: '2026-03-03T05:30:00Z' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<CountyReplay>();
    expect(r.tracks.map((x) => x.unitId)).toEqual([fx.units.U2]);
    const track = r.tracks[0]!;
    // 3600 fixes over a bound of 720: stride ⌈3599/719⌉ = 6 → fixes 0, 6, … 3594 (600) and the last (3599)
    expect(track.fixes).toBe(3600);
    expect(track.points).toHaveLength(601);
    expect(track.points[0]?.[0]).toBe(Date.parse('2026-03-03T04:30:00Z'));
    expect(track.points[1]?.[0]).toBe(Date.parse('2026-03-03T04:30:06Z'));
    expect(track.points.at(-1)?.[0]).toBe(Date.parse('2026-03-03T05:29:59Z'));
    expect(r.unitsAtStart.find((u) => u.unitId === fx.units.U2)?.status).toBe('available');
    expect(r.unitsAtStart.find((u) => u.unitId === fx.units.U1)?.status).toBe('available');
    expect(r.statusChanges.map((c) => [c.to, c.at])).toEqual([
      ['dispatched', '2026-03-03T05:00:20.000Z'],
      ['en_route', '2026-03-03T05:03:20.000Z'],
      ['on_scene', '2026-03-03T05:08:20.000Z'],
    ]);
    // I4 (received 02:00, cancelled 02:00:30) is over; I5 (05:00, closed 05:11:40) is in the window
    expect(r.incidents.map((i) => i.id)).toEqual([fx.incidents.I5]);
  });

  it('refuses a county replay longer than an hour or backwards', async () => {
    for (const query of [
      { from: '2026-03-03T04:00:00Z', to: '2026-03-03T05:00:01Z' },
      { from: '2026-03-03T05:00:00Z', to: '2026-03-03T04:00:00Z' },
    ]) {
      const res = await t.inject({ url: '/api/replay', query });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/one hour|before/);
    }
  });
});
