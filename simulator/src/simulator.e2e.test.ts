/**
 * The simulator against a real listening core (PostGIS test database with the demo county, JT/T 808 and OsmAnd
 * servers on ephemeral ports): its vehicles report through the device protocols, a simulated call is
 * auto-dispatched, and the crew drives the run through the lifecycle — arrival marked by the server's geofence.
 * Time runs ×150 (driving ×100, the ingest's jump limit raised to match) and the scripted waits are shortened,
 * so a whole run takes ~15 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { Database } from '@c120/db';
import type { IncidentDetail, UnitView } from '@c120/dispatch-core/contracts';
import { startServer, type RunningServer } from '@c120/dispatch-core';
import { serviceSession } from '@c120/dispatch-core';
import { loadConfig } from '@c120/dispatch-core';
import { loadSeedData, seedDemoCounty } from '@c120/db/seed';
import { seedDevices, syntheticFleet, type SimDevice } from './devices.ts';
import { loadGazetteer } from './gazetteer.ts';
import { metres, type LonLat } from './geo.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`simulator against a real core on ${testEngine()}`, () => {
  let db: Database;
  let server: RunningServer;
  let sim: RunningSimulator;
  let devices: SimDevice[];
  const lines: string[] = [];

  let token: string;
  const get = async <T>(path: string) =>
    (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
    server = await startServer(
      db,
      loadConfig({}, { port: 0, logLevel: 'warn', geofenceDwellSeconds: 1, positionTickMs: 20 }),
      () => {},
      { ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' }, config: { pipeline: { maxSpeedKmh: 7500 } } },
    );
    // As main.ts does for the in-process simulator: a service account's session.
    token = await serviceSession(db, server.app.core.auth, 'simulator', '模拟器');
    const county = await loadGazetteer();
    // Calls in the city centre (stations and the specialty hospitals are there) keep the drives short for a test.
    const centre = county.hospitals[0]?.at ?? county.townships[0]?.seat ?? [119.57, 32.0];
    const near = county.villages.filter((v) => metres(centre, v.at) < 2500);
    expect(near.length).toBeGreaterThan(0);
    devices = await seedDevices();
    sim = await startSimulator({
      coreUrl: server.url,
      token,
      jt808: { host: '127.0.0.1', port: server.devices.jt808Port ?? 0 },
      osmandUrl: `http://127.0.0.1:${server.devices.osmandPort ?? 0}`,
      timeScale: 150,
      ingestMaxSpeedKmh: 7500,
      callRatePerHour: 0,
      autoDispatchAfterSeconds: 20,
      bookings: { perHour: 0 }, // booked transfers have their own test (planned-work.e2e.test.ts)
      // Long enough for the geofence (1 s dwell) to mark arrival before the crew would tap it.
      crew: { arrivalGraceS: 600, departureDelayS: [20, 40], onSceneS: [60, 90], atHospitalS: [60, 60] },
      gazetteer: { ...county, villages: near },
      seed: 42,
      log: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    if (process.env.SIM_TEST_LOG) console.log(lines.join('\n'));
    await sim?.stop();
    await server?.close();
    await db?.close();
  });

  it('reports every unit’s position through JT/T 808 and Traccar Client HTTP', async () => {
    const byCode = new Map(devices.map((d) => [d.unitCode, d.protocol]));
    const units = await eventually(
      async () => {
        const list = await get<UnitView[]>('/api/units');
        return list.every((u) => !byCode.has(u.code) || u.fixAt !== null) ? list : undefined;
      },
      15_000,
      'a fix from every unit',
    );
    const reported = units.filter((u) => byCode.has(u.code));
    expect(reported).toHaveLength(devices.length);
    const stats = sim.stats();
    expect(stats.byProtocol.jt808).toBe(devices.filter((d) => d.protocol === 'jt808').length);
    expect(stats.byProtocol.osmand).toBe(devices.filter((d) => d.protocol === 'osmand').length);
    expect(stats.jt808Online).toBe(stats.byProtocol.jt808);
    expect(stats.osmand.acked).toBeGreaterThan(0);
    // The demo Traccar Client ids need their demo tokens (migration 0007): none may be refused as unauthorised
    // (a 503 under load is a retry, not a refusal).
    const m = server.app.core.ingest.metrics();
    expect(m['osmand_requests_total{status="401"}'] ?? 0).toBe(0);
    expect(m['osmand_requests_total{status="403"}'] ?? 0).toBe(0);
    expect(m['ingest_positions_rejected_total{reason="bad_secret"}'] ?? 0).toBe(0);
  });

  it('drives an auto-dispatched call through 出车, geofence arrival, transport and back to 待命', async () => {
    const incidentId = await sim.raiseCall();
    expect(incidentId).not.toBeNull();
    const detail = (path = `/api/incidents/${incidentId}`) => get<IncidentDetail>(path);

    const assignment = await eventually(
      async () => (await detail()).incident.assignments[0],
      10_000,
      'the auto-dispatch',
    );
    const unitId = assignment.unitId;
    const home = await get<UnitView>(`/api/units/${unitId}`);
    const station: LonLat = [home.position?.lon ?? 0, home.position?.lat ?? 0];

    // On the way: the unit is seen moving, away from its station, at road speed.
    const moving = await eventually(
      async () => {
        const u = await get<UnitView>(`/api/units/${unitId}`);
        const away = u.position ? metres([u.position.lon, u.position.lat], station) : 0;
        return u.status === 'en_route' && away > 50 && (u.speedKmh ?? 0) > 20 ? u : undefined;
      },
      10_000,
      'the unit driving',
    );
    expect(moving.speedKmh).toBeLessThan(70);

    const onScene = await eventually(
      async () => {
        const d = await detail();
        return d.statusChanges.find((c) => c.to === 'on_scene');
      },
      15_000,
      'arrival on scene',
    );
    expect(onScene.source).toBe('geofence');
    const departed = (await detail()).statusChanges.find((c) => c.to === 'en_route');
    expect(departed?.source).toBe('crew');

    // The run ends (transport to the suggested hospital, or 病人不去/车到人走/死亡不送) and the crew gets home.
    const closed = await eventually(
      async () => {
        const d = await detail();
        return d.incident.status === 'closed' ? d : undefined;
      },
      20_000,
      'the run to end',
    );
    // 待命 is tapped on arrival; the arrival fix follows within a second (one fix per device per second).
    await eventually(
      async () => {
        const u = await get<UnitView>(`/api/units/${unitId}`);
        const there = u.position ? metres([u.position.lon, u.position.lat], station) < 30 : false;
        return u.status === 'available' && there ? u : undefined;
      },
      15_000,
      'the unit available at its station',
    );
    const run = closed.incident.assignments[0];
    expect(['transported', 'declined', 'gone_on_arrival', 'deceased']).toContain(run?.outcome);
    if (run?.outcome === 'transported') {
      expect(run.destinationHospitalId).not.toBeNull();
      expect(closed.statusChanges.map((c) => c.to)).toEqual(
        expect.arrayContaining(['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']),
      );
    }
  }, 60_000);

  it('stored every fix: none dropped as a jump, a duplicate or an unknown device', async () => {
    const admin = await serviceSession(db, server.app.core.auth, 'metrics-reader', 'metrics', 'admin');
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    const bad = metrics
      .split('\n')
      .filter((l) => /^ingest_positions_(dropped|rejected)_total/.test(l) && !/ 0$/.test(l));
    expect(bad).toEqual([]);
    expect(lines.some((l) => l.includes('refused'))).toBe(false);
  });

  it('plays a synthetic fleet through JSON batches (the load transport)', async () => {
    // The caller creates the units and their credentials; here through the seed loader, as README.md shows.
    const data = await loadSeedData();
    const fleet = syntheticFleet(300, { stationCodes: data.stations.map((s) => s.code), prefix: 'LOAD' });
    await seedDemoCounty(db, { ...data, units: [...data.units, ...fleet.units] });
    const load = await startSimulator({
      coreUrl: server.url,
      token,
      devices: fleet.devices,
      transport: 'json',
      timeScale: 10,
      callRatePerHour: 0,
      autoDispatchAfterSeconds: null,
      seed: 1,
      log: () => {},
    });
    try {
      await eventually(
        async () => {
          const list = await get<UnitView[]>('/api/units');
          const mine = list.filter((u) => u.code.startsWith('LOAD-'));
          return mine.length === 300 && mine.every((u) => u.fixAt !== null) ? true : undefined;
        },
        10_000,
        'a fix from every synthetic unit',
      );
      const stats = load.stats();
      expect(stats.byProtocol.json).toBe(300);
      expect(stats.json.refused).toBe(0);
      expect(stats.json.acked).toBeGreaterThanOrEqual(300);
    } finally {
      await load.stop();
    }
  });
});
