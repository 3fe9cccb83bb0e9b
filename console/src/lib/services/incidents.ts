import type {
  AuditTrail,
  CloseIncidentBody,
  CreateIncidentBody,
  IncidentDetail,
  IncidentView,
  RecommendationList,
  UpdateIncidentBody,
} from '@c120/dispatch-core/contracts';
import { get, patch, post } from './http.ts';

export const createIncident = (body: CreateIncidentBody) => post<IncidentView>('/api/incidents', body);

export const updateIncident = (id: number, body: UpdateIncidentBody) =>
  patch<IncidentView>(`/api/incidents/${id}`, body);

export const cancelIncident = (id: number, reason: string) =>
  post<IncidentView>(`/api/incidents/${id}/cancel`, { reason });

/** A reason is required when no run reached the scene (the server answers 422 without one). */
export const closeIncident = (id: number, body: CloseIncidentBody = {}) =>
  post<IncidentView>(`/api/incidents/${id}/close`, body);

/** Adds a 备注 to the incident's thread. */
export const addIncidentNote = (id: number, body: string) => post<IncidentView>(`/api/incidents/${id}/notes`, { body });

/** Acknowledges the "no unit yet" alarm on every dispatcher console (an event with its author). */
export const acknowledgeWaitAlarm = (id: number) => post<IncidentView>(`/api/incidents/${id}/alarm/acknowledge`);

export const fetchIncidentDetail = (id: number, signal?: AbortSignal) =>
  get<IncidentDetail>(`/api/incidents/${id}`, signal);

export const fetchRecommendations = (id: number, signal?: AbortSignal) =>
  get<RecommendationList>(`/api/incidents/${id}/recommendations`, signal);

/** GET /api/incidents/:id/audit: who did what and when (officials, dispatchers, admins). */
export const fetchAuditTrail = (id: number, signal?: AbortSignal) =>
  get<AuditTrail>(`/api/incidents/${id}/audit`, signal);
