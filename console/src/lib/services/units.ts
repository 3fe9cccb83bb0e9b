import type { ChangeUnitStatusBody, StatusChangeView, UnitView } from '@c120/dispatch-core/contracts';
import { post } from './http.ts';

export interface UnitStatusResult {
  unit: UnitView;
  change: StatusChangeView;
}

/** POST /api/units/:id/status; 409 with the server's reason for an illegal transition. */
export const changeUnitStatus = (unitId: number, body: ChangeUnitStatusBody) =>
  post<UnitStatusResult>(`/api/units/${unitId}/status`, body);
