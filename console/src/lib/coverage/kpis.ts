import type { IncidentView, UnitView } from '@c120/dispatch-core/contracts';
import { UNIT_STATUSES, type UnitStatus } from '@c120/shared/vocabulary';
import { isOpen } from '../live/queue.ts';

export interface Kpis {
  unitsByStatus: Record<UnitStatus, number>;
  totalUnits: number;
  available: number;
  openByPriority: Record<1 | 2 | 3 | 4, number>;
  openIncidents: number;
  pendingIncidents: number;
  /** Share of ambulances that are negative-pressure (national target ≥ 40 %); null without ambulances. */
  negativePressureShare: number | null;
}

const AMBULANCE_KINDS = ['monitoring_ambulance', 'negative_pressure_ambulance', 'basic_ambulance'];

export function computeKpis(units: Iterable<UnitView>, incidents: Iterable<IncidentView>): Kpis {
  const unitsByStatus = Object.fromEntries(UNIT_STATUSES.map((s) => [s, 0])) as Record<UnitStatus, number>;
  let totalUnits = 0;
  let ambulances = 0;
  let negative = 0;
  for (const u of units) {
    totalUnits++;
    unitsByStatus[u.status]++;
    if (AMBULANCE_KINDS.includes(u.kind)) {
      ambulances++;
      if (u.kind === 'negative_pressure_ambulance') negative++;
    }
  }
  const openByPriority: Kpis['openByPriority'] = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let openIncidents = 0;
  let pendingIncidents = 0;
  for (const i of incidents) {
    if (!isOpen(i)) continue;
    openIncidents++;
    if (i.status === 'pending') pendingIncidents++;
    const p = Math.min(4, Math.max(1, i.priority)) as 1 | 2 | 3 | 4;
    openByPriority[p]++;
  }
  return {
    unitsByStatus,
    totalUnits,
    available: unitsByStatus.available,
    openByPriority,
    openIncidents,
    pendingIncidents,
    negativePressureShare: ambulances > 0 ? negative / ambulances : null,
  };
}
