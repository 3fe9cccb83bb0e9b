import type { UnitKind } from '@c120/shared/vocabulary';

/**
 * Ranking of candidate units for an incident. Hard filter (in SQL): available, has every required capability.
 * Soft order: estimated drive time plus penalties, so that a much closer "wrong" unit can still win:
 * - stale position (no fix for longer than the limit): +300 s — we do not trust where it claims to be;
 * - priority 1 (life-threatening) and not a monitoring ambulance / ALS-capable: +120 s;
 * - on a village round (巡诊) today: + the round penalty (ROUND_DIVERSION_PENALTY_SECONDS, 300 s by default), so
 *   a van serving villages is taken for an emergency only when it is clearly the best choice.
 */
export const STALE_PENALTY_S = 300;
export const NOT_ALS_PENALTY_S = 120;

export interface Candidate {
  kind: UnitKind;
  capabilities: readonly string[];
  etaSeconds: number;
  stale: boolean;
  /** On a village round today (taking it pauses the round). */
  onRound?: boolean;
}

export interface Ranked<C extends Candidate> {
  candidate: C;
  score: number;
  preferred: boolean;
  reasons: string[];
}

export function requiredCapabilities(input: {
  infectious: boolean;
  requiredCapabilities: readonly string[];
}): string[] {
  const caps = new Set(input.requiredCapabilities);
  if (input.infectious) caps.add('negative_pressure');
  return [...caps].sort();
}

export function rankCandidates<C extends Candidate>(
  candidates: readonly C[],
  priority: number,
  roundPenaltyS = 0,
): Ranked<C>[] {
  return candidates
    .map((c) => {
      const reasons: string[] = [];
      let score = c.etaSeconds;
      if (c.stale) {
        score += STALE_PENALTY_S;
        reasons.push('stale_position');
      }
      const als = c.kind === 'monitoring_ambulance' || c.capabilities.includes('als');
      if (priority === 1 && !als) {
        score += NOT_ALS_PENALTY_S;
        reasons.push('not_als');
      }
      if (c.onRound) {
        score += roundPenaltyS;
        reasons.push('on_round');
      }
      return { candidate: c, score, preferred: reasons.length === 0, reasons };
    })
    .sort((a, b) => a.score - b.score);
}
