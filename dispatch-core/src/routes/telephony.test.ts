/**
 * The phone line on the server (issue 13, first slice): the PBX gateway's own credential, one application per
 * (call id, event), bad input refused with a reason, an incident taken from a call carries it (受理 = answer),
 * the popup's history and repeat-call check, attaching a repeat call, and the 10-second answer rate in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { IncidentView } from '../contracts/views.ts';
import type { CallAnalytics, CallContext, CallView, TelephonyEventResult } from '../contracts/telephony.ts';
import { buildTestApp, insertUnits, type TestApp } from '../testing/app.ts';
import { eventFilterFor } from '../auth/crew-scope.ts';
import type { SessionUser } from '../auth/roles.ts';
import type { EventFrame } from '../events/index.ts';

const TOKEN = 'pbx-gateway-secret-0123456789';
const SCENE = { lon: 119.6, lat: 32.0 };
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

describe(`the phone line: PBX events, popup context, repeat calls, answer rate on ${testEngine()}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ telephonyToken: TOKEN });
    await insertUnits(t.db, [{ code: 'u1', lon: SCENE.lon + 0.01, lat: SCENE.lat }]);
    await t.token('dispatcher'); // the seat's account exists (test-dispatcher)
  });
  afterAll(async () => {
    await t?.close();
  });

  const pbx = (payload: unknown, authorization: string | null = `Bearer ${TOKEN}`) =>
    t.app.inject({
      method: 'POST',
      url: '/api/telephony/events',
      headers: authorization ? { authorization } : {},
      payload: payload as Record<string, unknown>,
    });
  const callEvents = async () =>
    Number((await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE type LIKE 'call.%'`)).rows[0]?.n);
  const createIncident = (body: Record<string, unknown>) =>
    t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: SCENE, complaint: '胸痛', priority: 1, ...body },
    });

  it('refuses events without the telephony token, with a wrong one, and with a user session', async () => {
    const body = { callId: 'auth-1', event: 'ringing', callerNumber: '13800000001' };
    expect((await pbx(body, null)).statusCode).toBe(401);
    expect((await pbx(body, 'Bearer wrong-token-wrong-token')).statusCode).toBe(401);
    expect((await pbx(body, `Bearer ${await t.token('dispatcher')}`)).statusCode).toBe(401);
    expect((await pbx(body, TOKEN)).statusCode).toBe(401); // not a Bearer
    const rows = await t.db.query(`SELECT 1 FROM calls WHERE external_id = 'auth-1'`);
    expect(rows.rows).toHaveLength(0);
  });

  it('refuses bad input with a 4xx and a reason, never a 500', async () => {
    const bad: [unknown, number, RegExp][] = [
      [{ callId: 'has space', event: 'ringing' }, 400, /callId|pattern/],
      [{ callId: 'b1', event: 'on_hold' }, 400, /event/],
      [{ callId: 'b1', event: 'ringing', callerNumber: '138-0000' }, 400, /callerNumber/],
      [{ callId: 'b1', event: 'ringing', extra: 1 }, 400, /extra|additional/],
      [{ callId: 'b1', event: 'ringing', at: 'yesterday' }, 400, /at|date-time/],
      [{ callId: 'b1', event: 'ringing', at: new Date(Date.now() + 3_600_000).toISOString() }, 400, /future/],
      [{ callId: 'b1', event: 'ringing', at: ago(3 * 86_400) }, 400, /24 hours/],
      [{ callId: 'never-rang', event: 'answered', username: 'test-dispatcher' }, 409, /never reported ringing/],
      [{ callId: 'b1', event: 'answered', callerNumber: '1' }, 400, /ringing event/],
      [{ callId: 'b1', event: 'answered', username: 'wang\u202e' }, 400, /username/],
    ];
    for (const [payload, status, message] of bad) {
      const res = await pbx(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json<{ message: string }>().message).toMatch(message);
    }
    expect((await pbx({ callId: 'b2', event: 'ringing' })).statusCode).toBe(200);
    const unknownSeat = await pbx({ callId: 'b2', event: 'answered', username: 'nobody-here' });
    expect(unknownSeat.statusCode).toBe(422);
    const early = await pbx({ callId: 'b2', event: 'answered', at: ago(3600) });
    expect(early.statusCode).toBe(422);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/telephony/events',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      payload: 'ringing',
    });
    expect(notJson.statusCode).toBe(415);
  });

  it('applies each (call id, event) once: a resend answers the stored call and writes nothing', async () => {
    const before = await callEvents();
    const ring = { callId: 'idem-1', event: 'ringing', callerNumber: '13900000002', line: 'trunk-1' };
    const first = await pbx(ring);
    expect(first.statusCode).toBe(200);
    const r1 = first.json<TelephonyEventResult>();
    expect(r1.duplicate).toBe(false);
    expect(r1.call).toMatchObject({ status: 'ringing', callerNumber: '13900000002', line: 'trunk-1' });
    const again = (await pbx(ring)).json<TelephonyEventResult>();
    expect(again.duplicate).toBe(true);
    expect(again.call.id).toBe(r1.call.id);
    const answer = { callId: 'idem-1', event: 'answered', seat: '8001', username: 'TEST-dispatcher' };
    const a1 = (await pbx(answer)).json<TelephonyEventResult>();
    expect(a1.call).toMatchObject({ status: 'answered', seat: '8001', answeredByName: 'test-dispatcher' });
    expect(a1.call.ringSeconds).toBeGreaterThanOrEqual(0);
    const results = await Promise.all([pbx(answer), pbx(answer)]);
    expect(results.map((r) => r.json<TelephonyEventResult>().duplicate)).toEqual([true, true]);
    expect(await callEvents()).toBe(before + 2);
    const ended = (await pbx({ callId: 'idem-1', event: 'ended' })).json<TelephonyEventResult>();
    expect(ended.call.status).toBe('ended');
    expect((await pbx({ callId: 'idem-1', event: 'abandoned' })).statusCode).toBe(409);
    const { rows } = await t.db.query<{ type: string; payload: { call: CallView } }>(
      `SELECT type, payload FROM events WHERE type LIKE 'call.%' AND payload->'call'->>'externalId' = 'idem-1'
       ORDER BY seq`,
    );
    expect(rows.map((r) => r.type)).toEqual(['call.ringing', 'call.answered', 'call.ended']);
  });

  it('concurrent first deliveries of one ringing event make one call', async () => {
    const ring = { callId: 'race-1', event: 'ringing', callerNumber: '13900000009' };
    const results = await Promise.all(Array.from({ length: 5 }, () => pbx(ring)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => !r.json<TelephonyEventResult>().duplicate)).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT 1 FROM calls WHERE external_id = 'race-1'`);
    expect(rows).toHaveLength(1);
  });

  it('an incident created from a call carries it; its answer time is 受理; a second incident from it is refused', async () => {
    await pbx({ callId: 'inc-1', event: 'ringing', callerNumber: '13700000003', at: ago(20) });
    const answered = (
      await pbx({ callId: 'inc-1', event: 'answered', username: 'test-dispatcher', at: ago(14) })
    ).json<TelephonyEventResult>().call;
    const res = await createIncident({ callerPhone: '137 0000 0003', callId: answered.id });
    expect(res.statusCode).toBe(201);
    const incident = res.json<IncidentView>();
    expect(incident.callReceivedAt).toBe(answered.answeredAt);
    const call = (await t.inject(`/api/calls/${answered.id}`)).json<CallView>();
    expect(call).toMatchObject({ incidentId: incident.id, linkKind: 'created' });
    const linked = await t.db.query<{ incident_id: number; type: string }>(
      `SELECT incident_id, type FROM events WHERE incident_id = $1 ORDER BY seq`,
      [incident.id],
    );
    expect(linked.rows.map((r) => r.type)).toEqual(['incident.created', 'call.linked']);
    expect((await createIncident({ callId: answered.id })).statusCode).toBe(409);
    expect((await createIncident({ callId: 987_654 })).statusCode).toBe(422);
    await pbx({ callId: 'inc-unanswered', event: 'ringing', callerNumber: '13700000004' });
    const ringing = (await t.db.query<{ id: number }>(`SELECT id FROM calls WHERE external_id = 'inc-unanswered'`))
      .rows[0];
    expect((await createIncident({ callId: Number(ringing?.id) })).statusCode).toBe(409);
  });

  it('the popup shows the number’s earlier calls and incidents, flags a repeat, and attaches the call to it', async () => {
    await pbx({ callId: 'rep-1', event: 'ringing', callerNumber: '13600000005', at: ago(600) });
    const first = (
      await pbx({ callId: 'rep-1', event: 'answered', username: 'test-dispatcher', at: ago(595) })
    ).json<TelephonyEventResult>().call;
    const incident = (await createIncident({ callerPhone: '136-0000-0005', callId: first.id })).json<IncidentView>();
    await pbx({ callId: 'rep-1', event: 'ended', at: ago(500) });
    await pbx({ callId: 'rep-2', event: 'ringing', callerNumber: '13600000005' });
    const second = (
      await pbx({ callId: 'rep-2', event: 'answered', username: 'test-dispatcher' })
    ).json<TelephonyEventResult>().call;
    const ctx = (await t.inject(`/api/calls/${second.id}/context`)).json<CallContext>();
    expect(ctx.earlierCalls.map((c) => c.id)).toEqual([first.id]);
    expect(ctx.incidents.map((i) => i.id)).toEqual([incident.id]);
    expect(ctx.repeatOf.map((i) => i.id)).toEqual([incident.id]);
    // Another number sees nothing of it.
    await pbx({ callId: 'other-1', event: 'ringing', callerNumber: '13600000006' });
    const other = (await t.db.query<{ id: number }>(`SELECT id FROM calls WHERE external_id = 'other-1'`)).rows[0];
    const otherCtx = (await t.inject(`/api/calls/${Number(other?.id)}/context`)).json<CallContext>();
    expect(otherCtx.repeatOf).toEqual([]);
    expect(otherCtx.incidents).toEqual([]);

    const attach = (id: number, incidentId: number) =>
      t.inject({ method: 'POST', url: `/api/calls/${id}/attach`, payload: { incidentId } });
    const attached = await attach(second.id, incident.id);
    expect(attached.statusCode).toBe(200);
    expect(attached.json<CallView>()).toMatchObject({ incidentId: incident.id, linkKind: 'attached' });
    const ev = await t.db.query<{ actor: string }>(
      `SELECT actor FROM events WHERE type = 'call.linked' AND incident_id = $1 ORDER BY seq DESC LIMIT 1`,
      [incident.id],
    );
    expect(ev.rows[0]?.actor).toMatch(/^user:\d+$/);
    expect((await attach(second.id, incident.id)).statusCode).toBe(409);
    expect((await attach(Number(other?.id), 987_654)).statusCode).toBe(422);
    expect((await attach(987_654, incident.id)).statusCode).toBe(404);
    const bad = await t.inject({ method: 'POST', url: `/api/calls/${Number(other?.id)}/attach`, payload: {} });
    expect(bad.statusCode).toBe(400);
    // A closed incident takes no more calls; an official or a crew may not attach.
    await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/close`,
      payload: { reason: 'phone_advice' },
    });
    expect((await attach(Number(other?.id), incident.id)).statusCode).toBe(409);
    const official = await t.as('official');
    expect(
      (await official({ method: 'POST', url: `/api/calls/${second.id}/attach`, payload: { incidentId: 1 } }))
        .statusCode,
    ).toBe(403);
  });

  it('computes the 10-second answer rate and abandoned calls in SQL for the period', async () => {
    // Four calls rang two hours ago: answered after 4 s, 10 s (within), 25 s (late), and one abandoned.
    const base = Date.now() - 2 * 3_600_000;
    const at = (s: number) => new Date(base + s * 1000).toISOString();
    const calls: [string, number | null][] = [
      ['kpi-a', 4],
      ['kpi-b', 10],
      ['kpi-c', 25],
      ['kpi-d', null],
    ];
    for (const [id, answerAfter] of calls) {
      expect((await pbx({ callId: id, event: 'ringing', callerNumber: '13500000007', at: at(0) })).statusCode).toBe(
        200,
      );
      if (answerAfter !== null) {
        await pbx({ callId: id, event: 'answered', username: 'test-dispatcher', at: at(answerAfter) });
        await pbx({ callId: id, event: 'ended', at: at(120) });
      } else {
        const gone = (await pbx({ callId: id, event: 'ended', at: at(30) })).json<TelephonyEventResult>();
        expect(gone.call.status).toBe('abandoned');
      }
    }
    // Answer → dispatch: the incident taken from kpi-a got its first unit 30 s after the answer.
    const a = (await t.db.query<{ id: number }>(`SELECT id FROM calls WHERE external_id = 'kpi-a'`)).rows[0];
    const inc = (await createIncident({ callId: Number(a?.id) })).json<IncidentView>();
    await t.db.query(`UPDATE incidents SET first_dispatched_at = $2 WHERE id = $1`, [inc.id, at(34)]);

    const q = `/api/analytics/calls?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(600))}`;
    const res = await t.inject(q);
    expect(res.statusCode).toBe(200);
    const k = res.json<CallAnalytics>();
    expect(k).toMatchObject({
      offered: 4,
      answered: 3,
      answeredWithin10s: 2,
      answerRate10s: 0.5,
      answerRateTarget: 0.95,
      abandoned: 1,
      ringToAnswerP50: 10,
      answerToDispatchP50: 30,
      answerToDispatchCount: 1,
    });
    const empty = (
      await t.inject(`/api/analytics/calls?from=${encodeURIComponent(at(-7200))}&to=${encodeURIComponent(at(-3600))}`)
    ).json<CallAnalytics>();
    expect(empty).toMatchObject({ offered: 0, answerRate10s: null, abandoned: 0 });
    expect((await t.inject(`/api/analytics/calls?from=x&to=y`)).statusCode).toBe(400);
    const crew = await t.as(
      'crew',
      Number((await t.db.query<{ id: number }>(`SELECT id FROM units LIMIT 1`)).rows[0]?.id),
    );
    expect((await crew(q)).statusCode).toBe(403);
  });

  it('sends call events (callers’ numbers) to the desk and officials, never to crews or health centres', async () => {
    const { rows } = await t.db.query<EventFrame>(
      `SELECT DISTINCT ON (type) seq, type, at, actor, payload FROM events WHERE type LIKE 'call.%' ORDER BY type, seq`,
    );
    expect(rows.map((r) => r.type).sort()).toEqual(['call.answered', 'call.ended', 'call.linked', 'call.ringing']);
    const user = (role: SessionUser['role']): SessionUser => ({
      id: 1,
      username: role,
      displayName: role,
      role,
      unitId: role === 'crew' ? 1 : null,
      townshipCode: role === 'health_centre' ? 'T1' : null,
      sessionId: 1,
      service: false,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    for (const frame of rows) {
      expect(eventFilterFor(user('crew'))?.(frame)).toBe(false);
      expect(eventFilterFor(user('health_centre'))?.(frame)).toBe(false);
      expect(eventFilterFor(user('dispatcher'))).toBeNull();
      expect(eventFilterFor(user('official'))).toBeNull();
    }
  });
});
