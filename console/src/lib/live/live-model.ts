import type { EventFrame, PositionsFrame } from '@c120/dispatch-core/events';
import type { HospitalView, IncidentView, StateSnapshot, StationView, UnitView } from '@c120/dispatch-core/contracts';
import { applyEvent, putUnit, type LiveCollections } from './apply-event.ts';
import { applyPositions, fixOfUnit, isStale, offerFix, type Fix, type FixMap } from './fixes.ts';
import { judgeSeq, type SeqVerdict } from './sequence.ts';

export interface LiveModelOptions {
  /** Map instances to fill (the console passes SvelteMaps so that reads are reactive). */
  units?: Map<number, UnitView>;
  incidents?: Map<number, IncidentView>;
  /** Called after a snapshot was loaded. */
  onLoad?: () => void;
  /** Called after a position tick moved at least one unit. */
  onPositions?: () => void;
  /** Called after an event was applied. */
  onEvent?: (frame: EventFrame) => void;
}

/**
 * The console's copy of the dispatch state: the snapshot of GET /api/state, then every event after its `seq`,
 * in order, and the position ticks. Plain TypeScript (no runes) so that it is testable as it is; the runes
 * wrapper `LiveState` gives it reactive maps and counters.
 */
export class LiveModel implements LiveCollections {
  readonly units: Map<number, UnitView>;
  readonly incidents: Map<number, IncidentView>;
  /** Latest position per unit; not reactive (it changes every tick): readers watch the positions counter. */
  readonly fixes: FixMap = new Map();
  stations: StationView[] = [];
  hospitals: HospitalView[] = [];
  staleAfterSeconds = 90;
  /** "No unit yet" alarm thresholds, seconds, priority 1–4 (server setting WAIT_ALARM_SECONDS). */
  waitAlarmSeconds: readonly number[] = [60, 120, 300, 600];
  sceneConfirmDistanceM = 500;
  /** Seq of the last event applied (or of the snapshot). */
  lastSeq = 0;
  loaded = false;
  /** Server clock minus browser clock, ms: staleness is judged on the server's clock. */
  clockOffsetMs = 0;

  constructor(private readonly opts: LiveModelOptions = {}) {
    this.units = opts.units ?? new Map();
    this.incidents = opts.incidents ?? new Map();
  }

  /** Replaces everything with a snapshot; events after `snapshot.seq` follow. */
  load(snapshot: StateSnapshot, receivedAtMs = Date.now()): void {
    this.units.clear();
    this.incidents.clear();
    this.fixes.clear();
    for (const unit of snapshot.units) putUnit(this, unit);
    for (const incident of snapshot.incidents) this.incidents.set(incident.id, incident);
    this.stations = snapshot.stations;
    this.hospitals = snapshot.hospitals;
    this.staleAfterSeconds = snapshot.staleAfterSeconds;
    this.waitAlarmSeconds = snapshot.waitAlarmSeconds;
    this.sceneConfirmDistanceM = snapshot.sceneConfirmDistanceM;
    this.lastSeq = snapshot.seq;
    this.clockOffsetMs = Date.parse(snapshot.serverTime) - receivedAtMs;
    this.loaded = true;
    this.opts.onLoad?.();
  }

  /**
   * Positions only, from a newer snapshot (after a reconnect: ticks carry only units that moved since the
   * previous tick, so a unit that moved and stopped while we were away would otherwise stay where it was).
   */
  refreshPositions(snapshot: StateSnapshot): void {
    let moved = 0;
    for (const unit of snapshot.units) if (offerFix(this.fixes, unit.id, fixOfUnit(unit))) moved++;
    if (moved > 0) this.opts.onPositions?.();
  }

  /** Applies an event if it is the next one; reports duplicates and gaps without applying them. */
  receive(frame: EventFrame): SeqVerdict {
    const verdict = judgeSeq(this.lastSeq, frame.seq);
    if (verdict !== 'apply') return verdict;
    applyEvent(this, frame);
    this.lastSeq = frame.seq;
    this.opts.onEvent?.(frame);
    return verdict;
  }

  /** An event this account may not see (`sys.hidden`): only its seq moves the cursor on. */
  skip(seq: number): SeqVerdict {
    const verdict = judgeSeq(this.lastSeq, seq);
    if (verdict === 'apply') this.lastSeq = seq;
    return verdict;
  }

  receivePositions(frame: PositionsFrame, receivedAtMs = Date.now()): number {
    this.clockOffsetMs = frame.t - receivedAtMs;
    const moved = applyPositions(this.fixes, frame);
    if (moved > 0) this.opts.onPositions?.();
    return moved;
  }

  serverNow(nowMs = Date.now()): number {
    return nowMs + this.clockOffsetMs;
  }

  fixOf(unitId: number): Fix | undefined {
    return this.fixes.get(unitId);
  }

  isStale(unitId: number, nowMs = Date.now()): boolean {
    return isStale(this.fixes.get(unitId), this.serverNow(nowMs), this.staleAfterSeconds);
  }
}
