import type { RunOutcome, UnitStatus } from '@c120/shared/vocabulary';

/**
 * The status buttons a crew may press, by current status. A mirror of the server's lifecycle
 * (dispatch-core/src/domain/unit-status.ts) restricted to what a crew reports: `dispatched` is entered only by an
 * assignment, and turning back from dispatched/en route is the dispatcher's cancel, never a crew button. The
 * server still checks every change and answers 409 with its reason; this table only enables buttons.
 */
export const CREW_BUTTONS = ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning', 'available'] as const;
export type CrewButton = (typeof CREW_BUTTONS)[number];

const CREW_NEXT: Record<UnitStatus, readonly CrewButton[]> = {
  available: [],
  dispatched: ['en_route'],
  en_route: ['on_scene'],
  on_scene: ['transporting'], // or returning with a no-transport outcome, below
  transporting: ['at_hospital'],
  at_hospital: ['returning'],
  returning: ['available'],
  off_duty: ['available'],
  maintenance: ['available'],
  paused: ['available'],
};

export function crewNext(status: UnitStatus): readonly CrewButton[] {
  return CREW_NEXT[status];
}

/** 病人不去 / 车到人走 / 死亡不送: the run ends at the scene and the unit returns. */
export const NO_TRANSPORT_OUTCOMES = [
  'declined',
  'gone_on_arrival',
  'deceased',
] as const satisfies readonly RunOutcome[];
export type NoTransportOutcome = (typeof NO_TRANSPORT_OUTCOMES)[number];

export const canEndWithoutTransport = (status: UnitStatus): boolean => status === 'on_scene';
