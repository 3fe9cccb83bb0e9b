import type { IncidentStatus, RunOutcome, StatusSource, UnitKind, UnitStatus, UserRole } from '@c120/shared/vocabulary';
import { locale, t } from './locale.svelte.ts';
import {
  capabilityKey,
  eventTypeKey,
  incidentStatusKey,
  outcomeKey,
  priorityKey,
  reasonKey,
  roleKey,
  sourceKey,
  unitKindKey,
  unitStatusKey,
} from './labels.ts';

export { locale, t };
export type { MessageKey } from './zh.ts';

/** Display names of vocabulary values in the current language. */
export const label = {
  unitStatus: (s: UnitStatus) => t(unitStatusKey(s)),
  unitKind: (k: UnitKind) => t(unitKindKey(k)),
  outcome: (o: RunOutcome) => t(outcomeKey(o)),
  incidentStatus: (s: IncidentStatus) => t(incidentStatusKey(s)),
  source: (s: StatusSource) => t(sourceKey(s)),
  role: (r: UserRole) => t(roleKey(r)),
  priority: (p: number) => t(priorityKey(p)),
  priorityShort: (p: number) => t('priority.short', { level: p }),
  capability: (code: string) => {
    const key = capabilityKey(code);
    return key ? t(key) : code;
  },
  hospitalCapability: (code: string) => {
    const key = capabilityKey(code, true);
    return key ? t(key) : code;
  },
  reason: (code: string) => {
    const key = reasonKey(code);
    return key ? t(key) : code;
  },
  eventType: (type: string) => {
    const key = eventTypeKey(type);
    return key ? t(key) : type;
  },
};
