/**
 * The dispatcher's desk on the server (issue 12): a place and a point that disagree are refused, a close without
 * a unit on scene needs a reason, notes are a thread with authors that the unit's crew can read, and the waiting
 * alarm's acknowledgement is an event with its author.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { IncidentDetail } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

const SCENE = { lon: 119.6, lat: 32.0 };
const east = (m: number) => ({ lon: SCENE.lon + m / M_PER_DEG_LON, lat: SCENE.lat });

describe(`the dispatcher's desk: place, close, notes, alarm on ${testEngine()}`, () => {
  let t: TestApp;
  let placeA = 0;
  let units: Record<string, number>;

  beforeAll(async () => {
    t = await buildTestApp({ placeMatchRadiusM: 500 });
    await t.db.query(
      `INSERT INTO regions (code, name, geom)
       VALUES ('R', '测试县', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.5)))`,
      [SCENE.lon, SCENE.lat],
    );
    await t.db.query(
      `INSERT INTO townships (code, region_code, name, pinyin, initials, kind, population, seat, geom)
       VALUES ('T1', 'R', '陵口镇', 'lingkouzhen', 'lkz', '镇', 1000, ST_SetSRID(ST_MakePoint($1, $2), 4326),
               ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.05)))`,
      [SCENE.lon, SCENE.lat],
    );
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO places (code, kind, name, pinyin, initials, township_code, geom)
       VALUES ('P1', 'village', '陈家塘村', 'chenjiatangcun', 'cjtc', 'T1', ST_SetSRID(ST_MakePoint($1, $2), 4326))
       RETURNING id`,
      [SCENE.lon, SCENE.lat],
    );
    placeA = Number(rows[0]?.id);
    units = await insertUnits(t.db, [
      { code: 'u-near', ...east(800) },
      { code: 'u-far', ...east(3000) },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = (body: Record<string, unknown>) =>
    t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { complaint: '胸痛', priority: 1, ...body },
    });

  async function createdIncident(body: Record<string, unknown> = { location: SCENE }): Promise<IncidentView> {
    const res = await create(body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<IncidentView>();
  }

  const eventsOf = async (incidentId: number, type: string) =>
    (
      await t.db.query<{ actor: string | null; payload: { incident: IncidentView } }>(
        'SELECT actor, payload FROM events WHERE incident_id = $1 AND type = $2 ORDER BY seq',
        [incidentId, type],
      )
    ).rows;

  describe('place is final', () => {
    it('refuses (422) a placeId and a location 13 km apart, with the reason', async () => {
      const res = await create({ placeId: placeA, location: east(13_000), address: '陵口镇陈家塘村' });
      expect(res.statusCode).toBe(422);
      const body = res.json<{ code: string; message: string }>();
      expect(body.code).toBe('place_location_mismatch');
      expect(body.message).toMatch(/1[23]\d{3} m from place/);
      const { rows } = await t.db.query('SELECT 1 FROM incidents WHERE address = $1', ['陵口镇陈家塘村']);
      expect(rows).toEqual([]);
    });

    it('accepts a location within the radius, and names the village and its township', async () => {
      const inc = await createdIncident({ placeId: placeA, location: east(200) });
      expect(inc).toMatchObject({ placeId: placeA, placeName: '陈家塘村', townshipName: '陵口镇' });
    });

    it('takes the point of the place when only the place is given', async () => {
      const inc = await createdIncident({ placeId: placeA });
      expect(inc.location.lon).toBeCloseTo(SCENE.lon, 6);
      expect(inc.location.lat).toBeCloseTo(SCENE.lat, 6);
    });

    it('keeps place and point together when an incident is corrected (PATCH)', async () => {
      const inc = await createdIncident({ placeId: placeA });
      const patch = (payload: Record<string, unknown>) =>
        t.inject({ method: 'PATCH', url: `/api/incidents/${inc.id}`, payload });
      const far = await patch({ location: east(13_000) });
      expect(far.statusCode).toBe(422);
      expect(far.json<{ code: string }>().code).toBe('place_location_mismatch');
      const near = await patch({ location: east(100) });
      expect(near.statusCode, near.body).toBe(200);
      const { rows } = await t.db.query<{ id: number }>(
        `INSERT INTO places (code, kind, name, pinyin, initials, geom)
         VALUES ('P2', 'village', '陈家塘村', 'chenjiatangcun', 'cjtc', ST_SetSRID(ST_MakePoint($1, $2), 4326))
         RETURNING id`,
        [east(13_000).lon, east(13_000).lat],
      );
      const placeB = Number(rows[0]?.id);
      const moved = await patch({ placeId: placeB });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json<IncidentView>().placeId).toBe(placeB);
      expect(moved.json<IncidentView>().location.lon).toBeCloseTo(east(13_000).lon, 6);
      const dropped = await patch({ placeId: null, location: SCENE });
      expect(dropped.statusCode, dropped.body).toBe(200);
      expect(dropped.json<IncidentView>()).toMatchObject({ placeId: null, placeName: null, location: SCENE });
    });

    it('refuses a place that does not exist', async () => {
      const res = await create({ placeId: 987_654, location: SCENE });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('deliberate close', () => {
    it('refuses (422) to close an incident no unit reached without a reason, then closes with one', async () => {
      const inc = await createdIncident();
      const bare = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/close`, payload: {} });
      expect(bare.statusCode).toBe(422);
      expect(bare.json<{ code: string }>().code).toBe('close_reason_required');

      const other = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/close`,
        payload: { reason: 'other' },
      });
      expect(other.statusCode).toBe(422);
      expect(other.json<{ code: string }>().code).toBe('close_reason_text_required');

      const unknown = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/close`,
        payload: { reason: 'bored' },
      });
      expect(unknown.statusCode).toBe(400);

      const ok = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/close`,
        payload: { reason: 'phone_advice', reasonText: '已电话指导家属' },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<IncidentView>()).toMatchObject({
        status: 'closed',
        closeReason: 'phone_advice',
        closeReasonText: '已电话指导家属',
      });
      const [event] = await eventsOf(inc.id, 'incident.closed');
      expect(event?.payload.incident.closeReason).toBe('phone_advice');
      expect(event?.actor).toMatch(/^user:\d+$/);
    });

    it('closes without a reason once a run reached the scene; a run cancelled on the way does not count', async () => {
      const inc = await createdIncident();
      // Runs as the status machine leaves them (fixtures: this rule reads the stamps, not how they were made).
      const run = (unitId: number, status: string, onScene: boolean, outcome: string) =>
        t.db.query(
          `INSERT INTO assignments (incident_id, unit_id, status, assigned_at, en_route_at, on_scene_at, ended_at, outcome)
           VALUES ($1, $2, $3, now() - interval '20 minutes', now() - interval '19 minutes',
                   CASE WHEN $4 THEN now() - interval '10 minutes' END, now() - interval '1 minute', $5)`,
          [inc.id, unitId, status, onScene, outcome],
        );
      await run(units['u-far']!, 'cancelled', false, 'cancelled');
      const refused = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/close`, payload: {} });
      expect(refused.statusCode).toBe(422);
      await run(units['u-near']!, 'completed', true, 'declined');
      const closed = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/close`, payload: {} });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<IncidentView>()).toMatchObject({ status: 'closed', closeReason: null });
    });
  });

  describe('notes thread', () => {
    it('opens the thread with the call-taker note and adds notes with their author as events', async () => {
      const inc = await createdIncident({ location: SCENE, notes: '患者男，约60岁' });
      expect(inc.noteThread).toHaveLength(1);
      expect(inc.noteThread[0]).toMatchObject({ body: '患者男，约60岁', authorName: 'test-dispatcher' });

      const res = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/notes`,
        payload: { body: '家属在村口等候' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const thread = res.json<IncidentView>().noteThread;
      expect(thread.map((n) => n.body)).toEqual(['患者男，约60岁', '家属在村口等候']);
      expect(thread[1]?.authorName).toBe('test-dispatcher');
      expect(Date.parse(thread[1]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      const events = await eventsOf(inc.id, 'incident.note_added');
      expect(events).toHaveLength(1);
      expect(events[0]?.actor).toMatch(/^user:\d+$/);

      const empty = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/notes`, payload: { body: '' } });
      expect(empty.statusCode).toBe(400);
    });

    it('shows the notes to the crew of the assigned unit, who may read but not add', async () => {
      const inc = await createdIncident({ location: east(-500), notes: '二楼' });
      const unitId = units['u-near']!;
      await t.db.query(`UPDATE units SET status = 'available' WHERE id = $1`, [unitId]);
      const assigned = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/assignments`,
        payload: { unitId },
      });
      expect(assigned.statusCode, assigned.body).toBe(201);
      await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/notes`, payload: { body: '门口有狗' } });
      const crew = await t.as('crew', unitId);
      const detail = await crew({ method: 'GET', url: `/api/incidents/${inc.id}` });
      expect(detail.statusCode).toBe(200);
      expect(detail.json<IncidentDetail>().incident.noteThread.map((n) => n.body)).toEqual(['二楼', '门口有狗']);
      const write = await crew({ method: 'POST', url: `/api/incidents/${inc.id}/notes`, payload: { body: 'x' } });
      expect(write.statusCode).toBe(403);
    });
  });

  describe('waiting alarm acknowledgement', () => {
    it('records who acknowledged as an event, and refuses once a unit is on the incident', async () => {
      const inc = await createdIncident({ location: east(-800) });
      const ack = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/alarm/acknowledge`, payload: {} });
      expect(ack.statusCode, ack.body).toBe(200);
      const view = ack.json<IncidentView>();
      expect(view.alarmAcknowledgedBy).toBe('test-dispatcher');
      expect(Date.parse(view.alarmAcknowledgedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      const events = await eventsOf(inc.id, 'incident.alarm_acknowledged');
      expect(events).toHaveLength(1);
      expect(events[0]?.actor).toMatch(/^user:\d+$/);

      const unitId = units['u-far']!;
      await t.db.query(`UPDATE units SET status = 'available' WHERE id = $1`, [unitId]);
      const assigned = await t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/assignments`,
        payload: { unitId },
      });
      expect(assigned.statusCode, assigned.body).toBe(201);
      const late = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/alarm/acknowledge`, payload: {} });
      expect(late.statusCode).toBe(409);
    });

    it('publishes the thresholds in the state snapshot', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/state' });
      expect(res.json<{ waitAlarmSeconds: number[] }>().waitAlarmSeconds).toEqual([60, 120, 300, 600]);
    });
  });
});
