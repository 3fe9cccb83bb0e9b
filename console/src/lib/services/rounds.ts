import type {
  BookTransferBody,
  OutreachReport,
  PlanRoundBody,
  RecordStopBody,
  RoundView,
  TransferView,
} from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** Rounds (巡诊), booked transfers (转运) and village outreach: the API calls the pages make. */
export const fetchRounds = (date: string, signal?: AbortSignal) =>
  get<RoundView[]>(`/api/rounds?date=${encodeURIComponent(date)}`, signal);
export const planRound = (body: PlanRoundBody) => post<RoundView>('/api/rounds', body);
export const recordStop = (stopId: number, body: RecordStopBody) =>
  post<RoundView>(`/api/round-stops/${stopId}/record`, body);
export const roundAction = (id: number, action: 'complete' | 'cancel' | 'resume') =>
  post<RoundView>(`/api/rounds/${id}/${action}`, {});
export const handOverRound = (id: number, unitId: number) => post<RoundView>(`/api/rounds/${id}/handover`, { unitId });

export const fetchTransfers = (date: string, signal?: AbortSignal) =>
  get<TransferView[]>(`/api/transfers?date=${encodeURIComponent(date)}`, signal);
export const bookTransfer = (body: BookTransferBody) => post<TransferView>('/api/transfers', body);
export const scheduleTransfer = (id: number, unitId: number) =>
  post<TransferView>(`/api/transfers/${id}/schedule`, { unitId });
export const dispatchTransfer = (id: number) => post<TransferView>(`/api/transfers/${id}/dispatch`, {});

export const fetchOutreach = (days: number, signal?: AbortSignal) =>
  get<OutreachReport>(`/api/outreach?days=${days}`, signal);

/** The village table as CSV (a download link, not a fetch). */
export const outreachCsvHref = (days: number) => `/api/outreach/villages.csv?days=${days}`;

/** Today as the Asia/Shanghai calendar day (YYYY-MM-DD). */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
