import type { Database } from '@c120/db';
import { ROUND_PURPOSES, type RoundPurpose } from '@c120/shared/vocabulary';
import { shanghaiDay } from '../domain/local-day.ts';
import { appendEvent } from '../repositories/events.ts';
import { insertRound, readRound } from '../repositories/rounds.ts';

/**
 * Demo data only (called where the demo county is loaded, never in production): Danyang's family-doctor round
 * pilot townships get a vehicle each, today's round, and a few weeks of past visits, so the rounds page and the
 * officials' village layer are alive on first start. Idempotent per day: a vehicle that already has a round
 * today gets none.
 */
export const PILOT_ROUNDS: readonly { unitCode: string; townshipCode: string; team: string }[] = [
  { unitCode: 'DY120-26', townshipCode: '321181100', team: '司徒镇家庭医生团队' }, // 司徒镇, mobile hospital
  { unitCode: 'DY120-27', townshipCode: '321181102', team: '珥陵镇家庭医生团队' }, // 珥陵镇, mobile hospital
  { unitCode: 'DY120-28', townshipCode: '321181103', team: '导墅镇云巡诊' }, // 导墅镇, patrol van
  { unitCode: 'DY120-29', townshipCode: '321181108', team: '界牌镇云巡诊' }, // 界牌镇, patrol van
];

const DAY_MS = 86_400_000;
/** Past rounds: this many days ago, each visiting a different slice of the township's villages. */
const PAST_DAYS = [3, 9, 17, 26, 40];

export async function ensureDemoRounds(db: Database, now = new Date()): Promise<number> {
  let created = 0;
  for (const pilot of PILOT_ROUNDS) {
    const unit = await db.query<{ id: number; lon: number | null; lat: number | null }>(
      `UPDATE units u SET township_code = coalesce(u.township_code, $2) WHERE code = $1
       RETURNING id, ST_X(coalesce(u.position, (SELECT geom FROM stations s WHERE s.id = u.station_id))) AS lon,
                 ST_Y(coalesce(u.position, (SELECT geom FROM stations s WHERE s.id = u.station_id))) AS lat`,
      [pilot.unitCode, pilot.townshipCode],
    );
    const u = unit.rows[0];
    if (!u) continue;
    const villages = await db.query<{ id: number }>(
      `SELECT id FROM places WHERE township_code = $1 AND kind = 'village'
       ORDER BY ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)), code`,
      [pilot.townshipCode, u.lon ?? 119.6, u.lat ?? 31.9],
    );
    const ids = villages.rows.map((v) => Number(v.id));
    if (ids.length === 0) continue;
    // Today: up to five villages from the nearest out, from 08:30 Beijing time, an hour apart.
    const today = shanghaiDay(now);
    const start = Date.parse(`${today}T08:30:00+08:00`);
    created += await planOnce(db, u.id, pilot, today, ids.slice(0, 5), (k) => new Date(start + k * 3_600_000), false);
    // The past: completed rounds with visits and people served, each over a different slice of the villages.
    for (const [n, daysAgo] of PAST_DAYS.entries()) {
      const day = shanghaiDay(new Date(now.getTime() - daysAgo * DAY_MS));
      const slice = ids.filter((_, i) => i % PAST_DAYS.length === n).slice(0, 5);
      if (slice.length === 0) continue;
      const dayStart = Date.parse(`${day}T08:30:00+08:00`);
      created += await planOnce(db, u.id, pilot, day, slice, (k) => new Date(dayStart + k * 3_600_000), true);
    }
  }
  return created;
}

async function planOnce(
  db: Database,
  unitId: number,
  pilot: { townshipCode: string; team: string },
  day: string,
  placeIds: number[],
  timeOf: (k: number) => Date,
  visited: boolean,
): Promise<number> {
  return db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM rounds WHERE unit_id = $1 AND round_date = $2', [unitId, day]);
    if (exists.rows.length) return 0;
    const purposeOf = (k: number): RoundPurpose => ROUND_PURPOSES[(k + placeIds.length) % 5] as RoundPurpose;
    const id = await insertRound(
      tx,
      {
        unitId,
        townshipCode: pilot.townshipCode,
        date: day,
        team: pilot.team,
        notes: '演示数据 demo',
        actor: 'system',
      },
      placeIds.map((placeId, k) => ({ placeId, purpose: purposeOf(k), plannedAt: timeOf(k) })),
    );
    if (visited) {
      // Arrived about on time, stayed 40 minutes; a deterministic number of people per stop.
      await tx.query(
        `UPDATE round_stops SET arrived_at = planned_at + interval '5 minutes',
           departed_at = planned_at + interval '45 minutes', arrival_source = 'geofence',
           served = jsonb_build_object(purpose, 8 + (seq * 7) % 23), remote_consultations = seq % 2,
           recorded_by = 'system', recorded_at = planned_at + interval '45 minutes'
         WHERE round_id = $1`,
        [id],
      );
      await tx.query(`UPDATE rounds SET status = 'completed', started_at = $2, ended_at = $3 WHERE id = $1`, [
        id,
        timeOf(0),
        timeOf(placeIds.length),
      ]);
    }
    const round = await readRound(tx, id);
    if (round)
      await appendEvent(tx, visited ? 'round.completed' : 'round.planned', { round }, { unitId, actor: 'system' });
    return 1;
  });
}
