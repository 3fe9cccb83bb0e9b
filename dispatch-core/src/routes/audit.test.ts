import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { AuditTrail } from '../contracts/auth.ts';
import type { AssignmentResult } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, type TestApp } from '../testing/app.ts';

describe(`who did what: actors and the incident audit trail on ${testEngine()}`, () => {
  let t: TestApp;
  let unitId: number;
  let incident: IncidentView;
  let dispatcherId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    ({ au: unitId } = (await insertUnits(t.db, [{ code: 'au', lon: 119.6, lat: 32 }])) as { au: number });
    incident = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: { lon: 119.6, lat: 32.002 }, complaint: '摔伤', priority: 3 },
      })
    ).json<IncidentView>();
    const assigned = await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/assignments`,
      payload: { unitId },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const crew = await t.as('crew', unitId);
    expect(
      (await crew({ method: 'POST', url: `/api/units/${unitId}/status`, payload: { status: 'en_route' } })).statusCode,
    ).toBe(200);
    dispatcherId = (await t.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'test-dispatcher'`))
      .rows[0]!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stamps the signed-in user on the incident, the assignment, the status change and the events', async () => {
    const inc = await t.db.query<{ created_by: number }>('SELECT created_by FROM incidents WHERE id = $1', [
      incident.id,
    ]);
    expect(inc.rows[0]?.created_by).toBe(dispatcherId);
    const a = await t.db.query<{ assigned_by: number }>('SELECT assigned_by FROM assignments WHERE incident_id = $1', [
      incident.id,
    ]);
    expect(a.rows[0]?.assigned_by).toBe(dispatcherId);
    const changes = await t.db.query<{ to_status: string; actor_user_id: number }>(
      'SELECT to_status, actor_user_id FROM unit_status_changes WHERE unit_id = $1 ORDER BY id',
      [unitId],
    );
    expect(changes.rows[0]).toMatchObject({ to_status: 'dispatched', actor_user_id: dispatcherId });
    const events = await t.db.query<{ type: string; actor: string }>(
      'SELECT type, actor FROM events WHERE incident_id = $1 ORDER BY seq',
      [incident.id],
    );
    expect(events.rows.slice(0, 2)).toEqual([
      { type: 'incident.created', actor: `user:${dispatcherId}` },
      { type: 'assignment.created', actor: `user:${dispatcherId}` },
    ]);
  });

  it('GET /api/incidents/:id/audit names each actor, oldest first; officials may read it, crews may not', async () => {
    const official = await t.as('official');
    const res = await official(`/api/incidents/${incident.id}/audit`);
    expect(res.statusCode, res.body).toBe(200);
    const trail = res.json<AuditTrail>();
    expect(trail.entries.map((e) => [e.type, e.actorKind, e.actorUsername])).toEqual([
      ['incident.created', 'user', 'test-dispatcher'],
      ['assignment.created', 'user', 'test-dispatcher'],
      ['unit.status_changed', 'user', `test-crew-${unitId}`],
    ]);
    expect(trail.entries[2]?.summary).toMatch(/dispatched → en_route/);
    // The same as data, for consoles to word in their language (no English inside the Chinese UI).
    expect(trail.entries[2]?.facts).toMatchObject({ from: 'dispatched', to: 'en_route' });
    expect(trail.entries[0]?.facts).toMatchObject({ priority: expect.any(Number) });
    expect(trail.entries[0]?.actorRole).toBe('dispatcher');
    expect((await (await t.as('crew', unitId))(`/api/incidents/${incident.id}/audit`)).statusCode).toBe(403);
    expect((await t.inject('/api/incidents/999999/audit')).statusCode).toBe(404);
  });

  it('has no route that writes or deletes events, and the database refuses UPDATE and DELETE on them', async () => {
    // The PBX's call events (POST /api/telephony/events) are call records a gateway reports, not the event log.
    const writers = t.app.routeAccess.filter(
      (r) =>
        /event|audit/i.test(r.url) && r.url !== '/api/telephony/events' && r.method !== 'GET' && r.method !== 'HEAD',
    );
    expect(writers).toEqual([]);
    const admin = await t.as('admin');
    for (const method of ['DELETE', 'PATCH', 'PUT', 'POST'] as const) {
      expect((await admin({ method, url: `/api/incidents/${incident.id}/audit`, payload: {} })).statusCode).toBe(404);
    }
    await expect(
      t.db.query(`UPDATE events SET actor = 'user:0' WHERE incident_id = $1`, [incident.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM events WHERE incident_id = $1', [incident.id])).rejects.toThrow(/append-only/);
    const after = await t.db.query<{ actor: string }>('SELECT actor FROM events WHERE incident_id = $1 ORDER BY seq', [
      incident.id,
    ]);
    expect(after.rows[0]?.actor).toBe(`user:${dispatcherId}`);
  });

  it('records a reassignment by the user who made it', async () => {
    const [second] = Object.values(await insertUnits(t.db, [{ code: 'au2', lon: 119.601, lat: 32 }]));
    const inc = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: { lon: 119.6, lat: 32.003 }, complaint: 'x', priority: 4 },
      })
    ).json<IncidentView>();
    const first = (
      await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/assignments`, payload: { unitId: second } })
    ).json<AssignmentResult>();
    const admin = await t.as('admin');
    const cancel = await admin({
      method: 'POST',
      url: `/api/assignments/${first.assignment.id}/cancel`,
      payload: { reason: '测试' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const adminId = (await t.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'test-admin'`)).rows[0]!
      .id;
    const ended = await t.db.query<{ actor: string }>(
      `SELECT actor FROM events WHERE incident_id = $1 AND type = 'assignment.ended'`,
      [inc.id],
    );
    expect(ended.rows[0]?.actor).toBe(`user:${adminId}`);
    const change = await t.db.query<{ actor_user_id: number }>(
      `SELECT actor_user_id FROM unit_status_changes WHERE unit_id = $1 ORDER BY id DESC LIMIT 1`,
      [second],
    );
    expect(change.rows[0]?.actor_user_id).toBe(adminId);
  });
});
