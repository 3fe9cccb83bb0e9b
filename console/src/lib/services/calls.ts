import type {
  CallAnalytics,
  CallContext,
  CallView,
  IncidentCalls,
  LocateBody,
  LocateResult,
  LocateStatus,
  LocationLinkResult,
} from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** The popup's context: the number's earlier calls and incidents, and open incidents it may repeat. */
export const fetchCallContext = (id: number, signal?: AbortSignal) =>
  get<CallContext>(`/api/calls/${id}/context`, signal);

/** 重复呼救: the call joins an open incident instead of a second run. */
export const attachCall = (id: number, incidentId: number) => post<CallView>(`/api/calls/${id}/attach`, { incidentId });

export const fetchCallAnalytics = (from: string, to: string, signal?: AbortSignal) =>
  get<CallAnalytics>(`/api/analytics/calls?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, signal);

/** A one-time location link for the caller (sent by SMS, or to read out / copy). */
export const createLocationLink = (id: number, sms: boolean) =>
  post<LocationLinkResult>(`/api/calls/${id}/location-link`, { sms });

/** The calls an incident had (created from, repeats attached). */
export const fetchIncidentCalls = (incidentId: number, signal?: AbortSignal) =>
  get<IncidentCalls>(`/api/incidents/${incidentId}/calls`, signal);

/** The caller's page (no sign-in): is the link open; post the browser's position. */
export const fetchLocateStatus = (token: string, signal?: AbortSignal) =>
  get<LocateStatus>(`/api/locate/${encodeURIComponent(token)}`, signal);
export const postLocation = (token: string, body: LocateBody) =>
  post<LocateResult>(`/api/locate/${encodeURIComponent(token)}`, body);
