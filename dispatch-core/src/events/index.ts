/**
 * The realtime vocabulary, declared once: the server emits exactly these events and the console imports this
 * module to receive them. Pure types and constants only, so the browser bundle pulls in nothing else.
 *
 * Two kinds of traffic share the WebSocket `/ws`:
 * - **events**: every state change, numbered by `seq` (the `events` table's primary key), ordered, replayable;
 *   a client that reconnects sends the last `seq` it applied and receives everything after it, then live ones;
 * - **position ticks**: the latest position per unit, coalesced over a short tick; not numbered, latest wins;
 * - **coverage frames** (to clients that subscribe with `coverage: true`): live coverage, recomputed at most
 *   every `COVERAGE_INTERVAL_MS` after units changed status or moved; not numbered, latest wins.
 */
import type { AssignmentView, IncidentNoteView, IncidentView, StatusChangeView, UnitView } from '../contracts/views.ts';
import type { RelocationView } from '../contracts/coverage.ts';
import type { CoverageReport } from '../contracts/coverage.ts';
import type { DeviceCredentialView } from '../contracts/auth.ts';
import type { RoundView, TransferView } from '../contracts/outreach.ts';
import type { CallView } from '../contracts/telephony.ts';
import type { MassCasualtyRequestView } from '../contracts/mass-casualty.ts';

/** Event type → payload. Add a new event here first; server and console both follow from it. */
export interface EventMap {
  'incident.created': { incident: IncidentView };
  'incident.updated': { incident: IncidentView };
  'incident.cancelled': { incident: IncidentView };
  'incident.closed': { incident: IncidentView };
  /** A 备注 was added to the thread (`incident.noteThread` includes it). */
  'incident.note_added': { incident: IncidentView; note: IncidentNoteView };
  /** A dispatcher acknowledged the "no unit yet" alarm (`incident.alarmAcknowledgedAt/By`). */
  'incident.alarm_acknowledged': { incident: IncidentView };
  /** The destination hospital was chosen; `missingSpecialties` it lacks (then `reason` says why). */
  'incident.destination_set': {
    incident: IncidentView;
    hospitalId: number;
    reason: string | null;
    missingSpecialties: string[];
  };
  'assignment.created': { assignment: AssignmentView; incident: IncidentView; unit: UnitView };
  'assignment.ended': { assignment: AssignmentView; incident: IncidentView; unit: UnitView };
  'unit.status_changed': { change: StatusChangeView; unit: UnitView; incident: IncidentView | null };
  'unit.updated': { unit: UnitView };
  /** Positions stopped arriving for longer than the staleness limit (or started again: `stale: false`). */
  'unit.staleness_changed': { unitId: number; stale: boolean; lastFixAt: string | null };
  /** A dispatcher posted an idle unit at another station (move-up, coverage page); it stays available. */
  'unit.relocation_ordered': { relocation: RelocationView; unit: UnitView };
  /** The crew acknowledged its move-up order on the tablet. */
  'unit.relocation_acknowledged': { relocation: RelocationView; unit: UnitView };
  /** The order ended (`relocation.endReason`: arrived, dispatched, unavailable, superseded, cancelled). */
  'unit.relocation_ended': { relocation: RelocationView; unit: UnitView };
  /** An administrator rotated a JT/T 808 terminal's auth code (identity kept): it registers again for a new one. */
  'device.auth_code_rotated': { credential: DeviceCredentialView; reason: string | null };
  /** An administrator reset a JT/T 808 terminal's registration (identity forgotten: a replaced terminal). */
  'device.registration_reset': { credential: DeviceCredentialView; reason: string | null };
  /** A round (巡诊) was planned by a health centre or the centre. */
  'round.planned': { round: RoundView };
  'round.cancelled': { round: RoundView };
  /** The vehicle's GPS dwelt at a stop (or the crew said it arrived); `stopId` is the stop. */
  'round.stop_arrived': { round: RoundView; stopId: number };
  'round.stop_departed': { round: RoundView; stopId: number };
  /** The crew confirmed or corrected a stop and entered what was done (people served, remote consultations). */
  'round.stop_recorded': { round: RoundView; stopId: number };
  /** The vehicle was taken for an emergency: the round has a gap until it is resumed. */
  'round.paused': { round: RoundView; incidentId: number };
  'round.resumed': { round: RoundView };
  /** The rest of the round was handed to another vehicle (`fromUnitId` had it). */
  'round.handed_over': { round: RoundView; fromUnitId: number };
  'round.completed': { round: RoundView };
  /** A transfer (预约转运) was booked by a health centre, hospital or the centre. */
  'transfer.booked': { transfer: TransferView };
  /** A unit was set for the booking (ahead of time, or again after it was taken for an emergency). */
  'transfer.scheduled': { transfer: TransferView };
  /** The run started: `transfer.incidentId` follows the normal lifecycle. */
  'transfer.dispatched': { transfer: TransferView };
  /** The scheduled unit was taken for an emergency: the booking needs another unit. */
  'transfer.flagged': { transfer: TransferView };
  'transfer.completed': { transfer: TransferView };
  'transfer.cancelled': { transfer: TransferView };
  /** The PBX reports a 120 call ringing (telephony seam). */
  'call.ringing': { call: CallView };
  /** A seat answered it: `call.answeredByUserId`'s board pops it (来电弹屏). */
  'call.answered': { call: CallView };
  /** It ended (`call.status` ended) or was abandoned before an answer (`abandoned`). */
  'call.ended': { call: CallView };
  /** It was taken into an incident: created from it, or attached to an open one (重复呼救): `call.linkKind`. */
  'call.linked': { call: CallView };
  /**
   * A position of the caller arrived (carrier/AML/handset feed on the seam, or the caller's browser through the
   * location link): `call.location`, with its accuracy radius. A hint the dispatcher uses explicitly.
   */
  'call.located': { call: CallView };
  /** Mass casualty (群体伤): the dispatcher sent a set of units in one action; `request` says needed vs sent. */
  'incident.mass_casualty_requested': { incidentId: number; request: MassCasualtyRequestView };
}

export type EventType = keyof EventMap;

export const EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.cancelled',
  'incident.closed',
  'incident.note_added',
  'incident.alarm_acknowledged',
  'assignment.created',
  'assignment.ended',
  'incident.destination_set',
  'unit.status_changed',
  'unit.updated',
  'unit.staleness_changed',
  'unit.relocation_ordered',
  'unit.relocation_acknowledged',
  'unit.relocation_ended',
  'device.auth_code_rotated',
  'device.registration_reset',
  'round.planned',
  'round.cancelled',
  'round.stop_arrived',
  'round.stop_departed',
  'round.stop_recorded',
  'round.paused',
  'round.resumed',
  'round.handed_over',
  'round.completed',
  'transfer.booked',
  'transfer.scheduled',
  'transfer.dispatched',
  'transfer.flagged',
  'transfer.completed',
  'transfer.cancelled',
  'call.ringing',
  'call.answered',
  'call.ended',
  'call.linked',
  'call.located',
  'incident.mass_casualty_requested',
] as const satisfies readonly EventType[];

/** One stored event as it travels: `{seq, type, payload}` plus when and by whom. */
export type EventFrame = {
  [K in EventType]: { seq: number; type: K; at: string; actor: string | null; payload: EventMap[K] };
}[EventType];

/** [unitId, lon, lat, headingDeg|null, speedKmh|null, fixAt epoch ms] — compact because it is sent a lot. */
export type PositionTuple = [number, number, number, number | null, number | null, number];

/** Latest positions of units that moved since the previous tick. */
export interface PositionsFrame {
  type: 'sys.positions';
  /** Server time the frame was built, epoch ms. */
  t: number;
  units: PositionTuple[];
}

/** Live coverage, recomputed after units changed status or moved (coalesced; see services/coverage-live.ts). */
export interface CoverageFrame {
  type: 'sys.coverage';
  report: CoverageReport;
}

/** Sent once after a (re)subscribe: replay up to `seq` is complete; live events follow. */
export interface SyncedFrame {
  type: 'sys.synced';
  seq: number;
  replayed: number;
}

/** The client's request could not be served (it stays connected unless `fatal`). */
export interface ErrorFrame {
  type: 'sys.error';
  message: string;
  fatal: boolean;
}

/**
 * In place of an event this subscriber may not see (a crew account sees only its unit and its incidents): the
 * seq is used, so the client moves its cursor on and sees no gap.
 */
export interface HiddenFrame {
  type: 'sys.hidden';
  seq: number;
}

export type ServerFrame = EventFrame | PositionsFrame | CoverageFrame | SyncedFrame | ErrorFrame | HiddenFrame;

/**
 * The one message a client sends. `afterSeq` present (0 included): replay every event with a larger seq, then
 * live ones — pass the `seq` of GET /api/state or the last event applied. Absent: live events from now on.
 */
export interface SubscribeMessage {
  type: 'subscribe';
  afterSeq?: number;
  /** Receive position ticks (default true). */
  positions?: boolean;
  /** Receive `sys.coverage` frames (default false: only the coverage page needs them). */
  coverage?: boolean;
}

export type ClientMessage = SubscribeMessage;

/**
 * WebSocket close codes the server uses (besides 1001 going away, 1013 too slow): 4000 resync required (start
 * again from GET /api/state); 4401 the session ended — signed out, revoked, expired or its user disabled or
 * changed — so reconnecting without signing in again is pointless.
 */
export const WS_CLOSE = { resync: 4000, sessionEnded: 4401 } as const;

export function isEventFrame(frame: ServerFrame): frame is EventFrame {
  return !frame.type.startsWith('sys.');
}
