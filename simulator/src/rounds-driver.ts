/**
 * Village rounds (巡诊) driven by the vans themselves (issue 19): a mobile hospital or patrol van with a live round
 * today (planned or in progress) drives its stops in order, through its own device protocol like every unit,
 * and stays at each village long enough for core's visit geofence (services/round-visits.ts) to record the
 * arrival from its GPS; it then leaves, which records the departure. The crew enters people served at each
 * stop (as on the tablet), confirms an arrival by hand only if the geofence has not seen it after a long while,
 * and completes the round after the last stop. Sometimes an emergency at the village diverts the van (the
 * ordinary dispatch flow: an incident, the van assigned); core pauses the round, the crew runs the call, and
 * when the unit is 待命 again core resumes the round and the van carries on with the stops still pending.
 *
 * Only while the crew is idle (待命, no run) does this module move the van; a run always wins.
 */
import type { RoundStopView, RoundView } from '@c120/dispatch-core/contracts';
import type { EventFrame } from '@c120/dispatch-core/events';
import type { CallGenerator } from './calls.ts';
import type { CrewPhase } from './crew.ts';
import { metres, offsetMetres, type LonLat } from './geo.ts';
import type { Motion } from './motion.ts';
import { shanghaiDate, type PlannedWorkClient } from './planned-client.ts';
import type { Rng } from './random.ts';
import type { RoutePlanner } from './route.ts';

export interface RoundsTiming {
  /** Simulated minutes of service at a village (clinic, follow-ups …), uniform. */
  serviceMinutes: [number, number];
  /** Leave for a stop no earlier than this many simulated minutes before its planned time. */
  leadMinutes: number;
  /** Share of stops at which an emergency in the village diverts the van. */
  diversionShare: number;
  /** The crew confirms an arrival by hand when the geofence has not recorded it after this long (simulated s). */
  confirmAfterS: number;
  /** Read the day's rounds again at least this often (simulated s); round events update them meanwhile. */
  refreshS: number;
}

export const DEFAULT_ROUNDS_TIMING: RoundsTiming = {
  serviceMinutes: [25, 45],
  leadMinutes: 20,
  diversionShare: 0.1,
  confirmAfterS: 1800,
  refreshS: 600,
};

/** What this module needs of a simulated unit (SimVehicle). */
export interface RoundVehicle {
  readonly unitId: number;
  readonly label: string;
  readonly crew: { readonly phase: CrewPhase; readonly run: unknown; readonly home: LonLat };
  readonly motion: Motion;
}

type Leg =
  | { kind: 'to_stop'; stopId: number }
  | {
      kind: 'at_stop';
      stopId: number;
      since: number;
      until: number;
      divertAt: number | null;
      confirmed: boolean;
      served: boolean;
    }
  | { kind: 'home' };

/** A round stop the van should head for next: the first not yet reached and not passed (pure; tested). */
export function nextStop(round: Pick<RoundView, 'stops'>, after?: number): RoundStopView | null {
  const stops = [...round.stops].sort((a, b) => a.seq - b.seq);
  const from = after === undefined ? -1 : (stops.find((s) => s.id === after)?.seq ?? -1);
  return stops.find((s) => s.seq > from && s.planned && s.arrivedAt === null && s.state === 'pending') ?? null;
}

const LIVE = new Set(['planned', 'in_progress']);
/** Close enough to a stop's point to be parked at it (the geofence radius is 300 m by default). */
const AT_STOP_M = 60;
/** A token no crew drive ever has: the crew ignores arrivals of drives it did not start. */
const ROUND_DRIVE_TOKEN = -1;

export interface RoundsDriverOptions {
  client: PlannedWorkClient;
  planner: RoutePlanner;
  rng: Rng;
  calls: CallGenerator;
  timing: RoundsTiming;
  vehicles: ReadonlyMap<number, RoundVehicle>;
  log: (line: string) => void;
}

export class RoundsDriver {
  private readonly rounds = new Map<number, RoundView>();
  private readonly legs = new Map<number, Leg>();
  private readonly busy = new Set<number>();
  private readonly completing = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextRefresh = 0;
  private refreshing = false;
  private stopped = false;
  readonly stats = { drives: 0, stopsServed: 0, confirmedByHand: 0, diversions: 0, completed: 0 };

  constructor(private readonly o: RoundsDriverOptions) {}

  onEvent(e: EventFrame): void {
    if (!e.type.startsWith('round.')) return;
    const round = (e.payload as { round?: RoundView }).round;
    if (round && this.o.vehicles.has(round.unitId)) this.keep(round);
  }

  tick(simNow: number): void {
    if (this.stopped) return;
    if (simNow >= this.nextRefresh && !this.refreshing) {
      this.nextRefresh = simNow + this.o.timing.refreshS * 1000;
      this.track(this.refresh());
    }
    for (const round of this.rounds.values()) {
      const v = this.o.vehicles.get(round.unitId);
      if (!v || this.busy.has(v.unitId)) continue;
      try {
        this.step(round, v, simNow);
      } catch (err) {
        this.o.log(`${v.label}: round ${round.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private keep(round: RoundView): void {
    const held = this.rounds.get(round.unitId);
    if (held && held.id !== round.id && LIVE.has(held.status) && !LIVE.has(round.status)) return;
    if (round.date !== shanghaiDate(Date.now()) && !LIVE.has(round.status)) {
      this.rounds.delete(round.unitId);
      return;
    }
    this.rounds.set(round.unitId, round);
  }

  private async refresh(): Promise<void> {
    this.refreshing = true;
    try {
      const list = await this.o.client.rounds(shanghaiDate(Date.now()));
      for (const r of list) if (this.o.vehicles.has(r.unitId)) this.keep(r);
    } catch (err) {
      this.o.log(`rounds could not be read: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.refreshing = false;
    }
  }

  private step(round: RoundView, v: RoundVehicle, simNow: number): void {
    // A run (or an off-duty crew) always wins; the leg starts afresh when the crew is idle again.
    if (v.crew.phase !== 'idle' || v.crew.run !== null) {
      this.legs.delete(v.unitId);
      return;
    }
    const leg = this.legs.get(v.unitId);
    if (!LIVE.has(round.status)) {
      if (round.status === 'completed' && leg && leg.kind !== 'home') this.driveHome(v);
      return;
    }
    if (leg?.kind === 'at_stop') return this.atStop(round, v, leg, simNow);
    if (leg?.kind === 'to_stop') {
      const stop = round.stops.find((s) => s.id === leg.stopId);
      if (!stop) return void this.legs.delete(v.unitId);
      if (v.motion.moving) return;
      if (metres(v.motion.position, toLonLat(stop)) > AT_STOP_M) return this.driveTo(v, stop);
      const service = this.o.rng.uniform(...this.o.timing.serviceMinutes) * 60_000;
      const divert = this.o.rng.chance(this.o.timing.diversionShare);
      this.legs.set(v.unitId, {
        kind: 'at_stop',
        stopId: stop.id,
        since: simNow,
        until: simNow + service,
        divertAt: divert ? simNow + this.o.rng.uniform(0.2, 0.6) * service : null,
        confirmed: false,
        served: false,
      });
      this.o.log(`${v.label}: 巡诊 at ${stop.placeName} (stop ${stop.seq} of round ${round.id})`);
      return;
    }
    // Idle, between stops: head for the next one when it is time (the first stop not reached yet).
    const next = nextStop(round);
    if (!next) return this.finish(round, v);
    const planned = next.plannedAt ? Date.parse(next.plannedAt) : 0;
    if (simNow < planned - this.o.timing.leadMinutes * 60_000) return;
    this.legs.set(v.unitId, { kind: 'to_stop', stopId: next.id });
    this.driveTo(v, next);
  }

  private atStop(round: RoundView, v: RoundVehicle, leg: Extract<Leg, { kind: 'at_stop' }>, simNow: number): void {
    const stop = round.stops.find((s) => s.id === leg.stopId);
    if (!stop) return void this.legs.delete(v.unitId);
    // An emergency in the village while the van serves it (after its arrival is on record).
    if (leg.divertAt !== null && stop.arrivedAt !== null && simNow >= leg.divertAt) {
      leg.divertAt = null;
      return this.work(v, this.divert(round, v, stop));
    }
    if (stop.arrivedAt === null) {
      // Waiting for the geofence; after a long while the crew confirms the arrival on the tablet.
      if (!leg.confirmed && simNow - leg.since >= this.o.timing.confirmAfterS * 1000) {
        leg.confirmed = true;
        this.work(v, this.confirm(v, stop, leg.since));
      }
      return;
    }
    if (simNow < leg.until) return;
    if (!leg.served) {
      leg.served = true;
      return this.work(v, this.enterServed(v, stop));
    }
    const next = nextStop(round, stop.id);
    if (next) {
      this.legs.set(v.unitId, { kind: 'to_stop', stopId: next.id });
      this.driveTo(v, next);
    } else {
      this.driveHome(v);
    }
  }

  private driveTo(v: RoundVehicle, stop: RoundStopView): void {
    // Park a few metres off the village's point, as a van does in the square.
    const at = offsetMetres(toLonLat(stop), this.o.rng.uniform(-20, 20), this.o.rng.uniform(-20, 20));
    const route = this.o.planner.plan(v.motion.position, at, this.o.rng);
    v.motion.drive(route, ROUND_DRIVE_TOKEN);
    this.stats.drives++;
    this.o.log(`${v.label}: 巡诊 driving to ${stop.placeName} (${(route.lengthM / 1000).toFixed(1)} km)`);
  }

  private driveHome(v: RoundVehicle): void {
    this.legs.set(v.unitId, { kind: 'home' });
    v.motion.drive(this.o.planner.plan(v.motion.position, v.crew.home, this.o.rng), ROUND_DRIVE_TOKEN);
    this.o.log(`${v.label}: 巡诊 done for now; back to the station`);
  }

  /** After the last stop: leave (so the geofence records the departure), then complete the round. */
  private finish(round: RoundView, v: RoundVehicle): void {
    const away = metres(v.motion.position, v.crew.home) > AT_STOP_M;
    if (!v.motion.moving && away && this.legs.get(v.unitId)?.kind !== 'home') this.driveHome(v);
    this.legs.set(v.unitId, { kind: 'home' });
    if (round.stops.some((s) => s.arrivedAt !== null && s.departedAt === null)) return;
    if (this.completing.has(round.id)) return;
    this.completing.add(round.id);
    this.work(
      v,
      this.o.client.completeRound(round.id).then(
        (r) => {
          this.keep(r);
          this.stats.completed++;
          this.o.log(`${v.label}: round ${round.id} completed (巡诊完成)`);
        },
        (err: unknown) => {
          this.completing.delete(round.id);
          throw err;
        },
      ),
    );
  }

  private async confirm(v: RoundVehicle, stop: RoundStopView, since: number): Promise<void> {
    const arrivedAt = new Date(Math.min(Date.now(), since)).toISOString();
    this.keep(await this.o.client.recordStop(stop.id, { arrivedAt }));
    this.stats.confirmedByHand++;
    this.o.log(`${v.label}: crew confirmed arrival at ${stop.placeName} by hand (no geofence arrival)`);
  }

  private async enterServed(v: RoundVehicle, stop: RoundStopView): Promise<void> {
    const served = { [stop.purpose]: this.o.rng.int(6, 30) };
    const consultations = stop.purpose === 'remote_consultation' ? this.o.rng.int(1, 4) : 0;
    this.keep(
      await this.o.client.recordStop(stop.id, {
        served,
        ...(consultations ? { remoteConsultations: consultations } : {}),
      }),
    );
    this.stats.stopsServed++;
    this.o.log(`${v.label}: ${stop.placeName}: ${served[stop.purpose]} served (${stop.purpose})`);
  }

  /** An emergency in the village: a call there, and the dispatcher sends the van that is on the spot. */
  private async divert(round: RoundView, v: RoundVehicle, stop: RoundStopView): Promise<void> {
    const call = this.o.calls.next();
    const [lon, lat] = offsetMetres(toLonLat(stop), this.o.rng.uniform(-150, 150), this.o.rng.uniform(-150, 150));
    const incident = await this.o.client.createIncident({
      ...call.body,
      location: { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 },
      address: `${stop.placeName}村委会附近`,
      priority: 2,
      infectious: false,
      complaint: '晕厥',
      patients: 1,
      notes: `巡诊点附近村民晕厥（${v.label} 在现场）`,
    });
    this.stats.diversions++;
    this.o.log(`${v.label}: emergency at ${stop.placeName} during round ${round.id}: incident ${incident.id}`);
    try {
      await this.o.client.assign(incident.id, v.unitId, `sim-round-divert-${incident.id}`);
    } catch (err) {
      this.o.log(
        `${v.label}: could not be sent to incident ${incident.id} (${err instanceof Error ? err.message : String(err)}); nearest unit instead`,
      );
      await this.o.client.assignNearest(incident.id, `sim-round-divert-${incident.id}-nearest`).catch(() => undefined);
    }
  }

  /** One API exchange per van at a time; failures are logged and the step is retried on a later tick. */
  private work(v: RoundVehicle, p: Promise<unknown>): void {
    this.busy.add(v.unitId);
    this.track(
      p
        .catch((err: unknown) => this.o.log(`${v.label}: 巡诊 ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => this.busy.delete(v.unitId)),
    );
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}

function toLonLat(stop: RoundStopView): LonLat {
  return [stop.location.lon, stop.location.lat];
}
