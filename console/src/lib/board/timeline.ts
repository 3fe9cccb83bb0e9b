import type { AssignmentView, IncidentView } from '@c120/dispatch-core/contracts';
import type { MessageKey } from '../i18n/zh.ts';

export interface Stamp {
  at: string;
  what: MessageKey;
  /** The unit of a run's stamp. */
  unitId: number | null;
}

const RUN_STAMPS: [keyof AssignmentView, MessageKey][] = [
  ['assignedAt', 'timeline.assignedAt'],
  ['enRouteAt', 'timeline.enRouteAt'],
  ['onSceneAt', 'timeline.onSceneAt'],
  ['transportingAt', 'timeline.transportingAt'],
  ['atHospitalAt', 'timeline.atHospitalAt'],
  ['clearedAt', 'timeline.clearedAt'],
  ['endedAt', 'timeline.endedAt'],
];

/** Every recorded timestamp of an incident and its runs, oldest first. */
export function incidentStamps(incident: IncidentView): Stamp[] {
  const stamps: Stamp[] = [{ at: incident.callReceivedAt, what: 'incident.callReceived', unitId: null }];
  if (incident.createdAt !== incident.callReceivedAt) {
    stamps.push({ at: incident.createdAt, what: 'timeline.created', unitId: null });
  }
  if (incident.firstDispatchedAt)
    stamps.push({ at: incident.firstDispatchedAt, what: 'timeline.firstDispatched', unitId: null });
  for (const run of incident.assignments) {
    for (const [field, what] of RUN_STAMPS) {
      const at = run[field];
      if (typeof at === 'string' && at) stamps.push({ at, what, unitId: run.unitId });
    }
  }
  if (incident.closedAt) stamps.push({ at: incident.closedAt, what: 'timeline.closedAt', unitId: null });
  if (incident.cancelledAt) stamps.push({ at: incident.cancelledAt, what: 'timeline.cancelledAt', unitId: null });
  return stamps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** National target: command received → 出车 within 180 s. */
export const DEPARTURE_TARGET_SECONDS = 180;

const ACTOR_KINDS = ['system', 'geofence', 'terminal', 'crew', 'console'] as const;

/**
 * Who caused an event, for people: a user by display name (never "user:1"), a device by its id, the system
 * actors by their translated names.
 */
export function actorLabelOf(actor: string, name: string | null, tr: (key: MessageKey) => string): string {
  if (actor.startsWith('user:')) return name ?? tr('audit.actor.unknown');
  if (actor.startsWith('device:')) return actor.slice(7);
  const kind = ACTOR_KINDS.find((k) => k === actor);
  return kind ? tr(`audit.actor.${kind}`) : tr('audit.actor.unknown');
}
