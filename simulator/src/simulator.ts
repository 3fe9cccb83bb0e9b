/**
 * `startSimulator(options)`: plays the county's units and callers against a running dispatch-core, only through
 * its public doors — device protocols (JT/T 808 TCP, OsmAnd HTTP, JSON batch), the REST API and the `/ws` event
 * stream. One scheduler tick (`tickMs`) drives every vehicle, timer, report and call; nothing keeps a timer per
 * vehicle.
 */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import { demoAuthCode, demoDeviceToken } from '@c120/db/seed';
import type { StateSnapshot, UnitView } from '@c120/dispatch-core/contracts';
import type { EventFrame } from '@c120/dispatch-core/events';
import { CallDesk } from './call-desk.ts';
import { CallGenerator } from './calls.ts';
import type { CoreClient } from './core-client.ts';
import { jsonDeviceOf, seedDevices, type SimDevice } from './devices.ts';
import { loadGazetteer } from './gazetteer.ts';
import { metres, type LonLat } from './geo.ts';
import { movementScale, resolveOptions, type ResolvedOptions, type SimulatorOptions } from './options.ts';
import { createRng, seedFrom } from './random.ts';
import { DEFAULT_ROUTE_OPTIONS, RoutePlanner } from './route.ts';
import { runFromIncident } from './run-info.ts';
import { PlannedWorkClient } from './planned-client.ts';
import { PlannedWork } from './planned-work.ts';
import { EventStream } from './event-stream.ts';
import { SimVehicle, type Reporter, type VehicleContext } from './vehicle.ts';
import { JsonBatchClient } from './transports/json-batch-client.ts';
import { Jt808Terminal } from './transports/jt808-terminal.ts';
import { OsmAndClient } from './transports/osmand-client.ts';

export interface SimulatorStats {
  units: number;
  byProtocol: Record<DeviceProtocol, number>;
  reports: number;
  taps: number;
  refusedTaps: number;
  trips: number;
  calls: number;
  autoDispatched: number;
  jt808Online: number;
  jt808: { sent: number; acked: number; refused: number };
  osmand: { sent: number; acked: number; refused: number };
  json: { sent: number; acked: number; refused: number };
  /** Simulated time elapsed, seconds. */
  simulatedSeconds: number;
  /** Calls through the telephony seam, village rounds, booked transfers (planned-work.ts). */
  planned: ReturnType<PlannedWork['stats']>;
  /** Cost of the scheduler tick (all vehicles, calls, the JSON flush), wall ms. */
  tick: { count: number; meanMs: number; maxMs: number };
}

export interface RunningSimulator {
  readonly timeScale: number;
  /** Driving speed-up actually used (≤ timeScale; see `movementScale`). */
  readonly movementScale: number;
  stats(): SimulatorStats;
  /** Raises one call now; resolves with the incident id (null if core refused it). */
  raiseCall(): Promise<number | null>;
  /** Books one transfer now (预约转运); resolves with its id (null if core refused it). */
  bookTransfer(): Promise<number | null>;
  /** Closes sockets, the event stream and the tick; waits for requests in flight. */
  stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const opts = resolveOptions(options);
  const log = opts.log;
  const client = new PlannedWorkClient(opts.coreUrl, opts.token);
  const gazetteer = opts.gazetteer ?? (await loadGazetteer());
  const devices = opts.devices ?? (await seedDevices());
  const state = await waitForCore(client, log);

  const planner = new RoutePlanner(gazetteer, { ...DEFAULT_ROUTE_OPTIONS, speeds: opts.speeds });
  const moveScale = movementScale(opts.timeScale, opts.ingestMaxSpeedKmh, opts.speeds);
  const wallStart = Date.now();
  const simNow = () => wallStart + (Date.now() - wallStart) * opts.timeScale;
  const hospitals = new Map<number, LonLat>(state.hospitals.map((h) => [h.id, [h.location.lon, h.location.lat]]));
  const stations = new Map<number, LonLat>(state.stations.map((s) => [s.id, [s.location.lon, s.location.lat]]));
  let stopped: Promise<void> | null = null;
  const ctx: VehicleContext = {
    opts,
    planner,
    client,
    movementScale: moveScale,
    simNow,
    hospitalAt: (id) => hospitals.get(id) ?? null,
    nearestHospital: (p) => {
      let best: { id: number; at: LonLat } | null = null;
      let bestM = Infinity;
      for (const [id, at] of hospitals) {
        const m = metres(p, at);
        if (m < bestM) [best, bestM] = [{ id, at }, m];
      }
      return best;
    },
    log,
    active: () => stopped === null,
  };

  // The simulator's session acts for every unit, so its JSON batches need no per-device secrets.
  const json = new JsonBatchClient({ coreUrl: opts.coreUrl, secret: opts.token, log: (l) => log(`JSON batch: ${l}`) });
  const labels = new Map<string, string>();
  // The demo fleet's Traccar Client ids carry the seed's (documented, public) demo tokens.
  const osmand = opts.osmandUrl
    ? new OsmAndClient(opts.osmandUrl, log, (id) => labels.get(id) ?? id, demoDeviceToken)
    : null;

  const unitsByCode = new Map(state.units.map((u) => [u.code, u]));
  const vehicles = new Map<number, SimVehicle>();
  const fallbacks: string[] = [];
  const missing: string[] = [];
  const chosen = opts.unitLimit === null ? devices : devices.slice(0, opts.unitLimit);
  for (const device of chosen) {
    const unit = unitsByCode.get(device.unitCode);
    if (!unit) {
      missing.push(device.unitCode);
      continue;
    }
    if (vehicles.has(unit.id)) continue;
    const rng = createRng(seedFrom(opts.seed, unit.code));
    const home = homeOf(unit, stations, gazetteer.townships[0]?.seat ?? [119.57, 32.0]);
    const start: LonLat = unit.position ? [unit.position.lon, unit.position.lat] : home;
    labels.set(device.deviceId, unit.callSign);
    const reporter = reporterFor(device, unit, opts, json, osmand, log, fallbacks);
    vehicles.set(unit.id, new SimVehicle(unit.id, unit.callSign, home, start, reporter, rng, ctx));
  }
  if (missing.length)
    log(`${missing.length} devices have no unit in core (${missing.slice(0, 5).join(', ')}…): skipped`);
  if (fallbacks.length)
    log(
      `${fallbacks.length} units report through JSON batches (their own server is off): ${fallbacks.slice(0, 5).join(', ')}…`,
    );

  const callRng = createRng(seedFrom(opts.seed, 'calls'));
  const planned = new PlannedWork({
    options,
    coreUrl: opts.coreUrl,
    client,
    planner,
    calls: new CallGenerator(gazetteer, createRng(seedFrom(opts.seed, 'round-calls')), opts.callMix),
    seed: opts.seed,
    timeScale: opts.timeScale,
    hospitals: state.hospitals,
    vehicles,
    dispatch: opts.autoDispatchAfterSeconds !== null,
    log,
  });
  const desk = new CallDesk({
    client,
    pbx: planned.pbx,
    calls: new CallGenerator(gazetteer, callRng, opts.callMix),
    rng: callRng,
    ratePerHour: opts.callRatePerHour,
    autoDispatchAfterSeconds: opts.autoDispatchAfterSeconds,
    log,
    ...(state.units.every((u) => vehicles.has(u.id)) ? {} : { playable: (id: number) => vehicles.has(id) }),
  });

  const onEvent = (e: EventFrame) => {
    desk.onEvent(e);
    planned.onEvent(e);
    switch (e.type) {
      case 'assignment.created': {
        const v = vehicles.get(e.payload.unit.id);
        const run = runFromIncident(e.payload.incident, e.payload.unit.id, ctx.hospitalAt, e.payload.assignment);
        if (v && run) v.handle({ kind: 'assigned', run });
        break;
      }
      case 'assignment.ended':
        vehicles.get(e.payload.unit.id)?.handle({
          kind: 'assignmentEnded',
          assignmentId: e.payload.assignment.id,
          unitStatus: e.payload.unit.status,
        });
        break;
      case 'unit.status_changed': {
        const { change, unit, incident } = e.payload;
        const v = vehicles.get(unit.id);
        if (!v) break;
        const run = incident ? runFromIncident(incident, unit.id, ctx.hospitalAt) : null;
        v.handle({ kind: 'statusChanged', to: change.to, source: change.source, run });
        break;
      }
      default:
        break;
    }
  };

  // Vehicles take up the state of the snapshot, then the stream delivers every change after its seq.
  const now0 = Date.now();
  const incidents = new Map(state.incidents.map((i) => [i.id, i]));
  const unitsById = new Map(state.units.map((u) => [u.id, u]));
  for (const v of vehicles.values()) {
    const unit = unitsById.get(v.unitId) as UnitView;
    const incident = unit.activeIncidentId === null ? undefined : incidents.get(unit.activeIncidentId);
    v.start(unit, incident ? runFromIncident(incident, unit.id, ctx.hospitalAt) : null, now0);
  }
  const stream = new EventStream({ coreUrl: opts.coreUrl, token: opts.token, afterSeq: state.seq, onEvent, log });
  const synced = await Promise.race([stream.start().then(() => true), delay(10_000).then(() => false)]);
  if (!synced) log('event stream not synced after 10 s; carrying on (it keeps retrying)');

  let last = Date.now();
  const list = [...vehicles.values()];
  const tickCost = { count: 0, totalMs: 0, maxMs: 0 };
  const timer = setInterval(() => {
    const started = performance.now();
    const now = Date.now();
    const dt = now - last;
    last = now;
    for (const v of list) {
      try {
        v.tick(now, dt);
      } catch (err) {
        log(`${v.label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    desk.tick(simNow());
    planned.tick(simNow());
    json.flush();
    const cost = performance.now() - started;
    tickCost.count++;
    tickCost.totalMs += cost;
    tickCost.maxMs = Math.max(tickCost.maxMs, cost);
  }, opts.tickMs);

  const terminals = list.flatMap((v) => (v.reporter instanceof Jt808Reporter ? [v.reporter.terminal] : []));
  const byProtocol = { jt808: 0, osmand: 0, json: 0 };
  for (const v of list) byProtocol[v.reporter.protocol]++;
  log(
    `simulating ${list.length} units (JT/T 808 ${byProtocol.jt808}, OsmAnd ${byProtocol.osmand}, JSON ${byProtocol.json}) ` +
      `against ${opts.coreUrl}; time ×${opts.timeScale}` +
      (moveScale < opts.timeScale
        ? ` (driving ×${moveScale.toFixed(1)}: the ingest drops implied speeds over ${opts.ingestMaxSpeedKmh} km/h)`
        : '') +
      `; calls ${opts.callRatePerHour}/h; auto-dispatch ${opts.autoDispatchAfterSeconds === null ? 'off' : `after ${opts.autoDispatchAfterSeconds} s`}`,
  );

  return {
    timeScale: opts.timeScale,
    movementScale: moveScale,
    raiseCall: () => desk.raiseCall(simNow()),
    bookTransfer: async () => (await planned.bookings.book(simNow()))?.id ?? null,
    stats: () => {
      const counts = list.reduce(
        (a, v) => ({
          reports: a.reports + v.counts.reports,
          taps: a.taps + v.counts.taps,
          refusedTaps: a.refusedTaps + v.counts.refusedTaps,
          trips: a.trips + v.counts.trips,
        }),
        { reports: 0, taps: 0, refusedTaps: 0, trips: 0 },
      );
      return {
        units: list.length,
        byProtocol: { ...byProtocol },
        ...counts,
        calls: desk.stats.calls,
        autoDispatched: desk.stats.autoDispatched,
        planned: planned.stats(),
        jt808Online: terminals.filter((t) => t.online).length,
        jt808: terminals.reduce(
          (a, t) => ({
            sent: a.sent + t.stats.sent,
            acked: a.acked + t.stats.acked,
            refused: a.refused + t.stats.refused,
          }),
          { sent: 0, acked: 0, refused: 0 },
        ),
        osmand: { ...(osmand?.stats ?? { sent: 0, acked: 0, refused: 0 }) },
        json: { ...json.stats },
        simulatedSeconds: (simNow() - wallStart) / 1000,
        tick: {
          count: tickCost.count,
          meanMs: tickCost.count ? tickCost.totalMs / tickCost.count : 0,
          maxMs: tickCost.maxMs,
        },
      };
    },
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer);
        stream.stop();
        const deskStopped = desk.stop(); // no new calls from here on
        await planned.stop();
        await deskStopped;
        for (const v of list) v.reporter.stop?.();
        await Promise.race([Promise.allSettled(list.map((v) => v.settle())), delay(5000)]);
        await osmand?.stop();
        await json.stop();
        log(`stopped after ${Math.round((Date.now() - wallStart) / 1000)} s`);
      })();
      return stopped;
    },
  };
}

class Jt808Reporter implements Reporter {
  readonly protocol = 'jt808';
  constructor(readonly terminal: Jt808Terminal) {}
  report(fix: Parameters<Reporter['report']>[0], now: number): void {
    // Connect on the first report: first reports are spread over an interval, so connections are too.
    this.terminal.start(now);
    this.terminal.report(
      { ...fix, satellites: 8 + Math.floor(Math.random() * 6), signal: 20 + Math.floor(Math.random() * 10) },
      now,
    );
  }
  tick(now: number): void {
    this.terminal.tick(now);
  }
  stop(): void {
    this.terminal.stop();
  }
}

function reporterFor(
  device: SimDevice,
  unit: UnitView,
  opts: ResolvedOptions,
  json: JsonBatchClient,
  osmand: OsmAndClient | null,
  log: (line: string) => void,
  fallbacks: string[],
): Reporter {
  const jsonReporter = (d: SimDevice): Reporter => ({
    protocol: 'json',
    report: (fix) => json.report(d.deviceId, fix),
  });
  if (opts.transport === 'json' || device.protocol === 'json') {
    return jsonReporter(device.protocol === 'json' ? device : jsonDeviceOf(device));
  }
  if (device.protocol === 'jt808') {
    if (!opts.jt808) {
      fallbacks.push(unit.callSign);
      return jsonReporter(jsonDeviceOf(device));
    }
    return new Jt808Reporter(
      new Jt808Terminal({
        host: opts.jt808.host,
        port: opts.jt808.port,
        label: unit.callSign,
        log,
        heartbeatMs: opts.jt808HeartbeatMs,
        identity: {
          phone: device.deviceId,
          province: 32,
          city: 1181,
          makerId: 'SIM01',
          model: 'C120-SIM-808',
          terminalId: unit.code.replace(/[^A-Za-z0-9]/g, '').slice(-7),
          plateColor: 1,
          plate: device.plate ?? unit.plate ?? unit.code,
        },
        onText: (text) => log(`${unit.callSign}: terminal reads aloud 「${text}」`),
        // The demo seed registered the terminal with its public demo code; a terminal without one registers once.
        authCode: demoAuthCode(device.deviceId),
      }),
    );
  }
  if (!osmand) {
    fallbacks.push(unit.callSign);
    return jsonReporter(jsonDeviceOf(device));
  }
  return { protocol: 'osmand', report: (fix) => osmand.report(device.deviceId, fix) };
}

function homeOf(unit: UnitView, stations: Map<number, LonLat>, fallback: LonLat): LonLat {
  if (unit.stationId !== null) {
    const s = stations.get(unit.stationId);
    if (s) return s;
  }
  return unit.position ? [unit.position.lon, unit.position.lat] : fallback;
}

/** Core may still be starting (in-process demo, or started together): retry GET /api/state for a while. */
async function waitForCore(
  client: CoreClient,
  log: (line: string) => void,
  timeoutMs = 60_000,
): Promise<StateSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.state();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      if (attempt === 0)
        log(`waiting for core at ${client.baseUrl} (${err instanceof Error ? err.message : String(err)})`);
      await delay(Math.min(2000, 250 * 2 ** attempt));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
