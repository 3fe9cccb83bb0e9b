import type { AnalyticsSummary, GroupBy, TransferKpis } from '@c120/dispatch-core/contracts';
import { get } from '../services/http.ts';

export interface SummaryParams {
  from: string;
  to: string;
  groupBy: GroupBy;
}

const query = (p: Record<string, string>) => new URLSearchParams(p).toString();

export const fetchSummary = (p: SummaryParams, signal?: AbortSignal) =>
  get<AnalyticsSummary>(`/api/analytics/summary?${query({ from: p.from, to: p.to, groupBy: p.groupBy })}`, signal);

/** Booked transfers (预约转运): on-time pick-up rate over the bookings whose window starts in the range. */
export const fetchTransferKpis = (p: { from: string; to: string }, signal?: AbortSignal) =>
  get<TransferKpis>(`/api/analytics/transfers?${query(p)}`, signal);

/** The runs export (a download link: the browser saves the CSV the server names). */
export const runsCsvHref = (p: { from: string; to: string }) => `/api/analytics/runs.csv?${query(p)}`;
