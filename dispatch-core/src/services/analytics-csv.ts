import { csvLine, shanghaiTime, UTF8_BOM } from '../domain/analytics-csv.ts';
import { formatDefinition, type IntervalDefinitions } from '../domain/analytics.ts';
import type { RunRecord } from './analytics.ts';

const OUTCOME_ZH: Record<string, string> = {
  transported: '送院',
  declined: '病人不去',
  gone_on_arrival: '车到人走',
  deceased: '死亡不送',
  cancelled: '取消',
  reassigned: '改派',
};

/**
 * The runs export: UTF-8 BOM, one header line "中文 English" per column, times in Asia/Shanghai, intervals in
 * seconds under the definitions that produced them (written into the interval headers).
 */
export function runsCsv(records: readonly RunRecord[], defs: IntervalDefinitions): string {
  const header = [
    '事件编号 Incident',
    '优先级 Priority',
    '乡镇 Township',
    '出车任务 Run',
    '车辆 Unit',
    '应答车辆 Responding run',
    '结果 Outcome',
    '受理时间 Call received',
    '建单时间 Incident created',
    '首次派车 First dispatched',
    '派车时间 Dispatched',
    '出车时间 En route',
    '到达现场 On scene',
    '病人上车 Transporting',
    '送达医院 At hospital',
    '任务完成 Cleared',
    '任务结束 Run ended',
    '结案时间 Closed',
    `受理→派车(秒) Call to dispatch s [${formatDefinition(defs.callToDispatch)}]`,
    `派车→出车(秒) Dispatch to en route s [${formatDefinition(defs.dispatchToEnRoute)}]`,
    `出车→到达(秒) En route to scene s [${formatDefinition(defs.enRouteToScene)}]`,
    `总反应时间(秒) Total s [${formatDefinition(defs.total)}]`,
  ];
  let out = UTF8_BOM + csvLine(header);
  for (const r of records) {
    const s = r.stamps;
    out += csvLine([
      r.incidentId,
      r.priority,
      r.townshipName ?? r.townshipCode,
      r.runId,
      r.callSign,
      r.runId === null ? null : r.responding ? '是 yes' : '否 no',
      r.outcome === null ? null : `${OUTCOME_ZH[r.outcome] ?? r.outcome} ${r.outcome}`,
      ...[
        s.callReceived,
        s.incidentCreated,
        s.firstDispatched,
        s.dispatched,
        s.enRoute,
        s.onScene,
        s.transporting,
        s.atHospital,
        s.cleared,
        s.ended,
        s.closed,
      ].map(shanghaiTime),
      r.intervals.callToDispatch,
      r.intervals.dispatchToEnRoute,
      r.intervals.enRouteToScene,
      r.intervals.total,
    ]);
  }
  return out;
}
