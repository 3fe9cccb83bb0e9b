import type { EventFrame } from '@c120/dispatch-core/events';
import type { IncidentView, UnitView } from '@c120/dispatch-core/contracts';
import { fixOfUnit, offerFix, type FixMap } from './fixes.ts';

export interface LiveCollections {
  units: Map<number, UnitView>;
  incidents: Map<number, IncidentView>;
  fixes: FixMap;
}

/** Stores a unit view; its position is offered to the fixes (latest wins, see `offerFix`). */
export function putUnit(data: LiveCollections, unit: UnitView): void {
  data.units.set(unit.id, unit);
  offerFix(data.fixes, unit.id, fixOfUnit(unit));
}

/** Events are applied in seq order, so the view an event carries is the newest: it replaces the stored one. */
export function putIncident(data: LiveCollections, incident: IncidentView): void {
  data.incidents.set(incident.id, incident);
}

/** Applies one event's payload to the collections. Order and duplicates are the caller's business (judgeSeq). */
export function applyEvent(data: LiveCollections, frame: EventFrame): void {
  switch (frame.type) {
    case 'incident.created':
    case 'incident.updated':
    case 'incident.cancelled':
    case 'incident.closed':
    case 'incident.note_added':
    case 'incident.alarm_acknowledged':
    case 'incident.destination_set':
      putIncident(data, frame.payload.incident);
      return;
    case 'assignment.created':
    case 'assignment.ended':
      putIncident(data, frame.payload.incident);
      putUnit(data, frame.payload.unit);
      return;
    case 'unit.status_changed':
      putUnit(data, frame.payload.unit);
      if (frame.payload.incident) putIncident(data, frame.payload.incident);
      return;
    case 'unit.updated':
    case 'unit.relocation_ordered':
    case 'unit.relocation_acknowledged':
    case 'unit.relocation_ended':
      putUnit(data, frame.payload.unit);
      return;
    case 'unit.staleness_changed': {
      const { unitId, stale, lastFixAt } = frame.payload;
      const unit = data.units.get(unitId);
      if (unit) data.units.set(unitId, { ...unit, stale, fixAt: lastFixAt ?? unit.fixAt });
      return;
    }
    // Device credentials: administrators' audit trail, nothing on the board changes. Rounds (巡诊), booked
    // transfers (转运) and calls (来电) are kept by LiveState's own maps (see live-state.svelte.ts).
    case 'device.auth_code_rotated':
    case 'device.registration_reset':
    case 'round.planned':
    case 'round.cancelled':
    case 'round.stop_arrived':
    case 'round.stop_departed':
    case 'round.stop_recorded':
    case 'round.paused':
    case 'round.resumed':
    case 'round.handed_over':
    case 'round.completed':
    case 'transfer.booked':
    case 'transfer.scheduled':
    case 'transfer.dispatched':
    case 'transfer.flagged':
    case 'transfer.completed':
    case 'transfer.cancelled':
    case 'call.ringing':
    case 'call.answered':
    case 'call.ended':
    case 'call.linked':
    case 'call.located':
    case 'incident.mass_casualty_requested': // the incident panel re-reads its mass-casualty status
      return;
    default: {
      // A newer server may send event types this console does not know yet: ignore them (seq still advances).
      const _unknown: never = frame;
      return;
    }
  }
}
