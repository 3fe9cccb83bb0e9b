/**
 * The simulator's planned work and phone line, composed in one place so `simulator.ts` only wires it in:
 * the simulated PBX (pbx.ts, issue 13), village rounds (rounds-driver.ts) and booked transfers
 * (transfer-bookings.ts, issue 19). Options and their environment settings are here too.
 */
import type { HospitalView } from '@c120/dispatch-core/contracts';
import type { EventFrame } from '@c120/dispatch-core/events';
import type { CallGenerator } from './calls.ts';
import type { PlannedWorkClient } from './planned-client.ts';
import { DEFAULT_PBX_TIMING, SimPbx, type PbxTiming } from './pbx.ts';
import { createRng, seedFrom } from './random.ts';
import type { RoutePlanner } from './route.ts';
import { DEFAULT_ROUNDS_TIMING, RoundsDriver, type RoundsTiming, type RoundVehicle } from './rounds-driver.ts';
import { DEFAULT_BOOKING_TIMING, TransferBookings, type BookingTiming } from './transfer-bookings.ts';

export interface PlannedWorkOptions {
  /**
   * The PBX gateway's credential (core's TELEPHONY_TOKEN): calls then ring through `POST /api/telephony/events`
   * first and the incident is created from the answered call. Null/absent: incidents are created directly.
   * In demo mode core generates one per start and hands it over in-process.
   */
  telephonyToken?: string | null;
  pbx?: Partial<PbxTiming>;
  /** Village rounds driven by their vans (false: off). */
  rounds?: Partial<RoundsTiming> | false;
  /** Booked transfers arriving during the day (`perHour: 0`: none). */
  bookings?: Partial<BookingTiming>;
}

/** TELEPHONY_TOKEN, SIM_ROUNDS (on|off), SIM_BOOKINGS_PER_HOUR, SIM_DIVERSION_SHARE for `npm run simulate`. */
export function plannedWorkFromEnv(env: NodeJS.ProcessEnv): PlannedWorkOptions {
  const share = Number(env.SIM_DIVERSION_SHARE ?? '');
  const perHour = Number(env.SIM_BOOKINGS_PER_HOUR ?? '');
  return {
    telephonyToken: env.TELEPHONY_TOKEN?.trim() || null,
    ...(env.SIM_ROUNDS?.trim().toLowerCase() === 'off'
      ? { rounds: false as const }
      : env.SIM_DIVERSION_SHARE?.trim() && share >= 0 && share <= 1
        ? { rounds: { diversionShare: share } }
        : {}),
    ...(env.SIM_BOOKINGS_PER_HOUR?.trim() && perHour >= 0 && perHour <= 1000 ? { bookings: { perHour } } : {}),
  };
}

export interface PlannedWorkContext {
  options: PlannedWorkOptions;
  coreUrl: string;
  client: PlannedWorkClient;
  planner: RoutePlanner;
  calls: CallGenerator;
  seed: number;
  timeScale: number;
  hospitals: readonly HospitalView[];
  vehicles: ReadonlyMap<number, RoundVehicle>;
  /** The stand-in dispatcher is on (autoDispatchAfterSeconds): the simulator schedules its own bookings. */
  dispatch: boolean;
  log: (line: string) => void;
}

export class PlannedWork {
  readonly pbx: SimPbx | null;
  readonly rounds: RoundsDriver | null;
  readonly bookings: TransferBookings;

  constructor(c: PlannedWorkContext) {
    const o = c.options;
    this.pbx = o.telephonyToken
      ? new SimPbx({
          coreUrl: c.coreUrl,
          token: o.telephonyToken,
          rng: createRng(seedFrom(c.seed, 'pbx')),
          timeScale: c.timeScale,
          timing: { ...DEFAULT_PBX_TIMING, ...o.pbx },
          log: c.log,
        })
      : null;
    this.rounds =
      o.rounds === false
        ? null
        : new RoundsDriver({
            client: c.client,
            planner: c.planner,
            rng: createRng(seedFrom(c.seed, 'rounds')),
            calls: c.calls,
            timing: { ...DEFAULT_ROUNDS_TIMING, ...o.rounds },
            vehicles: c.vehicles,
            log: c.log,
          });
    this.bookings = new TransferBookings({
      client: c.client,
      rng: createRng(seedFrom(c.seed, 'bookings')),
      timing: { ...DEFAULT_BOOKING_TIMING, ...o.bookings },
      hospitals: c.hospitals,
      dispatch: c.dispatch,
      playable: (id) => c.vehicles.has(id),
      log: c.log,
    });
  }

  onEvent(e: EventFrame): void {
    this.rounds?.onEvent(e);
  }

  tick(simNow: number): void {
    this.rounds?.tick(simNow);
    this.bookings.tick(simNow);
  }

  stats() {
    return {
      phone: this.pbx ? { ...this.pbx.stats } : null,
      rounds: this.rounds ? { ...this.rounds.stats } : null,
      bookings: { ...this.bookings.stats },
    };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.rounds?.stop(), this.bookings.stop(), this.pbx?.stop()]);
  }
}
