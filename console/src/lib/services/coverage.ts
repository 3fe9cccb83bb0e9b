import type { CoverageReport, RelocateBody, RelocationView, UnitView } from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** GET /api/coverage: the latest live coverage report. */
export const fetchCoverage = (signal?: AbortSignal) => get<CoverageReport>('/api/coverage', signal);

/** POST /api/units/:id/relocate: accept a move-up (the unit stays available and drives to the station). */
export const relocateUnit = (unitId: number, body: RelocateBody) =>
  post<RelocationResult>(`/api/units/${unitId}/relocate`, body);

type RelocationResult = { relocation: RelocationView; unit: UnitView };

/** POST /api/units/:id/relocation/acknowledge: the crew has seen its move-up order. */
export const acknowledgeRelocation = (unitId: number) =>
  post<RelocationResult>(`/api/units/${unitId}/relocation/acknowledge`, {});

/** POST /api/units/:id/relocation/arrived: the crew reports arrival at the ordered station (ends the order). */
export const reportRelocationArrived = (unitId: number) =>
  post<RelocationResult>(`/api/units/${unitId}/relocation/arrived`, {});

/** POST /api/units/:id/relocation/cancel: the dispatcher withdraws the order. */
export const cancelRelocation = (unitId: number) =>
  post<RelocationResult>(`/api/units/${unitId}/relocation/cancel`, {});
