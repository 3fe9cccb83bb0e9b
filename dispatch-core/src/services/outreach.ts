import { outreach } from '@c120/db/repositories';
import type { OutreachQuery, OutreachReport, VillageOutreach } from '../contracts/outreach.ts';
import type { SessionUser } from '../auth/roles.ts';
import type { ServiceContext } from './context.ts';
import { isoOrNull, numOrNull, strOrNull } from '../repositories/rows.ts';

export const DEFAULT_NOT_SEEN_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Village outreach for officials (and a health centre for its township): days since each village's last round
 * visit (a stop the vehicle arrived at, on a round that was not cancelled), villages not seen within N days
 * (optionally for one purpose), and per township and month the visits, people served and remote consultations.
 */
export class OutreachService {
  constructor(private readonly ctx: ServiceContext) {}

  async report(user: SessionUser, q: OutreachQuery, now = new Date()): Promise<OutreachReport> {
    const days = q.days ?? DEFAULT_NOT_SEEN_DAYS;
    const township = user.role === 'health_centre' ? user.townshipCode : (q.townshipCode ?? null);
    const purpose = q.purpose ?? null;
    const rows = await outreach.villageLastVisits(this.ctx.db, township, purpose);
    const villages: VillageOutreach[] = rows.map((r) => {
      const last = r.last_visit
        ? new Date(String(r.last_visit instanceof Date ? r.last_visit.toISOString() : r.last_visit))
        : null;
      const daysSince = last ? Math.floor((now.getTime() - last.getTime()) / DAY_MS) : null;
      return {
        placeId: Number(r.id),
        name: String(r.name),
        townshipCode: strOrNull(r.township_code),
        location: { lon: Number(r.lon), lat: Number(r.lat) },
        population: numOrNull(r.population),
        lastVisitAt: isoOrNull(last),
        daysSince,
        overdue: daysSince === null || daysSince >= days,
      };
    });
    const months = await outreach.visitsByTownshipMonth(this.ctx.db, township, purpose);
    return {
      days,
      purpose,
      villages,
      overdueCount: villages.filter((v) => v.overdue).length,
      byTownshipMonth: months.map((m) => ({
        townshipCode: String(m.township_code),
        townshipName: String(m.township_name),
        month: String(m.month),
        visits: Number(m.visits),
        peopleServed: Number(m.people),
        remoteConsultations: Number(m.remote),
      })),
    };
  }
}

/** The village table as CSV (UTF-8 with BOM, bilingual headers, Asia/Shanghai times) for Excel. */
export function outreachCsv(report: OutreachReport): string {
  const head = [
    '村 village',
    '乡镇 township',
    '人口 population',
    '最近巡诊 last visit',
    '天数 days since',
    '逾期 overdue',
  ];
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const local = (t: string | null) =>
    t ? new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
  const lines = report.villages.map((v) =>
    [v.name, v.townshipCode, v.population, local(v.lastVisitAt), v.daysSince, v.overdue ? '是 yes' : '否 no']
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
