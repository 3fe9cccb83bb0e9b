import type { IncidentStatus, RunOutcome, StatusSource, UnitKind, UnitStatus, UserRole } from '@c120/shared/vocabulary';
import { zh, type MessageKey } from './zh.ts';

/** Message keys for vocabulary values (typed: a new status without a message is a type error here). */
export const unitStatusKey = (s: UnitStatus): MessageKey => `unitStatus.${s}`;
export const unitKindKey = (k: UnitKind): MessageKey => `unitKind.${k}`;
export const outcomeKey = (o: RunOutcome): MessageKey => `outcome.${o}`;
export const incidentStatusKey = (s: IncidentStatus): MessageKey => `incidentStatus.${s}`;
export const sourceKey = (s: StatusSource): MessageKey => `source.${s}`;
export const roleKey = (r: UserRole): MessageKey => `role.${r}`;

const PRIORITIES = ['1', '2', '3', '4'] as const;
export const priorityKey = (p: number): MessageKey =>
  `priority.${PRIORITIES[Math.min(4, Math.max(1, Math.round(p))) - 1] ?? '4'}`;

/** Capability codes are open strings in the API: unknown ones are shown as they are. */
export function capabilityKey(code: string, hospital = false): MessageKey | null {
  const key = `${hospital ? 'hcap' : 'cap'}.${code}`;
  return isMessageKey(key) ? key : null;
}

export function reasonKey(code: string): MessageKey | null {
  const key = `reason.${code}`;
  return isMessageKey(key) ? key : null;
}

export function eventTypeKey(type: string): MessageKey | null {
  const key = `event.${type}`;
  return isMessageKey(key) ? key : null;
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}
