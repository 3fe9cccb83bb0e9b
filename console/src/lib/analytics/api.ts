import type { AnalyticsSummary, GroupBy } from '@c120/dispatch-core/contracts';
import { get } from '../services/http.ts';

export interface SummaryParams {
  from: string;
  to: string;
  groupBy: GroupBy;
}

const query = (p: Record<string, string>) => new URLSearchParams(p).toString();

export const fetchSummary = (p: SummaryParams, signal?: AbortSignal) =>
  get<AnalyticsSummary>(`/api/analytics/summary?${query({ from: p.from, to: p.to, groupBy: p.groupBy })}`, signal);

/** The runs export (a download link: the browser saves the CSV the server names). */
export const runsCsvHref = (p: { from: string; to: string }) => `/api/analytics/runs.csv?${query(p)}`;
