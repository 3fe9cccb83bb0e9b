import type { StateSnapshot } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import type { EventFrame, EventType } from '../events/index.ts';
import { HttpError } from '../domain/errors.ts';
import type { SessionUser } from './roles.ts';
import { roundVisibleTo, transferVisibleTo } from './outreach-scope.ts';

/**
 * What a crew account may see and touch: its own unit, and the incidents that unit is (or was) assigned to.
 * Every other role sees the whole county (what it may *change* is decided by the route's roles).
 */
export function crewUnit(user: SessionUser): number | null {
  return user.role === 'crew' ? user.unitId : null;
}

export function incidentVisibleTo(user: SessionUser, incident: IncidentView): boolean {
  // A health centre (卫生院) plans rounds and books transfers; emergency calls and callers are not its business.
  if (user.role === 'health_centre') return false;
  const unit = crewUnit(user);
  if (user.role !== 'crew') return true;
  return unit !== null && incident.assignments.some((a) => a.unitId === unit);
}

/** 404, not 403, for another crew's incident: a crew need not learn which incident ids exist. */
export function assertIncidentVisible(user: SessionUser, incident: IncidentView): void {
  if (!incidentVisibleTo(user, incident)) throw new HttpError(404, `incident ${incident.id} not found`, 'not_found');
}

export function assertOwnUnit(user: SessionUser, unitId: number): void {
  if (user.role !== 'crew') return;
  if (user.unitId !== unitId) {
    throw new HttpError(403, `this crew account acts only for unit ${user.unitId ?? '(none)'}`, 'not_own_unit');
  }
}

/** The console snapshot narrowed for a crew: its unit, its active run's incident; stations and hospitals stay. */
export function scopeState(user: SessionUser, state: StateSnapshot): StateSnapshot {
  const unit = crewUnit(user);
  if (user.role === 'health_centre') return { ...state, incidents: [] };
  if (user.role !== 'crew') return state;
  return {
    ...state,
    units: state.units.filter((u) => u.id === unit),
    incidents: state.incidents.filter((i) => i.assignments.some((a) => a.unitId === unit && a.status === 'active')),
  };
}

/**
 * Events neither a crew nor a health centre receives, whatever they refer to: credentials are the
 * administrators' business, callers' numbers and mass-casualty requests the desk's.
 */
const DESK_ONLY_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'device.auth_code_rotated',
  'device.registration_reset',
  'call.ringing',
  'call.answered',
  'call.ended',
  'call.linked',
  'call.located',
  'incident.mass_casualty_requested',
]);

/** Which events a WebSocket subscriber may receive; null: all of them. */
export function eventFilterFor(user: SessionUser): ((e: EventFrame) => boolean) | null {
  if (user.role === 'health_centre') return healthCentreFilter(user);
  if (user.role !== 'crew') return null;
  const unit = user.unitId;
  return (e) => {
    if (DESK_ONLY_EVENTS.has(e.type)) return false;
    switch (e.type) {
      case 'incident.created':
      case 'incident.updated':
      case 'incident.cancelled':
      case 'incident.closed':
      case 'incident.note_added': // crews read the notes of their incident (they do not add them)
      case 'incident.alarm_acknowledged':
      case 'incident.destination_set':
        return e.payload.incident.assignments.some((a) => a.unitId === unit);
      case 'assignment.created':
      case 'assignment.ended':
      case 'unit.status_changed':
      case 'unit.updated':
      case 'unit.relocation_ordered': // a move-up order for this crew's vehicle, and its acknowledgement and end
      case 'unit.relocation_acknowledged':
      case 'unit.relocation_ended':
        return e.payload.unit.id === unit;
      case 'unit.staleness_changed':
        return e.payload.unitId === unit;
      default:
        return outreachVisible(user, e);
    }
  };
}

/**
 * A health centre sees the fleet (where its vans are, who is free) and its township's rounds and transfers, but
 * no emergency incident: events that carry one are hidden (`sys.hidden`, so its seq stays gap-free).
 */
function healthCentreFilter(user: SessionUser): (e: EventFrame) => boolean {
  return (e) => {
    if (DESK_ONLY_EVENTS.has(e.type)) return false;
    switch (e.type) {
      case 'incident.created':
      case 'incident.updated':
      case 'incident.cancelled':
      case 'incident.closed':
      case 'incident.note_added':
      case 'incident.alarm_acknowledged':
      case 'incident.destination_set':
      case 'assignment.created':
      case 'assignment.ended':
        return false;
      case 'unit.status_changed':
        return e.payload.incident === null;
      case 'unit.updated':
      case 'unit.staleness_changed':
      case 'unit.relocation_ordered':
      case 'unit.relocation_acknowledged':
      case 'unit.relocation_ended':
        return true;
      default:
        return outreachVisible(user, e);
    }
  };
}

/** Rounds (巡诊) and booked transfers (转运): the same rule for a crew and a health centre. */
function outreachVisible(user: SessionUser, e: EventFrame): boolean {
  switch (e.type) {
    case 'round.planned':
    case 'round.cancelled':
    case 'round.stop_arrived':
    case 'round.stop_departed':
    case 'round.stop_recorded':
    case 'round.paused':
    case 'round.resumed':
    case 'round.handed_over':
    case 'round.completed':
      return roundVisibleTo(user, e.payload.round);
    case 'transfer.booked':
    case 'transfer.scheduled':
    case 'transfer.dispatched':
    case 'transfer.flagged':
    case 'transfer.completed':
    case 'transfer.cancelled':
      return transferVisibleTo(user, e.payload.transfer);
    default:
      return false;
  }
}
