import type { HospitalLevel } from '@c120/shared/vocabulary';

/**
 * Destination rule of the national pre-hospital regulation (院前医疗急救管理办法): nearest, most urgent,
 * matching the needed specialty, respecting the patient's wish. As a ranking:
 * - a hospital lacking a needed specialty centre (胸痛/卒中/创伤/孕产妇/新生儿…) is ranked after every one that
 *   has them (+1 h), since a wrong first hospital costs a secondary transfer;
 * - for priority 1–2 a non-三级 hospital gets +5 min: the most urgent patients go to the strongest hospital
 *   unless it is much further;
 * - otherwise nearest by the same drive-time model as unit recommendations.
 * The patient's wish is honoured by choosing another hospital, which records the reason.
 */
export const MISSING_SPECIALTY_PENALTY_S = 3600;
export const LOWER_LEVEL_PENALTY_S = 300;

export interface HospitalCandidate {
  capabilities: readonly string[];
  level: HospitalLevel;
  etaSeconds: number;
}

export function rankHospitals<H extends HospitalCandidate>(
  hospitals: readonly H[],
  needed: readonly string[],
  priority: number,
): { hospital: H; score: number; missing: string[] }[] {
  return hospitals
    .map((hospital) => {
      const missing = needed.filter((n) => !hospital.capabilities.includes(n));
      let score = hospital.etaSeconds;
      if (missing.length) score += MISSING_SPECIALTY_PENALTY_S;
      if (priority <= 2 && hospital.level !== '三级') score += LOWER_LEVEL_PENALTY_S;
      return { hospital, score, missing };
    })
    .sort((a, b) => a.score - b.score);
}
