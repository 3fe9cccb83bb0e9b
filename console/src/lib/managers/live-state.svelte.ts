import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { EventFrame, PositionsFrame } from '@c120/dispatch-core/events';
import type {
  CallView,
  HospitalView,
  IncidentView,
  RoundView,
  StateSnapshot,
  StationView,
  TransferView,
  UnitView,
} from '@c120/dispatch-core/contracts';
import type { Fix } from '../live/fixes.ts';
import { LiveModel } from '../live/live-model.ts';
import { incidentQueue, unitOrder } from '../live/queue.ts';
import type { SeqVerdict } from '../live/sequence.ts';

/**
 * Reactive dispatch state for the pages: units, incidents, stations, hospitals, positions. A thin runes wrapper
 * over `LiveModel` (which holds the rules, and is unit-tested): units and incidents live in SvelteMaps, so a
 * component re-renders when the entries it reads change; positions change every tick and are NOT reactive
 * per unit — readers watch `positionsVersion` (the map layer, throttled to animation frames).
 */
export class LiveState {
  readonly model: LiveModel;
  #loadVersion = $state(0);
  #positionsVersion = $state(0);
  #eventsVersion = $state(0);
  /**
   * Rounds (巡诊) and booked transfers (转运) this console has loaded (pages fetch a day's) or heard of since: each
   * `round.*` / `transfer.*` event carries the whole view and replaces the stored one.
   */
  readonly rounds = new SvelteMap<number, RoundView>();
  readonly transfers = new SvelteMap<number, TransferView>();
  /** Calls (来电) heard of since this console connected: each `call.*` event carries the whole view. */
  readonly calls = new SvelteMap<number, CallView>();

  constructor() {
    this.model = new LiveModel({
      units: new SvelteMap<number, UnitView>(),
      incidents: new SvelteMap<number, IncidentView>(),
      onLoad: () => this.#loadVersion++,
      onPositions: () => this.#positionsVersion++,
      onEvent: (frame) => {
        if (frame.type.startsWith('round.')) {
          const round = (frame.payload as { round: RoundView }).round;
          this.rounds.set(round.id, round);
        } else if (frame.type.startsWith('transfer.')) {
          const transfer = (frame.payload as { transfer: TransferView }).transfer;
          this.transfers.set(transfer.id, transfer);
        } else if (frame.type.startsWith('call.')) {
          const call = (frame.payload as { call: CallView }).call;
          this.calls.set(call.id, call);
        }
        this.#eventsVersion++;
      },
    });
  }

  get units(): Map<number, UnitView> {
    return this.model.units;
  }
  get incidents(): Map<number, IncidentView> {
    return this.model.incidents;
  }
  get stations(): StationView[] {
    void this.#loadVersion;
    return this.model.stations;
  }
  get hospitals(): HospitalView[] {
    void this.#loadVersion;
    return this.model.hospitals;
  }
  get staleAfterSeconds(): number {
    void this.#loadVersion;
    return this.model.staleAfterSeconds;
  }
  get waitAlarmSeconds(): readonly number[] {
    void this.#loadVersion;
    return this.model.waitAlarmSeconds;
  }

  get sceneConfirmDistanceM(): number {
    void this.#loadVersion;
    return this.model.sceneConfirmDistanceM;
  }
  get loaded(): boolean {
    return this.#loadVersion > 0;
  }
  /** Bumped by every position tick that moved a unit. */
  get positionsVersion(): number {
    return this.#positionsVersion;
  }
  /** Bumped by every applied event (for things that refresh on any change, e.g. recommendations). */
  get eventsVersion(): number {
    return this.#eventsVersion;
  }
  get lastSeq(): number {
    void this.#eventsVersion;
    void this.#loadVersion;
    return this.model.lastSeq;
  }

  /** Open incidents in queue order. */
  readonly queue = $derived(incidentQueue(this.incidents.values()));
  /** Units in list order (status group, then call sign). */
  readonly unitList = $derived(unitOrder(this.units.values()));

  load(snapshot: StateSnapshot): void {
    this.model.load(snapshot);
  }
  refreshPositions(snapshot: StateSnapshot): void {
    this.model.refreshPositions(snapshot);
  }
  /** Stores what a page fetched (events after it replace entries as they come). */
  putRounds(list: readonly RoundView[]): void {
    for (const r of list) this.rounds.set(r.id, r);
  }
  putTransfers(list: readonly TransferView[]): void {
    for (const x of list) this.transfers.set(x.id, x);
  }
  /** The live round (planned, in progress or paused) of a unit on a day, if this console knows it. */
  roundOfUnit(unitId: number, date: string): RoundView | undefined {
    for (const r of this.rounds.values()) {
      if (r.unitId === unitId && r.date === date && ['planned', 'in_progress', 'paused'].includes(r.status)) return r;
    }
    return undefined;
  }

  receive(frame: EventFrame): SeqVerdict {
    return this.model.receive(frame);
  }
  receivePositions(frame: PositionsFrame): void {
    this.model.receivePositions(frame);
  }

  /** Latest position (not reactive by itself: read `positionsVersion` or the clock alongside). */
  fixOf(unitId: number): Fix | undefined {
    return this.model.fixOf(unitId);
  }
  /** Judged on the server's clock; pass `clock.now` so that it is re-evaluated every second. */
  isStale(unitId: number, nowMs: number): boolean {
    return this.model.isStale(unitId, nowMs);
  }
  serverNow(nowMs: number): number {
    return this.model.serverNow(nowMs);
  }
  hospital(id: number | null | undefined): HospitalView | undefined {
    return id == null ? undefined : this.hospitals.find((h) => h.id === id);
  }
}

const KEY = Symbol('live-state');

export function setLiveContext(live: LiveState): LiveState {
  return setContext(KEY, live);
}

export function getLiveContext(): LiveState {
  const live = getContext<LiveState | undefined>(KEY);
  if (!live) throw new Error('LiveState missing: the root layout provides it');
  return live;
}
