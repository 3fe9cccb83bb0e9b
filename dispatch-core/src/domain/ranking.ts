import type { UnitKind } from '@c120/db/vocabulary';

/**
 * Ranking of candidate units for an incident. Hard filter (in SQL): available, has every required capability.
 * Soft order: estimated drive time plus penalties, so that a much closer "wrong" unit can still win:
 * - stale position (no fix for longer than the limit): +300 s — we do not trust where it claims to be;
 * - priority 1 (life-threatening) and not a monitoring ambulance / ALS-capable: +120 s.
 */
export const STALE_PENALTY_S = 300;
export const NOT_ALS_PENALTY_S = 120;

export interface Candidate {
  kind: UnitKind;
  capabilities: readonly string[];
  etaSeconds: number;
  stale: boolean;
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

export function rankCandidates<C extends Candidate>(candidates: readonly C[], priority: number): Ranked<C>[] {
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
      return { candidate: c, score, preferred: reasons.length === 0, reasons };
    })
    .sort((a, b) => a.score - b.score);
}
