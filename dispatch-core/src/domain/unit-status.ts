import type { RunOutcome, UnitStatus } from '@c120/shared/vocabulary';

/**
 * The unit status lifecycle (DESIGN.md), as Chinese 120 centres run it:
 * available 待命 → dispatched 已派车 → en_route 出车 → on_scene 到达现场 → transporting 病人上车 →
 * at_hospital 送达医院 → returning 任务完成/回站 → available. From on_scene a run may end without transport
 * (病人不去 / 车到人走 / 死亡不送) → returning. off_duty 未值班, maintenance 维修, paused 暂停调用 take a unit out of
 * dispatch. Cancelling from dispatched returns the unit to available; from en_route it drives back (returning).
 * `dispatched` is entered only by an assignment, never by a status report.
 */
const TRANSITIONS: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['dispatched', 'off_duty', 'maintenance', 'paused'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'returning'],
  on_scene: ['transporting', 'returning'],
  transporting: ['at_hospital'],
  at_hospital: ['returning'],
  returning: ['available', 'off_duty', 'maintenance'],
  off_duty: ['available', 'maintenance'],
  maintenance: ['available', 'off_duty'],
  paused: ['available', 'off_duty', 'maintenance'],
};

/** Statuses in which a unit is on a run (has an active assignment). */
export const ON_RUN: readonly UnitStatus[] = ['dispatched', 'en_route', 'on_scene', 'transporting', 'at_hospital'];

/** Outcomes that end a run at the scene without transport. */
export const NO_TRANSPORT_OUTCOMES: readonly RunOutcome[] = ['declined', 'gone_on_arrival', 'deceased'];

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export interface TransitionRequest {
  from: UnitStatus;
  to: UnitStatus;
  outcome?: RunOutcome | undefined;
  /** True when the change is made by the assignment service (the only way into `dispatched`). */
  byAssignment?: boolean;
  /** True when a dispatcher cancels or reassigns the run. */
  byCancel?: boolean;
}

export function checkTransition(req: TransitionRequest): TransitionCheck {
  const { from, to } = req;
  if (from === to) return { ok: false, reason: `unit is already ${to}` };
  if (!TRANSITIONS[from].includes(to)) {
    return { ok: false, reason: `a unit that is ${from} cannot become ${to}` };
  }
  if (to === 'dispatched' && !req.byAssignment) {
    return { ok: false, reason: 'a unit becomes dispatched only by an assignment' };
  }
  if (from === 'dispatched' && to === 'available' && !req.byCancel) {
    return { ok: false, reason: 'a dispatched unit is released by cancelling its assignment' };
  }
  if (from === 'en_route' && to === 'returning' && !req.byCancel) {
    return { ok: false, reason: 'an en-route unit turns back only when its assignment is cancelled' };
  }
  if (from === 'on_scene' && to === 'returning' && !req.byCancel) {
    if (!req.outcome || !NO_TRANSPORT_OUTCOMES.includes(req.outcome)) {
      return {
        ok: false,
        reason: 'leaving the scene without a patient needs an outcome: declined, gone_on_arrival or deceased',
      };
    }
  }
  return { ok: true };
}

export function allowedNext(from: UnitStatus): readonly UnitStatus[] {
  return TRANSITIONS[from];
}
