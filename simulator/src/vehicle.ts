/**
 * One simulated unit: its crew (state machine), its motion, and its device (a reporter speaking JT/T 808,
 * OsmAnd or JSON batch). The simulator's tick calls `tick()`; events and API answers arrive through
 * `handle()`. Effects of the crew are carried out here: timers become due times checked by the tick (no timer
 * per vehicle), drives become routes, taps become crew-tablet API calls, serialised per unit.
 */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import type { RunOutcome, UnitStatus } from '@c120/shared/vocabulary';
import type { UnitView } from '@c120/dispatch-core/contracts';
import type { CoreClient } from './core-client.ts';
import { CrewMachine, type CrewEffect, type CrewInput, type RunInfo } from './crew.ts';
import type { LonLat } from './geo.ts';
import { Motion } from './motion.ts';
import type { ResolvedOptions } from './options.ts';
import type { Rng } from './random.ts';
import type { RoutePlanner } from './route.ts';
import { runFromIncident } from './run-info.ts';
import type { DeviceFix } from './transports/types.ts';

/** Sends a vehicle's fixes through its protocol; `tick` for connection upkeep (JT/T 808). */
export interface Reporter {
  readonly protocol: DeviceProtocol;
  report(fix: DeviceFix, now: number): void;
  tick?(now: number): void;
  stop?(): void;
}

export interface VehicleContext {
  opts: ResolvedOptions;
  planner: RoutePlanner;
  client: CoreClient;
  /** Driving speed-up over real time (≤ time scale, see `movementScale`). */
  movementScale: number;
  simNow(): number;
  hospitalAt(id: number): LonLat | null;
  nearestHospital(p: LonLat): { id: number; at: LonLat } | null;
  log(line: string): void;
  /** False once the simulator is stopping: no new taps. */
  active(): boolean;
}

export const STATUS_ZH: Partial<Record<UnitStatus, string>> = {
  en_route: '出车',
  on_scene: '到达现场',
  transporting: '病人上车',
  at_hospital: '送达医院',
  returning: '返回',
  available: '待命',
};

export class SimVehicle {
  readonly crew: CrewMachine;
  readonly motion: Motion;
  private timer: { due: number; token: number } | null = null;
  private nextReportAt = 0;
  private lastReportSecond = -1;
  private taps: Promise<void> = Promise.resolve();
  private battery: number;
  readonly counts = { reports: 0, taps: 0, refusedTaps: 0, trips: 0 };

  constructor(
    readonly unitId: number,
    readonly label: string,
    home: LonLat,
    start: LonLat,
    readonly reporter: Reporter,
    private readonly rng: Rng,
    private readonly ctx: VehicleContext,
  ) {
    this.crew = new CrewMachine(label, home, rng, ctx.opts.crew);
    this.motion = new Motion(start, rng);
    this.battery = rng.uniform(60, 100);
  }

  /** Takes up the unit where the server has it (status and run), and spreads first reports over an interval. */
  start(unit: UnitView, run: RunInfo | null, now: number): void {
    this.apply(this.crew.start(unit.status, run));
    this.nextReportAt = now + this.rng.uniform(0, this.interval());
  }

  /** Waits until taps in flight are answered (stop). */
  settle(): Promise<void> {
    return this.taps;
  }

  handle(input: CrewInput): void {
    this.apply(this.crew.handle(input));
  }

  tick(now: number, dtWallMs: number): void {
    if (this.motion.moving) {
      const arrived = this.motion.step((dtWallMs / 1000) * this.ctx.movementScale);
      if (arrived !== null) {
        this.nextReportAt = now; // report the stop at once: the geofence needs a fix at the scene
        this.handle({ kind: 'arrived', token: arrived });
      }
    }
    if (this.timer && this.ctx.simNow() >= this.timer.due) {
      const { token } = this.timer;
      this.timer = null;
      this.handle({ kind: 'timer', token });
    }
    if (now >= this.nextReportAt) this.report(now);
    this.reporter.tick?.(now);
  }

  private interval(): number {
    const o = this.ctx.opts;
    const s = this.motion.moving ? this.rng.uniform(o.reportMovingS[0], o.reportMovingS[1]) : o.reportIdleS;
    return Math.max(o.minReportWallMs, (s * 1000) / o.timeScale);
  }

  private report(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.lastReportSecond) {
      this.nextReportAt = (second + 1) * 1000;
      return;
    }
    this.lastReportSecond = second;
    const g = this.motion.fix(this.rng, this.ctx.opts.jitterM);
    this.battery = Math.max(20, this.battery - 0.01);
    this.reporter.report(
      {
        time: new Date(now),
        lat: g.lat,
        lon: g.lon,
        speedKmh: g.speedKmh,
        headingDeg: g.headingDeg,
        altitudeM: 8 + this.rng.uniform(-2, 2),
        accuracyM: g.accuracyM,
        batteryPct: this.battery,
        mileageKm: this.motion.odometerKm,
      },
      now,
    );
    this.counts.reports++;
    this.nextReportAt = now + this.interval();
  }

  private apply(effects: CrewEffect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'log':
          this.ctx.log(e.message);
          break;
        case 'wait':
          this.timer = { due: this.ctx.simNow() + e.seconds * 1000, token: e.token };
          break;
        case 'drive':
          this.drive(e.to, e.purpose, e.token);
          break;
        case 'tap':
          this.tap(e.status, e.outcome, e.destinationHospitalId);
          break;
        case 'chooseHospital':
          this.chooseHospital(e.incidentId, e.token);
          break;
      }
    }
  }

  private drive(to: LonLat, purpose: 'scene' | 'hospital' | 'station', token: number): void {
    const route = this.ctx.planner.plan(this.motion.position, to, this.rng);
    this.motion.drive(route, token);
    if (route.lengthM < 30) return;
    this.counts.trips++;
    const length = route.lengthM < 1000 ? `${Math.round(route.lengthM)} m` : `${(route.lengthM / 1000).toFixed(1)} km`;
    const s = route.durationSeconds();
    const time = s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
    const via = Math.max(0, route.points.length - 2);
    const where = purpose === 'scene' ? 'the scene' : purpose === 'hospital' ? 'hospital' : 'station';
    this.ctx.log(
      `${this.label}: driving to ${where}, ${length}${via ? ` via ${via} places` : ''}, ~${time} (${route.kind})`,
    );
  }

  private tap(status: UnitStatus, outcome?: RunOutcome, hospital?: number): void {
    const c = this.ctx.client;
    if (!this.ctx.active()) return;
    this.taps = this.taps.then(async () => {
      this.counts.taps++;
      try {
        await c.reportStatus(this.unitId, {
          status,
          ...(outcome ? { outcome } : {}),
          ...(hospital !== undefined ? { destinationHospitalId: hospital } : {}),
        });
        this.ctx.log(`${this.label}: ${STATUS_ZH[status] ?? status} (${status}${outcome ? `, ${outcome}` : ''})`);
      } catch (err) {
        this.counts.refusedTaps++;
        this.ctx.log(`${this.label}: ${status} refused — ${errorText(err)}; reading the unit back`);
        await this.resync();
      }
    });
  }

  private async resync(): Promise<void> {
    try {
      const unit = await this.ctx.client.unit(this.unitId);
      let run: RunInfo | null = null;
      if (unit.activeIncidentId !== null) {
        const { incident } = await this.ctx.client.incident(unit.activeIncidentId);
        run = runFromIncident(incident, this.unitId, (id) => this.ctx.hospitalAt(id));
      }
      this.handle({ kind: 'sync', status: unit.status, run });
    } catch (err) {
      this.ctx.log(`${this.label}: could not read the unit back — ${errorText(err)}`);
    }
  }

  private chooseHospital(incidentId: number, token: number): void {
    void (async () => {
      let choice: { id: number; at: LonLat } | null = null;
      try {
        const list = await this.ctx.client.hospitals(incidentId);
        const first = list.suggestions.find((s) => s.hospital.accepting) ?? list.suggestions[0];
        if (first) choice = { id: first.hospital.id, at: [first.hospital.location.lon, first.hospital.location.lat] };
      } catch (err) {
        this.ctx.log(`${this.label}: hospital suggestions unavailable — ${errorText(err)}; nearest hospital instead`);
      }
      choice ??= this.ctx.nearestHospital(this.motion.position);
      if (!choice) {
        this.ctx.log(`${this.label}: no hospital known; ending the run at the scene`);
        this.tap('returning', 'declined');
        this.handle({ kind: 'sync', status: 'returning', run: null });
        return;
      }
      this.handle({ kind: 'hospitalChosen', token, hospitalId: choice.id, at: choice.at });
    })();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
