import type { IncidentView, UnitView } from '@c120/dispatch-core/contracts';
import type { IncidentStatus, UnitStatus } from '@c120/shared/vocabulary';

const ENDED: readonly IncidentStatus[] = ['closed', 'cancelled'];

export const isOpen = (incident: IncidentView): boolean => !ENDED.includes(incident.status);

/** Active runs of an incident (assignments not ended). */
export const activeRuns = (incident: IncidentView) => incident.assignments.filter((a) => a.status === 'active');

/** Open and no unit on it (never dispatched, or its runs were cancelled before anyone reached the scene). */
export const isWaiting = (incident: IncidentView): boolean => isOpen(incident) && activeRuns(incident).length === 0;

/**
 * The dispatcher's queue: open incidents; those without a unit first (a P3 nobody is driving to outranks a P1
 * already on scene), then the most urgent priority, then the oldest call.
 */
export function incidentQueue(incidents: Iterable<IncidentView>): IncidentView[] {
  return [...incidents]
    .filter(isOpen)
    .sort(
      (a, b) =>
        Number(!isWaiting(a)) - Number(!isWaiting(b)) ||
        a.priority - b.priority ||
        Date.parse(a.callReceivedAt) - Date.parse(b.callReceivedAt) ||
        a.id - b.id,
    );
}

/** One phase's timer: seconds so far (or final), and whether it is still counting. */
export interface PhaseTimer {
  seconds: number;
  running: boolean;
}

export interface PhaseTimers {
  /** Call received → first unit dispatched (runs again, from the call, if every run is cancelled). */
  waiting: PhaseTimer;
  /** First dispatch → first unit on scene; null before any dispatch. */
  dispatched: PhaseTimer | null;
  /** First unit on scene → no unit left on scene (patient loaded, run ended, incident closed); null before. */
  onScene: PhaseTimer | null;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};
const minOf = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
};
const maxOf = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
};
const timer = (start: number, end: number | null, nowMs: number): PhaseTimer => ({
  seconds: Math.max(0, Math.floor(((end ?? nowMs) - start) / 1000)),
  running: end === null,
});

/**
 * Timers per phase (waiting → dispatched → on scene), each stopping when its phase ends, from the stamps the
 * server recorded. Replaces the old single "已等待" that kept counting through the whole run.
 */
export function phaseTimers(incident: IncidentView, nowMs: number): PhaseTimers {
  const open = isOpen(incident);
  const endedAt = ms(incident.closedAt) ?? ms(incident.cancelledAt);
  const runs = incident.assignments;
  const received = ms(incident.callReceivedAt) ?? nowMs;
  const firstDispatch = ms(incident.firstDispatchedAt) ?? minOf(runs.map((r) => ms(r.assignedAt)));
  const firstOnScene = minOf(runs.map((r) => ms(r.onSceneAt)));
  const waitingAgain = open && isWaiting(incident) && firstOnScene === null;

  const waiting = waitingAgain
    ? timer(received, null, nowMs)
    : timer(received, firstDispatch ?? endedAt ?? nowMs, nowMs);
  let dispatched: PhaseTimer | null = null;
  if (firstDispatch !== null && !waitingAgain) {
    const lastEnd = maxOf(runs.map((r) => ms(r.endedAt)));
    const end = firstOnScene ?? (activeRuns(incident).length > 0 && open ? null : (lastEnd ?? endedAt ?? nowMs));
    dispatched = timer(firstDispatch, end, nowMs);
  }
  let onScene: PhaseTimer | null = null;
  if (firstOnScene !== null) {
    const scene = runs.filter((r) => r.onSceneAt);
    const stillThere = open && scene.some((r) => !r.transportingAt && !r.endedAt);
    const left = maxOf(scene.map((r) => ms(r.transportingAt) ?? ms(r.endedAt)));
    onScene = timer(firstOnScene, stillThere ? null : (left ?? endedAt ?? nowMs), nowMs);
  }
  return { waiting, dispatched, onScene };
}

export interface WaitAlarm {
  /** Waiting beyond its priority's threshold. */
  overdue: boolean;
  /** Overdue and not silenced by a recent acknowledgement: sound and flashing on every dispatcher console. */
  ringing: boolean;
  thresholdSeconds: number;
}

/** An acknowledgement silences an alarm for its threshold again, but never for less than this. */
export const MIN_ACK_SILENCE_SECONDS = 60;

/**
 * The "no unit yet" alarm of an incident. It rings from `callReceived + threshold` until a unit is assigned; an
 * acknowledgement silences it for one more threshold, at least a minute (then it rings again if still nobody is
 * assigned): an acknowledgement says "I am on it", it does not make the patient wait less.
 */
export function waitAlarm(incident: IncidentView, nowMs: number, thresholds: readonly number[]): WaitAlarm {
  const thresholdSeconds = thresholds[incident.priority - 1] ?? thresholds[thresholds.length - 1] ?? 60;
  const limitMs = thresholdSeconds * 1000;
  const received = ms(incident.callReceivedAt) ?? nowMs;
  const overdue = isWaiting(incident) && nowMs - received >= limitMs;
  const ack = ms(incident.alarmAcknowledgedAt);
  const silenced = ack !== null && nowMs - ack < Math.max(limitMs, MIN_ACK_SILENCE_SECONDS * 1000);
  return { overdue, ringing: overdue && !silenced, thresholdSeconds };
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
