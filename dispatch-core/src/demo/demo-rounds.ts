import { rounds as roundsRepo } from '@c120/db/repositories';
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
    const u = await roundsRepo.adoptUnitForTownship(db, pilot.unitCode, pilot.townshipCode);
    if (!u) continue;
    const ids = await roundsRepo.villagesNearest(db, pilot.townshipCode, u.lon ?? 119.6, u.lat ?? 31.9);
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
    if (await roundsRepo.unitHasAnyRound(tx, unitId, day)) return 0;
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
      await roundsRepo.fillAsVisited(tx, id, timeOf(0), timeOf(placeIds.length));
    }
    const round = await readRound(tx, id);
    if (round)
      await appendEvent(tx, visited ? 'round.completed' : 'round.planned', { round }, { unitId, actor: 'system' });
    return 1;
  });
}
