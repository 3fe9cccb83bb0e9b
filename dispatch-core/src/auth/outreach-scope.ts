import type { RoundView, TransferView } from '../contracts/outreach.ts';
import { HttpError } from '../domain/errors.ts';
import type { SessionUser } from './roles.ts';

/**
 * Who sees which rounds and transfers: a health centre (卫生院) its township's, a crew its own unit's, the
 * centre and officials all. 404 rather than 403 outside the scope: ids of other townships are not its business.
 */
export function roundVisibleTo(user: SessionUser, round: Pick<RoundView, 'townshipCode' | 'unitId'>): boolean {
  if (user.role === 'health_centre') return round.townshipCode === user.townshipCode;
  if (user.role === 'crew') return round.unitId === user.unitId;
  return true;
}

export function assertRoundVisible(user: SessionUser, round: RoundView): void {
  if (!roundVisibleTo(user, round)) throw new HttpError(404, `round ${round.id} not found`, 'not_found');
}

export function transferVisibleTo(user: SessionUser, t: Pick<TransferView, 'townshipCode' | 'unitId'>): boolean {
  if (user.role === 'health_centre') return t.townshipCode === user.townshipCode;
  if (user.role === 'crew') return t.unitId === user.unitId;
  return true;
}

export function assertTransferVisible(user: SessionUser, t: TransferView): void {
  if (!transferVisibleTo(user, t)) throw new HttpError(404, `transfer ${t.id} not found`, 'not_found');
}
