/**
 * The callers and, optionally, a stand-in dispatcher: raises calls as a Poisson process in simulated time and,
 * when `autoDispatchAfterSeconds` is set, assigns the nearest unit to any of its own calls nobody has assigned
 * by then (so an unattended demo stays alive). Calls a person entered are never touched.
 */
import type { EventFrame } from '@c120/dispatch-core/events';
import type { CallGenerator } from './calls.ts';
import { CoreApiError, type CoreClient } from './core-client.ts';
import type { SimPbx } from './pbx.ts';
import type { Rng } from './random.ts';

export interface CallDeskOptions {
  client: CoreClient;
  calls: CallGenerator;
  rng: Rng;
  ratePerHour: number;
  /** Simulated seconds; null: never auto-dispatch. */
  autoDispatchAfterSeconds: number | null;
  log: (line: string) => void;
  /**
   * When only some of core's units are simulated: auto-dispatch picks the best-ranked unit the simulator
   * plays (a unit nobody drives would sit dispatched for ever). Absent: the server's `nearest`.
   */
  playable?: (unitId: number) => boolean;
  /** Calls ring through the telephony seam first (pbx.ts); absent: incidents are created directly. */
  pbx?: SimPbx | null;
}

interface Watched {
  due: number;
  attempts: number;
  busy: boolean;
}

const RETRY_S = 60;
const MAX_ATTEMPTS = 30;

export class CallDesk {
  private nextCallAt: number | null = null;
  private readonly watched = new Map<number, Watched>();
  /** Incidents seen assigned or ended in the stream, in case the stream is faster than our POST's answer. */
  private readonly settled = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  readonly stats = { calls: 0, failedCalls: 0, autoDispatched: 0 };

  constructor(private readonly o: CallDeskOptions) {}

  tick(simNow: number): void {
    if (this.stopped) return;
    if (this.o.ratePerHour > 0) {
      this.nextCallAt ??= simNow + this.gap();
      // Several calls per tick at high rates or time scales: a burst, as real call volume has.
      for (let n = 0; simNow >= this.nextCallAt && n < 100; n++) {
        this.nextCallAt += this.gap();
        this.track(this.raiseCall(simNow));
      }
    }
    for (const [id, w] of this.watched) {
      if (!w.busy && simNow >= w.due) this.track(this.autoDispatch(id, w, simNow));
    }
  }

  onEvent(e: EventFrame): void {
    switch (e.type) {
      case 'assignment.created':
      case 'incident.cancelled':
      case 'incident.closed': {
        const id = e.payload.incident.id;
        this.watched.delete(id);
        this.settled.add(id);
        if (this.settled.size > 10_000) this.settled.delete(this.settled.values().next().value as number);
        break;
      }
      default:
        break;
    }
  }

  /** Raises one call now (also used by tests and by a demo's "new call" button). */
  async raiseCall(simNow: number): Promise<number | null> {
    const call = this.o.calls.next();
    const line = this.o.pbx ? await this.o.pbx.ring(call.body.callerPhone ?? '') : null;
    if (line === 'abandoned' || this.stopped) return null;
    try {
      const incident = await this.o.client.createIncident(line ? { ...call.body, callId: line.id } : call.body);
      line?.hangUp();
      this.stats.calls++;
      this.o.log(
        `call: incident ${incident.id} P${incident.priority} ${incident.complaint}${incident.infectious ? ' (infectious)' : ''} at ${call.body.address} (${call.body.callerPhone})`,
      );
      if (this.o.autoDispatchAfterSeconds !== null && !this.settled.has(incident.id) && !this.stopped) {
        this.watched.set(incident.id, {
          due: simNow + this.o.autoDispatchAfterSeconds * 1000,
          attempts: 0,
          busy: false,
        });
      }
      return incident.id;
    } catch (err) {
      this.stats.failedCalls++;
      this.o.log(`call could not be raised: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watched.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private gap(): number {
    return this.o.rng.exponential(3_600_000 / this.o.ratePerHour);
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async assignPlayable(incidentId: number, key: string) {
    const { recommendations } = await this.o.client.recommendations(incidentId);
    const pick = recommendations.find((r) => this.o.playable?.(r.unit.id));
    if (!pick) throw new CoreApiError(409, 'no simulated unit available', 'no_unit_available');
    return this.o.client.assign(incidentId, pick.unit.id, key);
  }

  private async autoDispatch(incidentId: number, w: Watched, simNow: number): Promise<void> {
    w.busy = true;
    w.attempts++;
    try {
      // Look first: a dispatcher may have assigned it a moment ago, and a second unit must not be sent.
      const { incident } = await this.o.client.incident(incidentId);
      if (incident.status !== 'pending' || incident.assignments.some((a) => a.status === 'active')) {
        this.watched.delete(incidentId);
        return;
      }
      const key = `sim-autodispatch-${incidentId}-${w.attempts}`;
      const res = this.o.playable
        ? await this.assignPlayable(incidentId, key)
        : await this.o.client.assignNearest(incidentId, key);
      this.watched.delete(incidentId);
      this.stats.autoDispatched++;
      this.o.log(`auto-dispatch: incident ${incidentId} → ${res.unit.callSign} (nobody assigned it)`);
    } catch (err) {
      const code = err instanceof CoreApiError ? err.code : undefined;
      if (
        code === 'incident_ended' ||
        // Someone assigned it between our look and our POST: the server refused a silent second unit.
        code === 'incident_has_active_run' ||
        (err instanceof CoreApiError && err.status === 404) ||
        w.attempts >= MAX_ATTEMPTS
      ) {
        this.watched.delete(incidentId);
        return;
      }
      if (w.attempts === 1 || code !== 'no_unit_available') {
        this.o.log(
          `auto-dispatch of incident ${incidentId} failed (${err instanceof Error ? err.message : String(err)}); retrying`,
        );
      }
      w.due = simNow + RETRY_S * 1000;
    } finally {
      w.busy = false;
    }
  }
}
