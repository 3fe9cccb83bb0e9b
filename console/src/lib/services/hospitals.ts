import type { ChooseDestinationBody, HospitalSuggestionList, IncidentView } from '@c120/dispatch-core/contracts';
import { get, request } from './http.ts';

/** GET /api/incidents/:id/hospitals: hospitals ranked by the destination rule, needed specialty first. */
export const fetchHospitalSuggestions = (incidentId: number, signal?: AbortSignal) =>
  get<HospitalSuggestionList>(`/api/incidents/${incidentId}/hospitals`, signal);

/** PUT /api/incidents/:id/destination; 422 `specialty_reason_required` / `reason_required` without a reason. */
export const chooseDestination = (incidentId: number, body: ChooseDestinationBody) =>
  request<IncidentView>('PUT', `/api/incidents/${incidentId}/destination`, { body });
