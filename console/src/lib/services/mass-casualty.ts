import type { MassCasualtyDispatchResult, MassCasualtyPlan, Triage } from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** 群体伤: the unit set covering the triage (absent: the last request's, or from the patients). */
export const fetchMassCasualtyPlan = (incidentId: number, triage: Triage | null, signal?: AbortSignal) =>
  get<MassCasualtyPlan>(
    `/api/incidents/${incidentId}/mass-casualty${
      triage ? `?critical=${triage.critical}&serious=${triage.serious}&minor=${triage.minor}` : ''
    }`,
    signal,
  );

/** Sends the confirmed set in one action. */
export const dispatchMassCasualty = (incidentId: number, triage: Triage, unitIds: number[]) =>
  post<MassCasualtyDispatchResult>(`/api/incidents/${incidentId}/mass-casualty`, { triage, unitIds });
