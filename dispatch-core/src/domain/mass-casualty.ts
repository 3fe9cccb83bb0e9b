import type { UnitKind } from '@c120/shared/vocabulary';

/**
 * Mass casualty (群体伤): which units cover a triage. Pure rules, so they are tested without a database:
 * - a 危重 (critical) patient needs a monitoring (监护型) or ALS-capable unit of its own;
 * - a 重症 (serious) patient needs a stretcher: one ambulance each (any transporting kind, ALS too when no basic
 *   one is left);
 * - 轻症 (minor) patients ride seated, up to MINOR_PER_UNIT per ambulance.
 * Units already on the incident count first (an ALS unit on it covers a critical patient). Then, per need in that
 * order, the nearest remaining candidates (the ranked order given); for serious and minor patients non-ALS units
 * are taken before ALS ones, keeping monitoring ambulances for the critical and for the next call.
 * Mobile hospitals and patrol clinic vans do not transport and are not counted.
 */
export const MINOR_PER_UNIT = 3;

export interface TriageCounts {
  critical: number;
  serious: number;
  minor: number;
}

export interface McUnit {
  id: number;
  kind: UnitKind;
  capabilities: readonly string[];
}

export type Need = 'critical' | 'serious' | 'minor';

export interface McPick<U extends McUnit> {
  unit: U;
  covers: Need;
  patients: number;
}

export interface McPlan<U extends McUnit> {
  coveredByActive: TriageCounts;
  picks: McPick<U>[];
  shortfall: TriageCounts;
}

const TRANSPORTING: readonly UnitKind[] = ['monitoring_ambulance', 'negative_pressure_ambulance', 'basic_ambulance'];

export const isAls = (u: McUnit) => u.kind === 'monitoring_ambulance' || u.capabilities.includes('als');
export const transports = (u: McUnit) => TRANSPORTING.includes(u.kind);

export function unitsNeeded(t: TriageCounts): number {
  return t.critical + t.serious + Math.ceil(t.minor / MINOR_PER_UNIT);
}

/** Without a triage: everyone serious, except one critical patient in a priority-1 incident. */
export function defaultTriage(patients: number, priority: number): TriageCounts {
  const critical = priority === 1 && patients > 0 ? 1 : 0;
  return { critical, serious: Math.max(0, patients - critical), minor: 0 };
}

export function planMassCasualty<U extends McUnit>(
  triage: TriageCounts,
  onIncident: readonly McUnit[],
  rankedCandidates: readonly U[],
): McPlan<U> {
  const left = { ...triage };
  const covered: TriageCounts = { critical: 0, serious: 0, minor: 0 };
  // What is already there (ALS units for the critical first).
  const active = onIncident.filter(transports);
  for (const u of [...active].sort((a, b) => Number(isAls(b)) - Number(isAls(a)))) {
    if (left.critical > 0 && isAls(u)) {
      left.critical--;
      covered.critical++;
    } else if (left.serious > 0) {
      left.serious--;
      covered.serious++;
    } else if (left.minor > 0) {
      const n = Math.min(MINOR_PER_UNIT, left.minor);
      left.minor -= n;
      covered.minor += n;
    }
  }
  const pool = rankedCandidates.filter(transports);
  const used = new Set<number>();
  const picks: McPick<U>[] = [];
  const take = (pred: (u: U) => boolean): U | null => {
    const u = pool.find((c) => !used.has(c.id) && pred(c));
    if (!u) return null;
    used.add(u.id);
    return u;
  };
  const basicFirst = () => take((u) => !isAls(u)) ?? take(() => true);
  while (left.critical > 0) {
    const u = take(isAls);
    if (!u) break;
    picks.push({ unit: u, covers: 'critical', patients: 1 });
    left.critical--;
  }
  while (left.serious > 0) {
    const u = basicFirst();
    if (!u) break;
    picks.push({ unit: u, covers: 'serious', patients: 1 });
    left.serious--;
  }
  while (left.minor > 0) {
    const u = basicFirst();
    if (!u) break;
    const n = Math.min(MINOR_PER_UNIT, left.minor);
    picks.push({ unit: u, covers: 'minor', patients: n });
    left.minor -= n;
  }
  return { coveredByActive: covered, picks, shortfall: left };
}
