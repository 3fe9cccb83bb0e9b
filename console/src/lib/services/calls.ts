import type { CallAnalytics, CallContext, CallView } from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** The popup's context: the number's earlier calls and incidents, and open incidents it may repeat. */
export const fetchCallContext = (id: number, signal?: AbortSignal) =>
  get<CallContext>(`/api/calls/${id}/context`, signal);

/** 重复呼救: the call joins an open incident instead of a second run. */
export const attachCall = (id: number, incidentId: number) => post<CallView>(`/api/calls/${id}/attach`, { incidentId });

export const fetchCallAnalytics = (from: string, to: string, signal?: AbortSignal) =>
  get<CallAnalytics>(`/api/analytics/calls?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, signal);
