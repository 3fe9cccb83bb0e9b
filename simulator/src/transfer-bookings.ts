/**
 * Booked transfers (预约转运 / 双向转诊) arriving during the day (issue 19): township health centres book a
 * patient's transfer to the county hospitals (and now and then back), through `POST /api/transfers` with the
 * simulator's session — a real account, as a health centre or the centre's desk would. When the stand-in
 * dispatcher is on (`autoDispatchAfterSeconds`), the simulator also schedules a unit for its own bookings ahead
 * (another one if the first is taken for an emergency) and starts the run near the window's start; the crews then
 * drive it like any run, to the booked destination.
 */
import type { HospitalView, TransferView, UnitView } from '@c120/dispatch-core/contracts';
import type { TransferNeed } from '@c120/shared/vocabulary';
import { CoreApiError } from './core-client.ts';
import { shanghaiDate, type PlannedWorkClient } from './planned-client.ts';
import type { Rng } from './random.ts';

export interface BookingTiming {
  /** New bookings per simulated hour, within `dayHours` (Beijing time). 0: none. */
  perHour: number;
  /** Bookings arrive between these Beijing hours (a health centre's working day). */
  dayHours: [number, number];
  /** The window starts this many simulated minutes after booking (uniform). */
  leadMinutes: [number, number];
  /** Window length, minutes. */
  windowMinutes: number;
  /** Start the run this many simulated minutes before the window opens. */
  startBeforeMinutes: number;
  /** Look at the simulator's own bookings this often (simulated s). */
  reviewS: number;
}

export const DEFAULT_BOOKING_TIMING: BookingTiming = {
  perHour: 0.8,
  dayHours: [7, 18],
  leadMinutes: [60, 240],
  windowMinutes: 60,
  startBeforeMinutes: 20,
  reviewS: 120,
};

/** How often a need comes with a booking. */
const NEED_SHARES: Record<TransferNeed, number> = {
  negative_pressure: 0.08,
  monitoring: 0.35,
  stretcher: 0.7,
  escort: 0.25,
};
/** The unit capability a need requires (mirrors core's rule; a unit without it is refused with the reason). */
const NEED_CAPABILITY: Partial<Record<TransferNeed, string>> = {
  negative_pressure: 'negative_pressure',
  monitoring: 'als',
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭'];
const NOTES = ['术后复查', '慢阻肺转上级医院', '脑梗恢复期转回卫生院', '透析', '骨折术后康复', '肿瘤化疗', '待产转诊'];

export interface BookingDraft {
  patientName: string;
  patientNotes: string;
  fromHospitalId: number;
  toHospitalId: number;
  windowStart: string;
  windowEnd: string;
  needs: TransferNeed[];
}

/** One booking (pure; tested): mostly 卫生院 → county hospital (上转), sometimes back (下转). */
export function draftBooking(
  rng: Rng,
  hospitals: readonly Pick<HospitalView, 'id' | 'level'>[],
  simNow: number,
  t: BookingTiming,
): BookingDraft | null {
  const county = hospitals.filter((h) => h.level !== '一级');
  const local = hospitals.filter((h) => h.level === '一级');
  if (county.length === 0 || local.length + county.length < 2) return null;
  const low = local.length ? rng.pick(local) : rng.pick(county);
  let high = rng.pick(county);
  if (high.id === low.id) high = county.find((h) => h.id !== low.id) ?? high;
  if (high.id === low.id) return null;
  const up = rng.chance(0.75);
  const needs = (Object.keys(NEED_SHARES) as TransferNeed[]).filter((n) => rng.chance(NEED_SHARES[n]));
  // Minutes from a whole quarter hour, as bookings are made.
  const start = Math.ceil((simNow + rng.uniform(...t.leadMinutes) * 60_000) / 900_000) * 900_000;
  return {
    patientName: `${rng.pick(SURNAMES)}${rng.chance(0.5) ? '某某' : '某'}`,
    patientNotes: `${rng.pick(NOTES)}，${rng.int(35, 88)}岁`,
    fromHospitalId: up ? low.id : high.id,
    toHospitalId: up ? high.id : low.id,
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(start + t.windowMinutes * 60_000).toISOString(),
    needs,
  };
}

/** Beijing hour of a time. */
function beijingHour(t: number): number {
  return new Date(t + 8 * 3_600_000).getUTCHours();
}

export interface TransferBookingsOptions {
  client: PlannedWorkClient;
  rng: Rng;
  timing: BookingTiming;
  hospitals: readonly HospitalView[];
  /** Schedule and start the simulator's own bookings (the stand-in dispatcher is on). */
  dispatch: boolean;
  /** Units the simulator plays (a unit nobody drives would sit dispatched for ever). */
  playable: (unitId: number) => boolean;
  log: (line: string) => void;
}

export class TransferBookings {
  private nextAt: number | null = null;
  private nextReview = 0;
  private reviewing = false;
  private readonly own = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  readonly stats = { booked: 0, scheduled: 0, started: 0, refused: 0 };

  constructor(private readonly o: TransferBookingsOptions) {}

  tick(simNow: number): void {
    if (this.stopped) return;
    const t = this.o.timing;
    if (t.perHour > 0) {
      this.nextAt ??= simNow + this.o.rng.exponential(3_600_000 / t.perHour);
      if (simNow >= this.nextAt) {
        this.nextAt = simNow + this.o.rng.exponential(3_600_000 / t.perHour);
        const h = beijingHour(simNow);
        if (h >= t.dayHours[0] && h < t.dayHours[1]) this.track(this.book(simNow));
      }
    }
    if (this.o.dispatch && this.own.size > 0 && simNow >= this.nextReview && !this.reviewing) {
      this.nextReview = simNow + t.reviewS * 1000;
      this.track(this.review(simNow));
    }
  }

  /** Books one transfer now (tests, and the tick). */
  async book(simNow: number): Promise<TransferView | null> {
    const draft = draftBooking(this.o.rng, this.o.hospitals, simNow, this.o.timing);
    if (!draft) return null;
    try {
      const booked = await this.o.client.bookTransfer(draft);
      this.own.add(booked.id);
      this.stats.booked++;
      this.o.log(
        `转运 booked: ${booked.patientName} ${booked.fromName} → ${booked.toName} ${booked.windowStart.slice(11, 16)}Z` +
          (booked.needs.length ? ` (${booked.needs.join(', ')})` : ''),
      );
      return booked;
    } catch (err) {
      this.stats.refused++;
      this.o.log(`转运 booking refused: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** The stand-in dispatcher over the simulator's own bookings: a unit ahead, the run near the window. */
  private async review(simNow: number): Promise<void> {
    this.reviewing = true;
    try {
      const days = new Set([shanghaiDate(Date.now()), shanghaiDate(simNow)]);
      const list = (await Promise.all([...days].map((d) => this.o.client.transfers(d)))).flat();
      let units: UnitView[] | null = null;
      for (const t of list) {
        if (!this.own.has(t.id)) continue;
        if (t.status !== 'booked' && t.status !== 'scheduled') {
          this.own.delete(t.id);
          continue;
        }
        if (t.status === 'booked' || t.needsReassignment) {
          units ??= await this.o.client.units();
          await this.schedule(t, units);
        } else if (simNow >= Date.parse(t.windowStart) - this.o.timing.startBeforeMinutes * 60_000) {
          // Its unit went out on an emergency since (core flags that only for windows within TRANSFER_FLAG_HOURS
          // of real time): give the booking another unit rather than start a run nobody can take.
          const unit = t.unitId === null ? null : await this.o.client.unit(t.unitId);
          if (unit && unit.status !== 'available') {
            units ??= await this.o.client.units();
            await this.schedule(t, units);
          } else {
            await this.start(t);
          }
        }
      }
    } catch (err) {
      this.o.log(`转运 review failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.reviewing = false;
    }
  }

  private async schedule(t: TransferView, units: readonly UnitView[]): Promise<void> {
    const needed = t.needs.flatMap((n) => (NEED_CAPABILITY[n] ? [NEED_CAPABILITY[n] as string] : []));
    const candidates = units.filter(
      (u) =>
        this.o.playable(u.id) &&
        u.id !== t.unitId &&
        u.kind.endsWith('_ambulance') &&
        !['off_duty', 'maintenance'].includes(u.status) &&
        needed.every((c) => u.capabilities.includes(c)),
    );
    for (let i = 0; i < 4 && candidates.length > 0; i++) {
      const u = candidates.splice(this.o.rng.int(0, candidates.length - 1), 1)[0] as UnitView;
      try {
        await this.o.client.scheduleTransfer(t.id, u.id);
        this.stats.scheduled++;
        this.o.log(`转运 ${t.id}: ${u.callSign} scheduled${t.needsReassignment ? ' (re-assigned)' : ''}`);
        return;
      } catch (err) {
        // Booked for an overlapping window, or lacking a capability: the reason says which; try another.
        if (!(err instanceof CoreApiError) || err.status >= 500) throw err;
      }
    }
  }

  private async start(t: TransferView): Promise<void> {
    try {
      const started = await this.o.client.dispatchTransfer(t.id);
      this.stats.started++;
      this.o.log(`转运 ${t.id}: run started (incident ${started.incidentId}, ${started.unitCallSign ?? '?'})`);
    } catch (err) {
      this.o.log(`转运 ${t.id} could not start: ${err instanceof Error ? err.message : String(err)}`);
      // Core keeps the run's incident pending on the board when the unit was taken meanwhile: a dispatcher sends
      // the best-ranked unit the simulator plays.
      const now = await this.o.client.transfers(shanghaiDate(Date.parse(t.windowStart))).catch(() => []);
      const incidentId = now.find((x) => x.id === t.id)?.incidentId ?? null;
      if (incidentId === null) return;
      try {
        const { recommendations } = await this.o.client.recommendations(incidentId);
        const pick = recommendations.find((r) => this.o.playable(r.unit.id));
        if (!pick) return;
        await this.o.client.assign(incidentId, pick.unit.id, `sim-transfer-${t.id}-${pick.unit.id}`);
        this.stats.started++;
        this.o.log(`转运 ${t.id}: run sent with ${pick.unit.callSign} instead (incident ${incidentId})`);
      } catch (again) {
        this.o.log(`转运 ${t.id}: incident ${incidentId} left for a dispatcher (${String(again)})`);
      }
    }
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
