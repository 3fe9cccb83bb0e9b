import type { ResponseIntervals } from '../contracts/api.ts';
import type { AssignmentView, IncidentView } from '../contracts/views.ts';

const secondsBetween = (from: string | null, to: string | null): number | null =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10 : null;

/**
 * The run that answers for the incident's response times: the first unit to reach the scene; before any
 * arrival, the earliest run not cancelled or reassigned; failing that, the first run.
 */
export function respondingRun(incident: IncidentView): AssignmentView | null {
  const runs = incident.assignments;
  const arrived = runs.filter((a) => a.onSceneAt).sort((a, b) => Date.parse(a.onSceneAt!) - Date.parse(b.onSceneAt!));
  return arrived[0] ?? runs.find((a) => a.outcome !== 'cancelled' && a.outcome !== 'reassigned') ?? runs[0] ?? null;
}

/**
 * Response intervals, derived only from recorded timestamps (never typed in):
 * call→dispatch (受理→派车), dispatch→en route (派车→出车, the "3-minute departure"), en route→scene,
 * call→scene (受理→到达现场, the national average-response-time indicator), scene→hospital, and total
 * (call → run cleared or incident closed).
 */
export function responseIntervals(incident: IncidentView): ResponseIntervals {
  const run = respondingRun(incident);
  return {
    callToDispatch: secondsBetween(incident.callReceivedAt, incident.firstDispatchedAt),
    dispatchToEnRoute: secondsBetween(run?.assignedAt ?? null, run?.enRouteAt ?? null),
    enRouteToScene: secondsBetween(run?.enRouteAt ?? null, run?.onSceneAt ?? null),
    callToScene: secondsBetween(incident.callReceivedAt, run?.onSceneAt ?? null),
    sceneToHospital: secondsBetween(run?.onSceneAt ?? null, run?.atHospitalAt ?? null),
    total: secondsBetween(incident.callReceivedAt, run?.clearedAt ?? incident.closedAt ?? incident.cancelledAt),
  };
}
