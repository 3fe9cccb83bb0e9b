/**
 * The simulator's planned work and phone line against a real listening core (test database with the demo
 * county, device servers on ephemeral ports), on the engine under test:
 * - a mobile hospital with a round (巡诊) today drives its stops through its own device protocol, and core's visit
 *   geofence records arrival and departure at every stop from that GPS; the crew enters people served and the
 *   round is completed;
 * - an emergency at a village diverts a van on its round (a second simulator, whose every stop brings one): the
 *   round pauses with the gap, resumes when the van is 待命 again, and the remaining stop is recorded after it;
 * - the simulator's calls ring through the telephony seam (TELEPHONY_TOKEN): answered ones become incidents
 *   linked to their call, abandoned ones do not, and /api/analytics/calls counts both as the simulated PBX did;
 * - a booked transfer (预约转运) arrives through the API, the stand-in dispatcher schedules and starts it, and the
 *   run ends at the booked destination.
 * Time runs ×150 (driving ×100), the stop dwell is 2 s, so the whole file runs in well under a minute.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { Database } from '@c120/db';
import type { CallAnalytics, CallView, IncidentDetail, RoundView, TransferView } from '@c120/dispatch-core/contracts';
import { startServer, type RunningServer } from '@c120/dispatch-core';
import { serviceSession } from '@c120/dispatch-core';
import { loadConfig } from '@c120/dispatch-core';
import { seedDevices } from './devices.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';
import { shanghaiDate } from './planned-client.ts';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const VAN = 'DY120-26'; // 流动医院, 司徒镇

describe(`simulator rounds, phone line and bookings against a real core on ${testEngine()}`, () => {
  let db: Database;
  let server: RunningServer;
  let sim: RunningSimulator;
  let token: string;
  let roundId = 0;
  let vanId = 0;
  const started = new Date();
  const lines: string[] = [];
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
    const telephonyToken = randomBytes(24).toString('base64url');
    server = await startServer(
      db,
      loadConfig(
        {},
        {
          port: 0,
          logLevel: 'warn',
          geofenceDwellSeconds: 1,
          roundStopDwellSeconds: 2,
          positionTickMs: 20,
          telephonyToken,
        },
      ),
      () => {},
      { ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' }, config: { pipeline: { maxSpeedKmh: 7500 } } },
    );
    token = await serviceSession(db, server.app.core.auth, 'simulator', '模拟器');

    // Today's round for the mobile hospital: the three villages nearest its station, due now.
    const van = await db.query<{ id: number; lon: number; lat: number }>(
      `UPDATE units u SET township_code = '321181100' WHERE code = $1
       RETURNING id, ST_X((SELECT geom FROM stations s WHERE s.id = u.station_id)) AS lon,
                 ST_Y((SELECT geom FROM stations s WHERE s.id = u.station_id)) AS lat`,
      [VAN],
    );
    vanId = Number(van.rows[0]?.id);
    const villages = await db.query<{ id: number }>(
      `SELECT id FROM places WHERE kind = 'village'
       ORDER BY ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)) LIMIT 3`,
      [Number(van.rows[0]?.lon), Number(van.rows[0]?.lat)],
    );
    const now = new Date().toISOString();
    const round = await api<RoundView>('/api/rounds', 'POST', {
      unitId: vanId,
      date: shanghaiDate(Date.now()),
      stops: villages.rows.map((v) => ({ placeId: Number(v.id), purpose: 'health_check', plannedAt: now })),
    });
    roundId = round.id;

    // The van and a handful of ambulances (with 监护 and 负压 among them) are played.
    const devices = await seedDevices();
    const units = await api<{ code: string; kind: string; capabilities: string[] }[]>('/api/units');
    const pick = new Set([VAN, ...units.filter((u) => u.kind.endsWith('_ambulance')).map((u) => u.code)]);
    sim = await startSimulator({
      coreUrl: server.url,
      token,
      telephonyToken,
      devices: devices.filter((d) => pick.has(d.unitCode)),
      jt808: { host: '127.0.0.1', port: server.devices.jt808Port ?? 0 },
      osmandUrl: `http://127.0.0.1:${server.devices.osmandPort ?? 0}`,
      timeScale: 150,
      ingestMaxSpeedKmh: 7500,
      callRatePerHour: 0,
      autoDispatchAfterSeconds: 20,
      crew: { arrivalGraceS: 600, departureDelayS: [20, 40], onSceneS: [60, 90], atHospitalS: [60, 60] },
      // Short stays (the geofence needs 2 s of fixes at a stop; the van waits for it whatever the stay).
      rounds: { serviceMinutes: [3, 5], diversionShare: 0, refreshS: 60 },
      bookings: { perHour: 0, leadMinutes: [1, 2], startBeforeMinutes: 30, reviewS: 60 },
      // Half the calls answered late, a quarter abandoned: both counts are exercised.
      pbx: { answeredWithin10sShare: 0.5, abandonShare: 0.25, slowAnswerS: [11, 20], talkS: [30, 60] },
      seed: 7,
      log: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    if (process.env.SIM_TEST_LOG) console.log(lines.join('\n'));
    await sim?.stop();
    await server?.close();
    await db?.close();
  });

  it('records the van’s arrival and departure at every stop from its own GPS, and completes the round', async () => {
    const done = await eventually(
      async () => {
        const r = await api<RoundView>(`/api/rounds/${roundId}`);
        return r.status === 'completed' ? r : undefined;
      },
      45_000,
      'the round completed',
    );
    expect(done.stops).toHaveLength(3);
    for (const stop of done.stops) {
      expect(stop.arrivalSource).toBe('geofence');
      expect(stop.arrivedAt).not.toBeNull();
      expect(stop.departedAt).not.toBeNull();
      expect(Date.parse(stop.departedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(stop.arrivedAt ?? ''));
      expect(stop.state).toBe('visited');
      expect(stop.served.health_check).toBeGreaterThan(0);
    }
    // In order, one after another.
    const arrivals = done.stops.map((s) => Date.parse(s.arrivedAt ?? ''));
    expect([...arrivals].sort((a, b) => a - b)).toEqual(arrivals);
    expect(sim.stats().planned.rounds?.confirmedByHand).toBe(0);
  }, 60_000);

  it('an emergency in the village diverts a van on its round; the round shows the gap and resumes after', async () => {
    // A second van, played by a second simulator whose every stop brings an emergency (the first plays the rest).
    const van = await db.query<{ id: number; lon: number; lat: number }>(
      `UPDATE units u SET township_code = '321181102' WHERE code = 'DY120-27'
       RETURNING id, ST_X((SELECT geom FROM stations s WHERE s.id = u.station_id)) AS lon,
                 ST_Y((SELECT geom FROM stations s WHERE s.id = u.station_id)) AS lat`,
    );
    const id = Number(van.rows[0]?.id);
    const villages = await db.query<{ id: number }>(
      `SELECT id FROM places WHERE kind = 'village'
       ORDER BY ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)) LIMIT 2`,
      [Number(van.rows[0]?.lon), Number(van.rows[0]?.lat)],
    );
    const now = new Date().toISOString();
    const planned = await api<RoundView>('/api/rounds', 'POST', {
      unitId: id,
      date: shanghaiDate(Date.now()),
      stops: villages.rows.map((v) => ({ placeId: Number(v.id), purpose: 'chronic_followup', plannedAt: now })),
    });
    const devices = (await seedDevices()).filter((d) => d.unitCode === 'DY120-27');
    const second = await startSimulator({
      coreUrl: server.url,
      token,
      devices,
      jt808: { host: '127.0.0.1', port: server.devices.jt808Port ?? 0 },
      osmandUrl: `http://127.0.0.1:${server.devices.osmandPort ?? 0}`,
      timeScale: 150,
      ingestMaxSpeedKmh: 7500,
      callRatePerHour: 0,
      autoDispatchAfterSeconds: null,
      crew: { arrivalGraceS: 600, departureDelayS: [20, 40], onSceneS: [60, 90], atHospitalS: [60, 60] },
      rounds: { serviceMinutes: [3, 5], diversionShare: 1, refreshS: 60 },
      bookings: { perHour: 0 },
      seed: 8,
      log: (line) => lines.push(`[2] ${line}`),
    });
    try {
      // Paused by the emergency: the gap names the incident, and the van was sent to it.
      const paused = await eventually(
        async () => {
          const r = await api<RoundView>(`/api/rounds/${planned.id}`);
          return r.diversions.length > 0 ? r : undefined;
        },
        30_000,
        'the diversion',
      );
      const incident = await api<IncidentDetail>(`/api/incidents/${paused.diversions[0]?.incidentId}`);
      expect(incident.incident.assignments.map((a) => a.unitId)).toContain(id);
      expect(paused.stops[0]?.arrivalSource).toBe('geofence');
      // The run ends, the van is 待命 again, the round resumes and its GPS records the remaining stop.
      const done = await eventually(
        async () => {
          const r = await api<RoundView>(`/api/rounds/${planned.id}`);
          return r.status === 'completed' ? r : undefined;
        },
        50_000,
        'the round resumed and completed',
      );
      const gap = done.diversions[0];
      expect(gap?.endedAt).not.toBeNull();
      const last = done.stops[1];
      expect(last?.arrivalSource).toBe('geofence');
      expect(Date.parse(last?.arrivedAt ?? '')).toBeGreaterThan(Date.parse(gap?.endedAt ?? ''));
      expect(second.stats().planned.rounds?.diversions).toBeGreaterThanOrEqual(1);
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('rings calls through the telephony seam: answered ones become incidents, /analytics counts them', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => sim.raiseCall()));
    const phone = sim.stats().planned.phone;
    expect(phone).not.toBeNull();
    if (!phone) return;
    expect(phone.refused).toBe(0);
    expect(phone.rang).toBe(12);
    expect(phone.answered + phone.abandoned).toBe(12);
    expect(phone.abandoned).toBeGreaterThan(0);
    expect(phone.answeredWithin10s).toBeGreaterThan(0);
    expect(phone.answeredWithin10s).toBeLessThan(phone.answered);
    const incidents = ids.filter((id): id is number => id !== null);
    expect(incidents).toHaveLength(phone.answered);
    // Each incident was taken from its call: the call is linked, its answer time is the incident's 受理.
    const detail = await api<IncidentDetail>(`/api/incidents/${incidents[0]}`);
    const rows = await db.query<{ id: number }>('SELECT id FROM calls WHERE incident_id = $1', [incidents[0]]);
    const call = await api<CallView>(`/api/calls/${Number(rows.rows[0]?.id)}`);
    expect(call.linkKind).toBe('created');
    expect(call.answeredAt).not.toBeNull();
    expect(Date.parse(detail.incident.callReceivedAt)).toBe(Date.parse(call.answeredAt ?? ''));

    const k = await api<CallAnalytics>(
      // From before the test began: a ring is stamped back by what the time scale saved (up to the longest ring).
      `/api/analytics/calls?from=${new Date(started.getTime() - 600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(k.offered).toBe(12);
    expect(k.answered).toBe(phone.answered);
    expect(k.answeredWithin10s).toBe(phone.answeredWithin10s);
    expect(k.abandoned).toBe(phone.abandoned);
    expect(k.answerRate10s).toBeCloseTo(phone.answeredWithin10s / 12, 5);
    // The recorded ring → answer is the simulated delay, not the ×150 wall time.
    expect(k.ringToAnswerP90).toBeGreaterThan(10);
  }, 30_000);

  it('books a transfer through the API; the stand-in dispatcher schedules and starts it; it completes', async () => {
    const id = await sim.bookTransfer();
    expect(id).not.toBeNull();
    const booked = await api<TransferView>(`/api/transfers/${id}`);
    // Booked by the simulator's own account (its session), not by an identifier standing in for one.
    const me = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'simulator'`);
    expect(booked.bookedBy).toBe(`user:${Number(me.rows[0]?.id)}`);
    const done = await eventually(
      async () => {
        const t = await api<TransferView>(`/api/transfers/${id}`);
        return t.status === 'completed' ? t : undefined;
      },
      75_000,
      'the transfer completed',
    );
    expect(done.unitId).not.toBeNull();
    expect(done.pickedUpAt).not.toBeNull();
    const run = await api<IncidentDetail>(`/api/incidents/${done.incidentId}`);
    expect(run.incident.assignments[0]?.destinationHospitalId ?? run.incident.destinationHospitalId).toBe(
      done.toHospitalId,
    );
  }, 90_000);
});
