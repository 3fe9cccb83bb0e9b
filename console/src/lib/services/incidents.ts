import type {
  AuditTrail,
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

export const closeIncident = (id: number) => post<IncidentView>(`/api/incidents/${id}/close`);

export const fetchIncidentDetail = (id: number, signal?: AbortSignal) =>
  get<IncidentDetail>(`/api/incidents/${id}`, signal);

export const fetchRecommendations = (id: number, signal?: AbortSignal) =>
  get<RecommendationList>(`/api/incidents/${id}/recommendations`, signal);

/** GET /api/incidents/:id/audit: who did what and when (officials, dispatchers, admins). */
export const fetchAuditTrail = (id: number, signal?: AbortSignal) =>
  get<AuditTrail>(`/api/incidents/${id}/audit`, signal);
