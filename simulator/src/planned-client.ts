/**
 * The planned-work routes the simulator uses — village rounds (巡诊) as the van's crew tablet uses them, booked
 * transfers (预约转运) as a health centre books them and a dispatcher schedules and starts them. The same session
 * (`Authorization: Bearer …`) as the rest of the simulator: no identifier stands in for a credential.
 */
import type { BookTransferBody, RecordStopBody, RoundView, TransferView } from '@c120/dispatch-core/contracts';
import { CoreClient } from './core-client.ts';

export class PlannedWorkClient extends CoreClient {
  /** A day's rounds (Asia/Shanghai calendar day, YYYY-MM-DD). */
  rounds(date: string): Promise<RoundView[]> {
    return this.call('GET', `/api/rounds?date=${date}`);
  }

  /** As the crew: confirm an arrival the geofence has not seen, or enter what was done at a stop. */
  recordStop(stopId: number, body: RecordStopBody): Promise<RoundView> {
    return this.call('POST', `/api/round-stops/${stopId}/record`, body);
  }

  completeRound(roundId: number): Promise<RoundView> {
    return this.call('POST', `/api/rounds/${roundId}/complete`);
  }

  bookTransfer(body: BookTransferBody): Promise<TransferView> {
    return this.call('POST', '/api/transfers', body);
  }

  transfers(date: string): Promise<TransferView[]> {
    return this.call('GET', `/api/transfers?date=${date}`);
  }

  scheduleTransfer(id: number, unitId: number): Promise<TransferView> {
    return this.call('POST', `/api/transfers/${id}/schedule`, { unitId });
  }

  dispatchTransfer(id: number): Promise<TransferView> {
    return this.call('POST', `/api/transfers/${id}/dispatch`);
  }
}

/** The Asia/Shanghai calendar day of a time (YYYY-MM-DD): the day rounds and bookings are listed by. */
export function shanghaiDate(t: number): string {
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}
