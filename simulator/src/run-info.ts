/** The facts of a unit's current run, read from the incident views core sends (events, state, GET incident). */
import type { AssignmentView, IncidentView } from '@c120/dispatch-core/contracts';
import type { RunInfo } from './crew.ts';
import type { LonLat } from './geo.ts';

export function runFromIncident(
  incident: IncidentView,
  unitId: number,
  hospitalAt: (id: number) => LonLat | null,
  assignment?: AssignmentView,
): RunInfo | null {
  const a = assignment ?? incident.assignments.find((x) => x.unitId === unitId && x.status === 'active');
  if (!a) return null;
  const hospitalId = a.destinationHospitalId ?? incident.destinationHospitalId;
  return {
    assignmentId: a.id,
    incidentId: incident.id,
    scene: [incident.location.lon, incident.location.lat],
    priority: incident.priority,
    hospitalId,
    hospitalAt: hospitalId === null ? null : hospitalAt(hospitalId),
  };
}
