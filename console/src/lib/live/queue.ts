import type { IncidentView, UnitView } from '@c120/dispatch-core/contracts';
import type { IncidentStatus, UnitStatus } from '@c120/db/vocabulary';

const ENDED: readonly IncidentStatus[] = ['closed', 'cancelled'];

export const isOpen = (incident: IncidentView): boolean => !ENDED.includes(incident.status);

/** Active runs of an incident (assignments not ended). */
export const activeRuns = (incident: IncidentView) => incident.assignments.filter((a) => a.status === 'active');

/**
 * The dispatcher's queue: open incidents, most urgent priority first; within a priority those still waiting
 * for a unit first, then the oldest call first.
 */
export function incidentQueue(incidents: Iterable<IncidentView>): IncidentView[] {
  return [...incidents]
    .filter(isOpen)
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        Number(a.status !== 'pending') - Number(b.status !== 'pending') ||
        Date.parse(a.callReceivedAt) - Date.parse(b.callReceivedAt) ||
        a.id - b.id,
    );
}

/** Display order of statuses in the unit list: dispatchable first, then on a run, then out of service. */
export const STATUS_ORDER: readonly UnitStatus[] = [
  'available',
  'returning',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'paused',
  'maintenance',
  'off_duty',
];

export type UnitGroup = 'available' | 'busy' | 'out';

export function unitGroup(status: UnitStatus): UnitGroup {
  if (status === 'available') return 'available';
  if (status === 'off_duty' || status === 'maintenance' || status === 'paused') return 'out';
  return 'busy';
}

export function unitOrder(units: Iterable<UnitView>): UnitView[] {
  return [...units].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.callSign.localeCompare(b.callSign, 'zh-CN', { numeric: true }),
  );
}
