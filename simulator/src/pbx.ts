/**
 * The simulated PBX (issue 13): the simulator's callers ring the centre through the telephony seam
 * (`POST /api/telephony/events`, `Authorization: Bearer <TELEPHONY_TOKEN>`) as a real CTI gateway would —
 * ringing, a seat answers after a realistic delay (mostly under 10 s, some longer), some callers hang up before
 * anyone answers (abandoned) — and the incident is then created from the answered call (`callId`), so the
 * 10-second answer rate on /analytics is alive.
 *
 * Times: the wait happens in wall time divided by the time scale, but the events are stamped (`at`) so that the
 * recorded ring → answer is the simulated delay (the ring is back-dated by what the time scale saved; every
 * stamp lies in the past, as the seam requires).
 */
import type { TelephonyEventBody, TelephonyEventResult } from '@c120/dispatch-core/contracts';
import type { Rng } from './random.ts';

export interface PbxTiming {
  /** Share of answered calls a seat picks up within 10 s (the national target is ≥ 95 %). */
  answeredWithin10sShare: number;
  /** Ring → answer within 10 s, seconds (uniform). */
  quickAnswerS: [number, number];
  /** Ring → answer for the others (all seats busy), seconds (uniform). */
  slowAnswerS: [number, number];
  /** Share of calls whose caller hangs up before an answer (abandoned). */
  abandonShare: number;
  /** How long an abandoning caller lets it ring, seconds (uniform). */
  abandonAfterS: [number, number];
  /** Answer → hang-up (the call-taker's questions), seconds (uniform); the incident is created meanwhile. */
  talkS: [number, number];
  /** Seats (extensions) that answer. */
  seats: readonly string[];
}

export const DEFAULT_PBX_TIMING: PbxTiming = {
  answeredWithin10sShare: 0.93,
  quickAnswerS: [2, 9.5],
  slowAnswerS: [10.5, 45],
  abandonShare: 0.04,
  abandonAfterS: [3, 25],
  talkS: [60, 150],
  seats: ['8001', '8002', '8003', '8004'],
};

/** What happens to one call, drawn up front (pure; tested). */
export type CallFate =
  { kind: 'answered'; ringS: number; seat: string; talkS: number } | { kind: 'abandoned'; ringS: number };

export function drawCallFate(rng: Rng, t: PbxTiming): CallFate {
  if (rng.chance(t.abandonShare)) return { kind: 'abandoned', ringS: rng.uniform(...t.abandonAfterS) };
  const quick = rng.chance(t.answeredWithin10sShare);
  return {
    kind: 'answered',
    ringS: quick ? rng.uniform(...t.quickAnswerS) : rng.uniform(...t.slowAnswerS),
    seat: rng.pick(t.seats),
    talkS: rng.uniform(...t.talkS),
  };
}

/**
 * The stamp of the ringing event: now, back-dated by the wall time the time scale saves, so that
 * `ringAt + ringS` is the moment the answer is sent (never in the future).
 */
export function ringStamp(nowMs: number, ringS: number, timeScale: number): number {
  return nowMs - Math.max(0, ringS * 1000 - (ringS * 1000) / timeScale);
}

/** A caller's number as a PBX gives it: digits only (`0511-86123456` → `051186123456`). */
export function pbxNumber(phone: string): string | undefined {
  const digits = phone.replace(/[^0-9]/g, '');
  return digits.length > 0 && digits.length <= 31 ? digits : undefined;
}

export interface AnsweredCall {
  /** core's call id, for `POST /api/incidents { callId }`. */
  id: number;
  /** The caller hangs up after the talk time (sends `ended`). */
  hangUp(): void;
}

export interface PbxOptions {
  coreUrl: string;
  token: string;
  rng: Rng;
  timeScale: number;
  timing: PbxTiming;
  log: (line: string) => void;
  timeoutMs?: number;
}

export class SimPbx {
  private seq = 0;
  private readonly prefix = `sim-${Date.now().toString(36)}`;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly stats = { rang: 0, answered: 0, answeredWithin10s: 0, abandoned: 0, refused: 0 };

  constructor(private readonly o: PbxOptions) {}

  /**
   * One call: ringing, then answered by a seat (resolves with core's call) or abandoned (resolves 'abandoned').
   * null: the seam refused or failed (wrong token, core down) — the caller is then taken as before, without a call.
   */
  async ring(
    callerPhone: string,
    fate: CallFate = drawCallFate(this.o.rng, this.o.timing),
  ): Promise<AnsweredCall | 'abandoned' | null> {
    const callId = `${this.prefix}-${++this.seq}`;
    const ringAt = ringStamp(Date.now(), fate.ringS, this.o.timeScale);
    const number = pbxNumber(callerPhone);
    const rung = await this.send({
      callId,
      event: 'ringing',
      at: new Date(ringAt).toISOString(),
      ...(number ? { callerNumber: number } : {}),
      line: '120-trunk-1',
    });
    if (!rung) return null;
    this.stats.rang++;
    await this.sleep((fate.ringS * 1000) / this.o.timeScale);
    const at = new Date(Math.min(Date.now(), ringAt + fate.ringS * 1000)).toISOString();
    if (fate.kind === 'abandoned') {
      if (await this.send({ callId, event: 'abandoned', at })) this.stats.abandoned++;
      this.o.log(`phone: ${callerPhone} hung up after ${fate.ringS.toFixed(0)} s of ringing (abandoned)`);
      return 'abandoned';
    }
    const answered = await this.send({ callId, event: 'answered', at, seat: fate.seat });
    if (!answered) return null;
    this.stats.answered++;
    if (fate.ringS <= 10) this.stats.answeredWithin10s++;
    return {
      id: answered.call.id,
      hangUp: () => {
        const p = this.sleep((fate.talkS * 1000) / this.o.timeScale).then(() =>
          this.send({ callId, event: 'ended', at: new Date().toISOString() }),
        );
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      },
    };
  }

  /** Stops waiting (pending hang-ups are sent at once) and waits for requests in flight. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private sleep(ms: number): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      const signal = this.abort.signal;
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private async send(body: TelephonyEventBody): Promise<TelephonyEventResult | null> {
    try {
      const res = await fetch(`${this.o.coreUrl}/api/telephony/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
      });
      const text = await res.text();
      if (!res.ok) {
        this.stats.refused++;
        this.o.log(`phone: ${body.event} of ${body.callId} refused — ${res.status} ${text.slice(0, 200)}`);
        return null;
      }
      return JSON.parse(text) as TelephonyEventResult;
    } catch (err) {
      this.stats.refused++;
      this.o.log(`phone: ${body.event} of ${body.callId} failed — ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
}
