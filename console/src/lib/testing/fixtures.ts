/** Tiny fixtures for the console's unit tests (never imported by the product). */
import type { EventFrame, PositionsFrame } from '@c120/dispatch-core/events';
import type { AssignmentView, IncidentView, StateSnapshot, UnitView } from '@c120/dispatch-core/contracts';

export const T0 = Date.parse('2026-11-23T08:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export function unit(id: number, over: Partial<UnitView> = {}): UnitView {
  return {
    id,
    code: `DY120-${String(id).padStart(2, '0')}`,
    callSign: `丹阳120-${String(id).padStart(2, '0')}`,
    plate: null,
    kind: 'monitoring_ambulance',
    capabilities: ['als'],
    stationId: 1,
    status: 'available',
    statusSince: iso(T0),
    position: { lon: 119.57, lat: 32.0 },
    headingDeg: null,
    speedKmh: null,
    fixAt: iso(T0),
    stale: false,
    activeAssignmentId: null,
    activeIncidentId: null,
    moveUp: null,
    ...over,
  };
}

export function incident(id: number, over: Partial<IncidentView> = {}): IncidentView {
  return {
    id,
    status: 'pending',
    priority: 2,
    complaint: '胸痛',
    callerPhone: null,
    callerName: null,
    address: '司徒镇',
    placeId: null,
    placeName: null,
    townshipCode: null,
    townshipName: null,
    location: { lon: 119.46, lat: 31.93 },
    patients: 1,
    infectious: false,
    requiredCapabilities: [],
    notes: null,
    callReceivedAt: iso(T0),
    createdAt: iso(T0),
    updatedAt: iso(T0),
    firstDispatchedAt: null,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    destinationHospitalId: null,
    destinationReason: null,
    closeReason: null,
    closeReasonText: null,
    alarmAcknowledgedAt: null,
    alarmAcknowledgedBy: null,
    noteThread: [],
    neededSpecialties: ['chest_pain'],
    destinationMissingSpecialties: [],
    assignments: [],
    ...over,
  };
}

export function assignment(
  id: number,
  incidentId: number,
  unitId: number,
  over: Partial<AssignmentView> = {},
): AssignmentView {
  return {
    id,
    incidentId,
    unitId,
    status: 'active',
    assignedAt: iso(T0 + 60_000),
    enRouteAt: null,
    onSceneAt: null,
    transportingAt: null,
    atHospitalAt: null,
    clearedAt: null,
    endedAt: null,
    outcome: null,
    destinationHospitalId: null,
    endReason: null,
    ...over,
  };
}

export function snapshot(over: Partial<StateSnapshot> = {}): StateSnapshot {
  return {
    seq: 10,
    serverTime: iso(T0),
    units: [unit(1), unit(2)],
    incidents: [],
    stations: [],
    hospitals: [],
    staleAfterSeconds: 90,
    waitAlarmSeconds: [60, 120, 300, 600],
    sceneConfirmDistanceM: 500,
    ...over,
  };
}

export function frame<F extends EventFrame>(seq: number, type: F['type'], payload: F['payload']): EventFrame {
  return { seq, type, at: iso(T0 + seq * 1000), actor: 'console', payload } as EventFrame;
}

export function positions(t: number, units: PositionsFrame['units']): PositionsFrame {
  return { type: 'sys.positions', t, units };
}
