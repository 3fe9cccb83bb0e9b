/**
 * The phone line, second part (issue 13): the caller's position from the PBX seam (carrier/AML feed) and from
 * the one-time location link, repeat calls by number and by distance with linking (重复呼救) and the incident's
 * call count, and the mass-casualty unit set (群体伤) covering the patients, sent in one action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testEngine } from '@c120/db/testing';
import type { IncidentView } from '../contracts/views.ts';
import type {
  CallContext,
  CallView,
  IncidentCalls,
  LocationLinkResult,
  TelephonyEventResult,
} from '../contracts/telephony.ts';
import type { MassCasualtyDispatchResult, MassCasualtyPlan } from '../contracts/mass-casualty.ts';
import { DEFAULT_PHONE_LINE_CONFIG } from '../services/phone-line-config.ts';
import { HttpSmsGateway } from '../services/sms-gateway.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LAT, type TestApp } from '../testing/app.ts';

const TOKEN = 'pbx-gateway-secret-0123456789';
const SCENE = { lon: 119.6, lat: 32.0 };
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

describe(`caller location, repeat calls and mass casualty on ${testEngine()}`, () => {
  let t: TestApp;
  let seq = 0;

  beforeAll(async () => {
    t = await buildTestApp({
      telephonyToken: TOKEN,
      phoneLine: {
        ...DEFAULT_PHONE_LINE_CONFIG,
        repeatRadiusM: 300,
        massCasualtyThreshold: 5,
        locationLinkPerMinute: 0,
      },
    });
    await t.token('dispatcher');
  });
  afterAll(async () => {
    await t?.close();
  });

  const pbx = (payload: Record<string, unknown>, authorization: string | null = `Bearer ${TOKEN}`) =>
    t.app.inject({
      method: 'POST',
      url: '/api/telephony/events',
      headers: authorization ? { authorization } : {},
      payload,
    });
  /** A call that rang and was answered at test-dispatcher's seat. */
  async function answeredCall(number: string | null, rangAgo = 5): Promise<{ callId: string; id: number }> {
    const callId = `c-${++seq}`;
    const at = rangAgo > 0 ? { at: ago(rangAgo) } : {};
    const ring = await pbx({ callId, event: 'ringing', ...at, ...(number ? { callerNumber: number } : {}) });
    expect(ring.statusCode).toBe(200);
    const res = await pbx({ callId, event: 'answered', seat: '8001', username: 'test-dispatcher' });
    expect(res.statusCode).toBe(200);
    return { callId, id: res.json<TelephonyEventResult>().call.id };
  }
  const createIncident = async (body: Record<string, unknown>) => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: SCENE, complaint: '胸痛', priority: 1, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<IncidentView>();
  };
  const context = async (id: number) =>
    (await t.inject({ method: 'GET', url: `/api/calls/${id}/context` })).json<CallContext>();
  const located = async () =>
    Number(
      (await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE type = 'call.located'`)).rows[0]?.n,
    );

  it('takes a carrier fix on the seam with its accuracy radius, once, only with the telephony token', async () => {
    const { callId, id } = await answeredCall('13900000001');
    const fix = { callId, event: 'location', location: SCENE, accuracyM: 800, source: 'carrier', at: ago(2) };
    expect((await pbx(fix, null)).statusCode).toBe(401);
    expect((await pbx(fix, `Bearer ${await t.token('dispatcher')}`)).statusCode).toBe(401);
    const before = await located();
    const res = await pbx(fix);
    expect(res.statusCode, res.body).toBe(200);
    const call = res.json<TelephonyEventResult>().call;
    expect(call.location).toMatchObject({ lon: SCENE.lon, lat: SCENE.lat, accuracyM: 800, source: 'carrier' });
    expect(call.incidentId).toBeNull(); // a hint, never an incident point by itself
    // A resend of the same fix changes nothing.
    const again = await pbx(fix);
    expect(again.json<TelephonyEventResult>().duplicate).toBe(true);
    expect(await located()).toBe(before + 1);
    const stored = await t.db.query<{ srid: number }>(
      `SELECT ST_SRID(geom) AS srid FROM call_locations WHERE call_id = $1`,
      [id],
    );
    expect(stored.rows.map((r) => Number(r.srid))).toEqual([4326]);
    // Refusals with a reason.
    const bad: [Record<string, unknown>, number, RegExp][] = [
      [{ callId, event: 'location', location: SCENE }, 400, /accuracyM/],
      [{ callId, event: 'location', location: SCENE, accuracyM: 0 }, 400, /accuracyM/],
      [{ callId, event: 'location', location: { lon: 200, lat: 0 }, accuracyM: 5 }, 400, /lon/],
      [{ callId, event: 'location', location: SCENE, accuracyM: 5, source: 'link' }, 400, /source/],
      [{ callId, event: 'ended', location: SCENE }, 400, /location event/],
      [{ callId: 'nobody', event: 'location', location: SCENE, accuracyM: 5 }, 409, /never reported ringing/],
    ];
    for (const [payload, status, message] of bad) {
      const r = await pbx(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.json<{ message: string }>().message).toMatch(message);
    }
  });

  it('a location link opened by the caller puts the position on the call once; reused, expired or unknown links are refused', async () => {
    const { id } = await answeredCall('13900000002');
    const make = await t.inject({ method: 'POST', url: `/api/calls/${id}/location-link`, payload: { sms: false } });
    expect(make.statusCode, make.body).toBe(200);
    const link = make.json<LocationLinkResult>();
    expect(link.sms).toBe('not_sent');
    const token = /\/l\/([A-Za-z0-9_-]{43})$/.exec(link.url)?.[1] ?? '';
    expect(token).toHaveLength(43);
    // Stored hashed, never the token or the number.
    const stored = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM call_location_links WHERE call_id = $1',
      [id],
    );
    expect(stored.rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(link.url).not.toContain('13900000002');

    // The caller's page: no session. The status says nothing about the call or the incident.
    const status = await t.app.inject({ method: 'GET', url: `/api/locate/${token}` });
    expect(status.statusCode).toBe(200);
    expect(Object.keys(status.json<Record<string, unknown>>()).sort()).toEqual(['expiresAt', 'open']);
    const post = (tok: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/locate/${tok}`,
        payload: { lon: SCENE.lon + 0.001, lat: SCENE.lat, accuracyM: 25 },
      });
    const before = await located();
    const ok = await post(token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ accepted: true });
    expect(await located()).toBe(before + 1);
    const call = (await t.inject({ method: 'GET', url: `/api/calls/${id}` })).json<CallView>();
    expect(call.location).toMatchObject({ lon: SCENE.lon + 0.001, accuracyM: 25, source: 'link' });

    const reused = await post(token);
    expect(reused.statusCode).toBe(410);
    expect(reused.json<{ code: string }>().code).toBe('link_used');
    expect((await t.app.inject({ method: 'GET', url: `/api/locate/${token}` })).statusCode).toBe(410);

    // A position taken before the link was made (a cached fix) is refused.
    const cached = await t.app.inject({
      method: 'POST',
      url: `/api/locate/${token}`,
      payload: { lon: SCENE.lon, lat: SCENE.lat, accuracyM: 25, at: ago(3600) },
    });
    expect(cached.statusCode).toBe(410); // used already: the link's state is judged first

    const unknown = await post('B'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect((await post('short')).statusCode).toBe(400);

    // Expired: a second link, aged past its expiry.
    const second = (
      await t.inject({ method: 'POST', url: `/api/calls/${id}/location-link`, payload: { sms: false } })
    ).json<LocationLinkResult>();
    const token2 = second.url.slice(-43);
    await t.db.query(
      `UPDATE call_location_links SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second'
       WHERE call_id = $1 AND used_at IS NULL`,
      [id],
    );
    const expired = await post(token2);
    expect(expired.statusCode).toBe(410);
    expect(expired.json<{ code: string }>().code).toBe('link_expired');
    // A newer link replaces an older unused one.
    const third = (
      await t.inject({ method: 'POST', url: `/api/calls/${id}/location-link`, payload: { sms: false } })
    ).json<LocationLinkResult>();
    const fourth = (
      await t.inject({ method: 'POST', url: `/api/calls/${id}/location-link`, payload: { sms: false } })
    ).json<LocationLinkResult>();
    expect((await post(third.url.slice(-43))).json<{ code: string }>().code).toBe('link_revoked');
    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/locate/${fourth.url.slice(-43)}`,
      payload: { lon: SCENE.lon, lat: SCENE.lat, accuracyM: 25, at: ago(3600) },
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json<{ code: string }>().code).toBe('stale_position');
    expect((await post(fourth.url.slice(-43))).statusCode).toBe(200);
  });

  it('sends the link by SMS through the HTTP gateway adapter; a withheld number cannot get one', async () => {
    const received: { auth: string | undefined; body: { to: string; text: string } }[] = [];
    const server: Server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(data) as { to: string; text: string } });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    try {
      const gateway = new HttpSmsGateway(url, 'sms-secret');
      expect(await gateway.send('13900000003', '测试')).toMatchObject({ status: 'sent' });
      expect(received[0]).toEqual({ auth: 'Bearer sms-secret', body: { to: '13900000003', text: '测试' } });
      expect((await new HttpSmsGateway('http://127.0.0.1:1/none', null).send('1', 'x')).status).toBe('failed');
    } finally {
      server.close();
    }
    const { id } = await answeredCall(null);
    const res = await t.inject({ method: 'POST', url: `/api/calls/${id}/location-link`, payload: { sms: true } });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ code: string }>().code).toBe('no_caller_number');
  });

  it('warns of a repeat call by number and by distance to an open incident, and links it (重复呼救); the incident counts its calls', async () => {
    const first = await answeredCall('13900000010');
    const incident = await createIncident({ callId: first.id, callerPhone: '13900000010', patients: 1 });
    // Same number.
    const byNumber = await answeredCall('13900000010', 0); // rings after the incident was received
    const ctx1 = await context(byNumber.id);
    expect(ctx1.repeatOf.map((i) => i.id)).toContain(incident.id);
    // Another number, its caller ~150 m from the incident (carrier fix): a repeat by place.
    const byPlace = await answeredCall('13900000011');
    const near = { lon: SCENE.lon, lat: SCENE.lat + 150 / M_PER_DEG_LAT };
    expect(
      (await pbx({ callId: byPlace.callId, event: 'location', location: near, accuracyM: 50, source: 'aml' }))
        .statusCode,
    ).toBe(200);
    const ctx2 = await context(byPlace.id);
    expect(ctx2.repeatOf).toEqual([]);
    const hit = ctx2.nearby.find((i) => i.id === incident.id);
    expect(hit?.distanceM).toBeGreaterThan(120);
    expect(hit?.distanceM).toBeLessThan(180);
    // A caller 1 km away is not flagged.
    const far = await answeredCall('13900000012');
    await pbx({
      callId: far.callId,
      event: 'location',
      location: { lon: SCENE.lon, lat: SCENE.lat + 1000 / M_PER_DEG_LAT },
      accuracyM: 50,
    });
    expect((await context(far.id)).nearby.map((i) => i.id)).not.toContain(incident.id);

    for (const c of [byNumber, byPlace]) {
      const res = await t.inject({
        method: 'POST',
        url: `/api/calls/${c.id}/attach`,
        payload: { incidentId: incident.id },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<CallView>()).toMatchObject({ incidentId: incident.id, linkKind: 'attached' });
    }
    const calls = (await t.inject({ method: 'GET', url: `/api/incidents/${incident.id}/calls` })).json<IncidentCalls>();
    expect(calls.calls.map((c) => c.linkKind)).toEqual(['created', 'attached', 'attached']);
    // Linked: no longer flagged.
    expect((await context(byPlace.id)).nearby).toEqual([]);
    expect((await t.inject({ method: 'GET', url: '/api/incidents/999999/calls' })).statusCode).toBe(404);
  });

  it('recommends a unit set covering a mass-casualty triage (ALS for the critical) and sends it in one action', async () => {
    const c = { lon: 119.7, lat: 32.1 };
    const ids = await insertUnits(t.db, [
      { code: 'm1', kind: 'monitoring_ambulance', capabilities: ['als', 'bls'], lon: c.lon + 0.01, lat: c.lat },
      { code: 'm2', kind: 'monitoring_ambulance', capabilities: ['als', 'bls'], lon: c.lon + 0.02, lat: c.lat },
      { code: 'b1', kind: 'basic_ambulance', capabilities: ['bls'], lon: c.lon + 0.005, lat: c.lat },
      { code: 'b2', kind: 'basic_ambulance', capabilities: ['bls'], lon: c.lon + 0.015, lat: c.lat },
      { code: 'b3', kind: 'basic_ambulance', capabilities: ['bls'], lon: c.lon + 0.025, lat: c.lat },
      { code: 'b4', kind: 'basic_ambulance', capabilities: ['bls'], lon: c.lon + 0.03, lat: c.lat },
      { code: 'p1', kind: 'patrol_clinic', capabilities: ['bls'], lon: c.lon + 0.001, lat: c.lat },
    ]);
    const incident = await createIncident({ location: c, patients: 8, complaint: '车祸多人受伤' });
    const triage = { critical: 2, serious: 3, minor: 3 };
    const res = await t.inject({
      method: 'GET',
      url: `/api/incidents/${incident.id}/mass-casualty?critical=2&serious=3&minor=3`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<MassCasualtyPlan>();
    expect(plan.massCasualty).toBe(true);
    expect(plan.patients).toBe(8);
    const covered = plan.picks.reduce((n, p) => n + p.patients, 0);
    expect(covered).toBe(8); // every patient has a place
    expect(plan.shortfall).toEqual({ critical: 0, serious: 0, minor: 0 });
    const critical = plan.picks.filter((p) => p.covers === 'critical').map((p) => p.recommendation.unit.id);
    expect(critical.sort()).toEqual([ids.m1, ids.m2].sort());
    expect(plan.picks.map((p) => p.recommendation.unit.id)).not.toContain(ids.p1); // does not transport
    expect(plan.status).toMatchObject({ unitsNeeded: 6, unitsRequested: 0, unitsSent: 0, unitsOnScene: 0 });

    // Another dispatcher takes one of the set meanwhile: it is refused and reported, the rest go.
    const taken = plan.picks.find((p) => p.covers === 'minor')?.recommendation.unit.id ?? 0;
    const other = await createIncident({ location: c, patients: 1, complaint: '头晕', priority: 3 });
    expect(
      (await t.inject({ method: 'POST', url: `/api/incidents/${other.id}/assignments`, payload: { unitId: taken } }))
        .statusCode,
    ).toBe(201);
    const unitIds = plan.picks.map((p) => p.recommendation.unit.id);
    const sent = await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/mass-casualty`,
      payload: { triage, unitIds },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const result = sent.json<MassCasualtyDispatchResult>();
    expect(result.refused.map((r) => r.unitId)).toEqual([taken]);
    expect(result.request.sentUnitIds.sort()).toEqual(unitIds.filter((u) => u !== taken).sort());
    expect(result.status).toMatchObject({ unitsNeeded: 6, unitsRequested: 6, unitsSent: 5, unitsOnScene: 0 });
    const active = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM assignments WHERE incident_id = $1 AND status = 'active'`,
      [incident.id],
    );
    expect(Number(active.rows[0]?.n)).toBe(5);
    // The next plan counts the units on it first and asks only for what is missing.
    const again = (
      await t.inject({ method: 'GET', url: `/api/incidents/${incident.id}/mass-casualty` })
    ).json<MassCasualtyPlan>();
    expect(again.triage).toEqual(triage);
    // Units on it cover the critical and serious; the taken unit's minor patients have no unit left (请求支援).
    expect(again.coveredByActive).toEqual({ critical: 2, serious: 3, minor: 0 });
    expect(again.picks).toEqual([]);
    expect(again.shortfall).toEqual({ critical: 0, serious: 0, minor: 3 });
    // Bad input: a 4xx with a reason.
    const bad = await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/mass-casualty`,
      payload: { triage, unitIds: [] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`the caller's location page is rate-limited per address on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ phoneLine: { ...DEFAULT_PHONE_LINE_CONFIG, locationLinkPerMinute: 3 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with retry-after past LOCATION_LINK_PER_MINUTE, before looking the token up', async () => {
    const url = `/api/locate/${'C'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const limited = await t.app.inject({ method: 'POST', url, payload: { lon: 119.6, lat: 32, accuracyM: 10 } });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json<{ code: string }>().code).toBe('rate_limited');
  });
});
