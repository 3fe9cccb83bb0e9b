import type { CountyReplay, IncidentReplay } from '@c120/dispatch-core/contracts';
import { get } from '../services/http.ts';

export const fetchIncidentReplay = (id: number, signal?: AbortSignal) =>
  get<IncidentReplay>(`/api/incidents/${id}/replay`, signal);

export const fetchCountyReplay = (from: string, to: string, signal?: AbortSignal) =>
  get<CountyReplay>(`/api/replay?${new URLSearchParams({ from, to }).toString()}`, signal);
