import type { CoverageReport, RelocateBody, RelocationView, UnitView } from '@c120/dispatch-core/contracts';
import { get, post } from './http.ts';

/** GET /api/coverage: the latest live coverage report. */
export const fetchCoverage = (signal?: AbortSignal) => get<CoverageReport>('/api/coverage', signal);

/** POST /api/units/:id/relocate: accept a move-up (the unit stays available and drives to the station). */
export const relocateUnit = (unitId: number, body: RelocateBody) =>
  post<{ relocation: RelocationView; unit: UnitView }>(`/api/units/${unitId}/relocate`, body);
