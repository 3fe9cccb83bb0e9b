import type { Database } from '@c120/db';
import { insertUnits } from './app.ts';

/**
 * A known set of incidents and runs for the analytics and replay tests. Times are seconds after each
 * incident's call; the expected numbers in the tests are computed by hand from this table.
 *
 * | inc | call (UTC)           | Shanghai day | prio | township | runs (unit: dispatched/en route/on scene, outcome) |
 * | I1  | 2026-03-02T01:00:00Z | 2026-03-02   | 1    | A        | R1 U1: 40/160/760 transported                     |
 * | I2  | 2026-03-02T03:00:00Z | 2026-03-02   | 2    | A        | R2 U2: 60/300/900 declined; R3 U3: 70/100/– reassigned |
 * | I3  | 2026-03-02T20:00:00Z | 2026-03-03   | 1    | B        | R4 U1: 90/150/1350 gone_on_arrival                |
 * | I4  | 2026-03-03T02:00:00Z | 2026-03-03   | 3    | none     | no run, cancelled at 30                           |
 * | I5  | 2026-03-03T05:00:00Z | 2026-03-03   | 1    | B        | R5 U2: 20/200/500 deceased                        |
 * | I6  | 2026-03-01T15:59:59Z | 2026-03-01   | 1    | A        | outside the range (one second before it)          |
 */
export const RANGE = { from: '2026-03-01T16:00:00.000Z', to: '2026-03-03T16:00:00.000Z' };

export interface AnalyticsFixture {
  units: Record<string, number>;
  incidents: Record<string, number>;
  runs: Record<string, number>;
}

interface RunSpec {
  name: string;
  unit: string;
  at: [number, number | null, number | null];
  outcome: string;
  more?: { transporting: number; atHospital: number; cleared: number };
  ended: number;
}

export async function seedAnalyticsFixture(db: Database): Promise<AnalyticsFixture> {
  await db.query(`INSERT INTO regions (code, name, geom) VALUES ('999999', '测试县',
    ST_Multi(ST_MakeEnvelope(119.0, 31.0, 121.0, 33.0, 4326)))`);
  await db.query(`INSERT INTO townships (code, region_code, name, pinyin, initials, kind, population, seat, geom) VALUES
    ('999999100', '999999', '甲镇', 'jiazhen', 'jz', '镇', 1000, ST_SetSRID(ST_MakePoint(119.5, 32), 4326),
      ST_Multi(ST_MakeEnvelope(119.0, 31.0, 120.0, 33.0, 4326))),
    ('999999101', '999999', '乙镇', 'yizhen', 'yz', '镇', 1000, ST_SetSRID(ST_MakePoint(120.5, 32), 4326),
      ST_Multi(ST_MakeEnvelope(120.0, 31.0, 121.0, 33.0, 4326)))`);
  const units = await insertUnits(db, [
    { code: 'U1', lon: 119.5, lat: 32 },
    { code: 'U2', lon: 120.5, lat: 32 },
    { code: 'U3', lon: 120.5, lat: 32.1 },
  ]);
  const specs: {
    name: string;
    call: string;
    priority: number;
    township: string | null;
    firstDispatch: number | null;
    cancelled?: number;
    runs: RunSpec[];
  }[] = [
    {
      name: 'I1',
      call: '2026-03-02T01:00:00Z',
      priority: 1,
      township: '999999100',
      firstDispatch: 40,
      runs: [
        {
          name: 'R1',
          unit: 'U1',
          at: [40, 160, 760],
          outcome: 'transported',
          more: { transporting: 1000, atHospital: 1600, cleared: 1700 },
          ended: 2000,
        },
      ],
    },
    {
      name: 'I2',
      call: '2026-03-02T03:00:00Z',
      priority: 2,
      township: '999999100',
      firstDispatch: 60,
      runs: [
        { name: 'R2', unit: 'U2', at: [60, 300, 900], outcome: 'declined', ended: 1200 },
        { name: 'R3', unit: 'U3', at: [70, 100, null], outcome: 'reassigned', ended: 200 },
      ],
    },
    {
      name: 'I3',
      call: '2026-03-02T20:00:00Z',
      priority: 1,
      township: '999999101',
      firstDispatch: 90,
      runs: [{ name: 'R4', unit: 'U1', at: [90, 150, 1350], outcome: 'gone_on_arrival', ended: 1500 }],
    },
    {
      name: 'I4',
      call: '2026-03-03T02:00:00Z',
      priority: 3,
      township: null,
      firstDispatch: null,
      cancelled: 30,
      runs: [],
    },
    {
      name: 'I5',
      call: '2026-03-03T05:00:00Z',
      priority: 1,
      township: '999999101',
      firstDispatch: 20,
      runs: [{ name: 'R5', unit: 'U2', at: [20, 200, 500], outcome: 'deceased', ended: 700 }],
    },
    {
      name: 'I6',
      call: '2026-03-01T15:59:59Z',
      priority: 1,
      township: '999999100',
      firstDispatch: 10,
      runs: [{ name: 'R6', unit: 'U3', at: [10, 20, 30], outcome: 'transported', ended: 100 }],
    },
  ];
  const incidents: Record<string, number> = {};
  const runs: Record<string, number> = {};
  const t = (call: string, s: number | null | undefined) =>
    s === null || s === undefined ? null : new Date(Date.parse(call) + s * 1000);
  for (const s of specs) {
    const lastEnd = Math.max(0, ...s.runs.map((r) => r.ended));
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO incidents (status, priority, complaint, township_code, geom, call_received_at, created_at,
         updated_at, first_dispatched_at, closed_at, cancelled_at, cancel_reason)
       VALUES ($1, $2, '胸痛', $3, ST_SetSRID(ST_MakePoint(120, 32), 4326), $4, $4, $4, $5, $6, $7, $8) RETURNING id`,
      [
        s.cancelled === undefined ? 'closed' : 'cancelled',
        s.priority,
        s.township,
        new Date(s.call),
        t(s.call, s.firstDispatch),
        s.cancelled === undefined ? t(s.call, lastEnd) : null,
        t(s.call, s.cancelled),
        s.cancelled === undefined ? null : '误报',
      ],
    );
    const incidentId = rows[0]!.id;
    incidents[s.name] = incidentId;
    for (const r of s.runs) {
      const a = await db.query<{ id: number }>(
        `INSERT INTO assignments (incident_id, unit_id, status, assigned_at, en_route_at, on_scene_at,
           transporting_at, at_hospital_at, cleared_at, ended_at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          incidentId,
          units[r.unit],
          r.outcome === 'reassigned' ? 'reassigned' : 'completed',
          t(s.call, r.at[0]),
          t(s.call, r.at[1]),
          t(s.call, r.at[2]),
          t(s.call, r.more?.transporting),
          t(s.call, r.more?.atHospital),
          t(s.call, r.more?.cleared),
          t(s.call, r.ended),
          r.outcome,
        ],
      );
      runs[r.name] = a.rows[0]!.id;
    }
  }
  return { units, incidents, runs };
}
