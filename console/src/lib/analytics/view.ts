import type { AnalyticsGroup, GroupBy } from '@c120/dispatch-core/contracts';
import { label, t } from '../i18n/index.ts';

export const INTERVALS = ['callToDispatch', 'dispatchToEnRoute', 'enRouteToScene', 'total'] as const;

/** A group's name in the current language: the day, the township name, or the priority's name. */
export function groupLabel(groupBy: GroupBy, g: AnalyticsGroup): string {
  if (g.key === null) return t('analytics.all');
  if (groupBy === 'priority') return label.priorityShort(Number(g.key));
  if (groupBy === 'township' && g.key === '') return t('analytics.outsideTownships');
  return g.label;
}

export type IntervalKey = (typeof INTERVALS)[number];

const INTERVAL_KEYS = {
  callToDispatch: 'analytics.interval.callToDispatch',
  dispatchToEnRoute: 'analytics.interval.dispatchToEnRoute',
  enRouteToScene: 'analytics.interval.enRouteToScene',
  total: 'analytics.interval.total',
} as const;

export const intervalLabel = (name: IntervalKey): string => t(INTERVAL_KEYS[name]);
