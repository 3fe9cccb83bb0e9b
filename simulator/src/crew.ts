/**
 * What a simulated crew does, as a state machine with no I/O: inputs are what the crew learns (an assignment,
 * a status change made by someone else, a timer, arriving where it drove, a hospital suggestion); outputs are
 * effects the simulator carries out (wait, drive, tap a status on the tablet, ask for a hospital, log).
 *
 * The crew taps optimistically: it moves to its next phase when it taps, and ignores the echo of its own
 * taps (source "crew") in the event stream. Changes made by others — the geofence marking arrival, a
 * dispatcher cancelling or overriding a status — are followed by resuming from the status the server reports.
 * A refused tap makes the simulator read the unit back and feed it in as `sync`, which resumes the same way.
 */
import type { RunOutcome, StatusSource, UnitStatus } from '@c120/shared/vocabulary';
import type { LonLat } from './geo.ts';
import type { Rng } from './random.ts';

export type CrewPhase =
  | 'idle' // available (待命), at the station or driving back to it
  | 'off' // off duty, maintenance, paused
  | 'preparing' // dispatched (已派车): reading the job, walking to the vehicle
  | 'to_scene' // en route (出车)
  | 'awaiting_scene' // at the scene, giving the geofence a chance to mark arrival
  | 'on_scene' // 到达现场
  | 'choosing_hospital' // on scene, asking for the destination
  | 'to_hospital' // transporting (病人上车)
  | 'awaiting_hospital' // at the hospital door, giving the geofence a chance
  | 'at_hospital' // 送达医院
  | 'returning'; // 返回

export interface RunInfo {
  assignmentId: number;
  incidentId: number;
  scene: LonLat;
  priority: number;
  hospitalId: number | null;
  hospitalAt: LonLat | null;
}

export type CrewInput =
  | { kind: 'assigned'; run: RunInfo }
  | { kind: 'assignmentEnded'; assignmentId: number; unitStatus: UnitStatus }
  | { kind: 'statusChanged'; to: UnitStatus; source: StatusSource; run: RunInfo | null }
  | { kind: 'sync'; status: UnitStatus; run: RunInfo | null }
  | { kind: 'timer'; token: number }
  | { kind: 'arrived'; token: number }
  | { kind: 'hospitalChosen'; token: number; hospitalId: number; at: LonLat };

export type DrivePurpose = 'scene' | 'hospital' | 'station';

export type CrewEffect =
  | { kind: 'wait'; seconds: number; token: number }
  | { kind: 'drive'; to: LonLat; purpose: DrivePurpose; token: number }
  | { kind: 'tap'; status: UnitStatus; outcome?: RunOutcome; destinationHospitalId?: number }
  | { kind: 'chooseHospital'; incidentId: number; token: number }
  | { kind: 'log'; message: string };

/** Simulated seconds; the simulator divides by its time scale. */
export interface CrewTiming {
  /** Dispatch → 出车 (the national target is ≤ 180 s). */
  departureDelayS: [number, number];
  /** At the scene/hospital: wait this long for the geofence before tapping arrival by hand. */
  arrivalGraceS: number;
  onSceneS: [number, number];
  atHospitalS: [number, number];
  /** Share of runs that end with transport; the rest end at the scene. */
  transportShare: number;
  /** Weights of the no-transport outcomes: 病人不去, 车到人走, 死亡不送. */
  noTransportWeights: Record<'declined' | 'gone_on_arrival' | 'deceased', number>;
}

export const DEFAULT_CREW_TIMING: CrewTiming = {
  departureDelayS: [30, 120],
  arrivalGraceS: 60,
  onSceneS: [180, 480],
  atHospitalS: [300, 300],
  transportShare: 0.85,
  // Of county runs without transport, most are refusals (often after treatment on the spot), then callers
  // gone before the ambulance came; deaths on scene are the smallest share.
  noTransportWeights: { declined: 0.6, gone_on_arrival: 0.3, deceased: 0.1 },
};

const OFF_STATUSES: readonly UnitStatus[] = ['off_duty', 'maintenance', 'paused'];

/** The status the server should show while the crew is in a phase. */
export function expectedStatus(phase: CrewPhase): UnitStatus | null {
  switch (phase) {
    case 'idle':
      return 'available';
    case 'off':
      return null;
    case 'preparing':
      return 'dispatched';
    case 'to_scene':
    case 'awaiting_scene':
      return 'en_route';
    case 'on_scene':
    case 'choosing_hospital':
      return 'on_scene';
    case 'to_hospital':
    case 'awaiting_hospital':
      return 'transporting';
    case 'at_hospital':
      return 'at_hospital';
    case 'returning':
      return 'returning';
  }
}

export class CrewMachine {
  private phaseValue: CrewPhase = 'idle';
  private runValue: RunInfo | null = null;
  /** Bumped on every phase change; timers and drives carry it, so stale ones are ignored. */
  private token = 0;
  /** Choosing a hospital for a unit the server already shows transporting: do not tap it again. */
  private transportingAlready = false;

  constructor(
    readonly label: string,
    readonly home: LonLat,
    private readonly rng: Rng,
    private readonly timing: CrewTiming = DEFAULT_CREW_TIMING,
  ) {}

  get phase(): CrewPhase {
    return this.phaseValue;
  }

  get run(): RunInfo | null {
    return this.runValue;
  }

  /** Takes up the unit where the server has it (at simulator start): drives home if idle away from it. */
  start(status: UnitStatus, run: RunInfo | null): CrewEffect[] {
    return this.resume(status, run);
  }

  handle(input: CrewInput): CrewEffect[] {
    switch (input.kind) {
      case 'assigned':
        return this.assigned(input.run);
      case 'assignmentEnded':
        if (!this.runValue || this.runValue.assignmentId !== input.assignmentId) return [];
        this.runValue = null;
        return [
          { kind: 'log', message: `${this.label}: run ${input.assignmentId} cancelled (${input.unitStatus})` },
          ...this.resume(input.unitStatus, null),
        ];
      case 'statusChanged':
        if (input.source === 'crew') return []; // the echo of our own tap
        if (expectedStatus(this.phaseValue) === input.to) return [];
        if (this.phaseValue === 'off' && OFF_STATUSES.includes(input.to)) return [];
        return [
          { kind: 'log', message: `${this.label}: ${input.source} set ${input.to}` },
          ...this.resume(input.to, input.run),
        ];
      case 'sync':
        if (expectedStatus(this.phaseValue) === input.status) return [];
        if (this.phaseValue === 'off' && OFF_STATUSES.includes(input.status)) return [];
        return [
          { kind: 'log', message: `${this.label}: server shows ${input.status}; following it` },
          ...this.resume(input.status, input.run),
        ];
      case 'timer':
        return input.token === this.token ? this.timer() : [];
      case 'arrived':
        return input.token === this.token ? this.arrived() : [];
      case 'hospitalChosen':
        return input.token === this.token && this.phaseValue === 'choosing_hospital'
          ? this.transport(input.hospitalId, input.at)
          : [];
    }
  }

  private enter(phase: CrewPhase): number {
    this.phaseValue = phase;
    this.token += 1;
    return this.token;
  }

  private wait(range: [number, number], token: number): CrewEffect {
    return { kind: 'wait', seconds: this.rng.uniform(range[0], range[1]), token };
  }

  private assigned(run: RunInfo): CrewEffect[] {
    this.runValue = run;
    const token = this.enter('preparing');
    return [
      { kind: 'log', message: `${this.label}: assigned to incident ${run.incidentId} (priority ${run.priority})` },
      this.wait(this.timing.departureDelayS, token),
    ];
  }

  private timer(): CrewEffect[] {
    const run = this.runValue;
    switch (this.phaseValue) {
      case 'preparing': {
        if (!run) return this.resume('available', null);
        const token = this.enter('to_scene');
        return [
          { kind: 'tap', status: 'en_route' },
          { kind: 'drive', to: run.scene, purpose: 'scene', token },
        ];
      }
      case 'awaiting_scene':
        return [{ kind: 'tap', status: 'on_scene' }, ...this.onScene(false)];
      case 'on_scene': {
        if (!run) return this.resume('returning', null);
        // A destination set before arrival (a booked transfer's): the patient goes there.
        if (run.hospitalId !== null && run.hospitalAt) return this.transport(run.hospitalId, run.hospitalAt);
        if (this.rng.chance(this.timing.transportShare)) {
          const token = this.enter('choosing_hospital');
          this.transportingAlready = false;
          return [{ kind: 'chooseHospital', incidentId: run.incidentId, token }];
        }
        const w = this.timing.noTransportWeights;
        const outcome = this.rng.weighted(['declined', 'gone_on_arrival', 'deceased'] as const, (o) => w[o]);
        this.runValue = null;
        const token = this.enter('returning');
        return [
          { kind: 'log', message: `${this.label}: run ends without transport (${outcome})` },
          { kind: 'tap', status: 'returning', outcome },
          { kind: 'drive', to: this.home, purpose: 'station', token },
        ];
      }
      case 'awaiting_hospital': {
        const token = this.enter('at_hospital');
        return [{ kind: 'tap', status: 'at_hospital' }, this.wait(this.timing.atHospitalS, token)];
      }
      case 'at_hospital': {
        this.runValue = null;
        const token = this.enter('returning');
        return [
          { kind: 'tap', status: 'returning' },
          { kind: 'drive', to: this.home, purpose: 'station', token },
        ];
      }
      default:
        return [];
    }
  }

  private arrived(): CrewEffect[] {
    switch (this.phaseValue) {
      case 'to_scene': {
        const token = this.enter('awaiting_scene');
        return [{ kind: 'wait', seconds: this.timing.arrivalGraceS, token }];
      }
      case 'to_hospital': {
        const token = this.enter('awaiting_hospital');
        return [{ kind: 'wait', seconds: this.timing.arrivalGraceS, token }];
      }
      case 'returning':
        this.enter('idle');
        return [
          { kind: 'log', message: `${this.label}: back at station` },
          { kind: 'tap', status: 'available' },
        ];
      default:
        return [];
    }
  }

  /** On scene: stay, and keep driving to the exact point if the geofence caught us on the approach. */
  private onScene(driveThere: boolean): CrewEffect[] {
    const run = this.runValue;
    const token = this.enter('on_scene');
    const out: CrewEffect[] = [this.wait(this.timing.onSceneS, token)];
    if (driveThere && run) out.push({ kind: 'drive', to: run.scene, purpose: 'scene', token });
    return out;
  }

  private transport(hospitalId: number, at: LonLat): CrewEffect[] {
    const run = this.runValue;
    if (run) {
      run.hospitalId = hospitalId;
      run.hospitalAt = at;
    }
    const tapped = this.transportingAlready;
    this.transportingAlready = false;
    const token = this.enter('to_hospital');
    return [
      ...(tapped ? [] : [{ kind: 'tap', status: 'transporting', destinationHospitalId: hospitalId } as const]),
      { kind: 'drive', to: at, purpose: 'hospital', token },
    ];
  }

  /** Picks up from a status the server reports (set by someone else, or after a refused tap). */
  private resume(status: UnitStatus, run: RunInfo | null): CrewEffect[] {
    if (run) this.runValue = run;
    const current = this.runValue;
    switch (status) {
      case 'available': {
        this.runValue = null;
        const token = this.enter('idle');
        return [{ kind: 'drive', to: this.home, purpose: 'station', token }];
      }
      case 'off_duty':
      case 'maintenance':
      case 'paused': {
        this.runValue = null;
        const token = this.enter('off');
        return [{ kind: 'drive', to: this.home, purpose: 'station', token }];
      }
      case 'returning': {
        this.runValue = null;
        const token = this.enter('returning');
        return [{ kind: 'drive', to: this.home, purpose: 'station', token }];
      }
      case 'dispatched': {
        if (!current) return this.unknownRun(status);
        const token = this.enter('preparing');
        return [this.wait(this.timing.departureDelayS, token)];
      }
      case 'en_route': {
        if (!current) return this.unknownRun(status);
        const token = this.enter('to_scene');
        return [{ kind: 'drive', to: current.scene, purpose: 'scene', token }];
      }
      case 'on_scene':
        if (!current) return this.unknownRun(status);
        return this.onScene(true);
      case 'transporting': {
        if (!current) return this.unknownRun(status);
        if (current.hospitalId !== null && current.hospitalAt) {
          const token = this.enter('to_hospital');
          return [{ kind: 'drive', to: current.hospitalAt, purpose: 'hospital', token }];
        }
        const token = this.enter('choosing_hospital');
        this.transportingAlready = true;
        return [{ kind: 'chooseHospital', incidentId: current.incidentId, token }];
      }
      case 'at_hospital': {
        const token = this.enter('at_hospital');
        const out: CrewEffect[] = [this.wait(this.timing.atHospitalS, token)];
        if (current?.hospitalAt) out.push({ kind: 'drive', to: current.hospitalAt, purpose: 'hospital', token });
        return out;
      }
    }
  }

  /** A run status without the run's facts (should not happen: events carry the incident). Go home. */
  private unknownRun(status: UnitStatus): CrewEffect[] {
    const token = this.enter('idle');
    return [
      { kind: 'log', message: `${this.label}: ${status} without a known run; waiting at the station` },
      { kind: 'drive', to: this.home, purpose: 'station', token },
    ];
  }
}
