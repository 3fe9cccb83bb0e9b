import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { OutreachReport, RoundView } from '../contracts/outreach.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';
import { ensureDemoRounds, PILOT_ROUNDS } from './demo-rounds.ts';

describe(`demo rounds in the pilot townships (demo county only) on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({}, { seed: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('plans today’s round per pilot township and past visits, once', async () => {
    const created = await ensureDemoRounds(t.db);
    expect(created).toBeGreaterThanOrEqual(PILOT_ROUNDS.length * 2);
    expect(await ensureDemoRounds(t.db)).toBe(0);
    const today = (await t.inject(`/api/rounds?date=${shanghaiDay(new Date())}`)).json<RoundView[]>();
    expect(new Set(today.map((r) => r.townshipName))).toEqual(new Set(['司徒镇', '珥陵镇', '导墅镇', '界牌镇']));
    for (const r of today) {
      expect(r.status).toBe('planned');
      expect(r.stops.length).toBeGreaterThan(0);
      expect(r.stops.every((s) => s.townshipCode === r.townshipCode)).toBe(true);
    }
    const report = (await t.inject('/api/outreach?days=30')).json<OutreachReport>();
    const pilot = report.villages.filter((v) => PILOT_ROUNDS.some((p) => p.townshipCode === v.townshipCode));
    expect(pilot.some((v) => !v.overdue)).toBe(true); // seen within 30 days
    expect(pilot.some((v) => v.daysSince !== null && v.daysSince >= 30)).toBe(true); // seen, but long ago
    expect(report.byTownshipMonth.reduce((n, m) => n + m.peopleServed, 0)).toBeGreaterThan(0);
  });
});
