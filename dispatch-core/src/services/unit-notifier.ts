import type { Ingest } from '@c120/gps-ingest';
import type { AssignmentResult } from '../contracts/api.ts';

/** Reporting intervals (s) asked of a vehicle terminal: short on a run, normal when it is back in service. */
export const RUN_REPORT_INTERVAL_S = 5;
export const IDLE_REPORT_INTERVAL_S = 30;

const PRIORITY_WORDS = ['', '一级（危重）', '二级（急）', '三级', '四级（非急）'];

/** The job text a terminal reads aloud (TTS) when its unit is dispatched. */
export function jobText(result: AssignmentResult): string {
  const i = result.incident;
  const where = i.address ?? `${i.location.lat.toFixed(5)}, ${i.location.lon.toFixed(5)}`;
  const infectious = i.infectious ? '，传染病防护' : '';
  return `120派车：${result.unit.callSign}，${PRIORITY_WORDS[i.priority] ?? ''}，${i.complaint}，地址${where}${infectious}。`;
}

/**
 * Tells a unit's vehicle terminal (JT/T 808 downlink) about its run: on dispatch, report every 5 s and read the
 * job aloud (0x8103 + 0x8300); back in service, report every 30 s again. Fire-and-forget after the commit — a
 * terminal that is offline or slow never holds up dispatch; failures are logged.
 */
export class UnitNotifier {
  constructor(
    private readonly ingest: Ingest | null,
    private readonly onError: (err: unknown) => void,
  ) {}

  assigned(result: AssignmentResult): void {
    const jt = this.ingest?.jt808;
    if (!jt?.isOnline(result.unit.id)) return;
    void jt.setReportingInterval(result.unit.id, RUN_REPORT_INTERVAL_S).catch(this.onError);
    void jt.sendText(result.unit.id, jobText(result), { tts: true }).catch(this.onError);
  }

  backInService(unitId: number): void {
    const jt = this.ingest?.jt808;
    if (!jt?.isOnline(unitId)) return;
    void jt.setReportingInterval(unitId, IDLE_REPORT_INTERVAL_S).catch(this.onError);
  }
}
