import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { AnalyticsGroup, AnalyticsSummary } from '../contracts/analytics.ts';
import { RANGE, seedAnalyticsFixture, type AnalyticsFixture } from '../testing/analytics-fixtures.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

// Expected numbers are hand-computed from the table in testing/analytics-fixtures.ts (percentile: linear
// interpolation between closest ranks, h = (n − 1)·p).
describe(`response analytics on ${testEngine()}`, () => {
  let t: TestApp;
  let fx: AnalyticsFixture;
  beforeAll(async () => {
    t = await buildTestApp();
    fx = await seedAnalyticsFixture(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const summary = async (query: Record<string, string>) => {
    const res = await t.inject({ url: '/api/analytics/summary', query: { ...RANGE, ...query } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AnalyticsSummary>();
  };
  const group = (s: AnalyticsSummary, key: string): AnalyticsGroup => {
    const g = s.groups.find((x) => x.key === key);
    if (!g) throw new Error(`no group ${key}`);
    return g;
  };

  it('computes the overall intervals, national indicators, volumes and empty runs', async () => {
    const s = await summary({ groupBy: 'day' });
    const o = s.overall;
    expect(o.volumes).toEqual({ incidents: 5, runs: 5, cancelledIncidents: 1, transported: 1 });
    // call→first dispatch of I1 I2 I3 I5: 20 40 60 90
    expect(o.intervals.callToDispatch).toEqual({
      count: 4,
      median: 50,
      p90: 81,
      mean: 52.5,
      withinTarget: 3,
      shareWithinTarget: 0.75,
    });
    // responding runs R1 R2 R4 R5: dispatch→en route 60 120 180 240
    expect(o.intervals.dispatchToEnRoute).toMatchObject({ count: 4, median: 150, p90: 222, withinTarget: 3 });
    // en route→scene 300 600 600 1200
    expect(o.intervals.enRouteToScene).toMatchObject({ count: 4, median: 600, p90: 1020, mean: 675 });
    // call→scene 500 760 900 1350
    expect(o.intervals.total).toMatchObject({ count: 4, median: 830, p90: 1215, mean: 877.5, withinTarget: 3 });
    // departures count every run: R1 120, R2 240, R3 30, R4 60, R5 180 → 4 of 5 within 180 s
    expect(o.national).toEqual({
      departureRate: 0.8,
      departures: 5,
      departuresWithin180s: 4,
      departureRateTarget: 0.95,
      meetsDepartureTarget: false,
      averageResponseSeconds: 877.5,
      responses: 4,
    });
    expect(o.emptyRuns).toEqual({ declined: 1, gone_on_arrival: 1, deceased: 1, total: 3 });
    expect(s.definitions.total).toEqual({ from: 'call_received', to: 'on_scene', targetSeconds: 900 });
  });

  it('groups by the Asia/Shanghai calendar day (I3 at 20:00 UTC is the next day)', async () => {
    const s = await summary({ groupBy: 'day' });
    expect(s.groups.map((g) => g.key)).toEqual(['2026-03-02', '2026-03-03']);
    const d1 = group(s, '2026-03-02');
    expect(d1.volumes).toEqual({ incidents: 2, runs: 3, cancelledIncidents: 0, transported: 1 });
    expect(d1.intervals.callToDispatch).toMatchObject({ median: 50, p90: 58 });
    expect(d1.intervals.dispatchToEnRoute).toMatchObject({ count: 2, median: 180, p90: 228 });
    expect(d1.national.departures).toBe(3);
    expect(d1.national.departureRate).toBeCloseTo(2 / 3, 10);
    const d2 = group(s, '2026-03-03');
    expect(d2.volumes).toEqual({ incidents: 3, runs: 2, cancelledIncidents: 1, transported: 0 });
    expect(d2.intervals.total).toMatchObject({ count: 2, median: 925, p90: 1265 });
    expect(d2.national).toMatchObject({ departureRate: 1, meetsDepartureTarget: true });
    expect(d2.emptyRuns).toEqual({ declined: 0, gone_on_arrival: 1, deceased: 1, total: 2 });
  });

  it('fills days without calls with empty groups', async () => {
    const s = await summary({ groupBy: 'day', from: '2026-03-01T16:00:00Z', to: '2026-03-05T16:00:00Z' });
    expect(s.groups.map((g) => [g.key, g.volumes.incidents])).toEqual([
      ['2026-03-02', 2],
      ['2026-03-03', 3],
      ['2026-03-04', 0],
      ['2026-03-05', 0],
    ]);
    expect(group(s, '2026-03-05').intervals.total.median).toBeNull();
  });

  it('groups by township (by name) and by priority', async () => {
    const byTownship = await summary({ groupBy: 'township' });
    expect(byTownship.groups.map((g) => [g.key, g.label, g.volumes.incidents])).toEqual([
      ['', '—', 1],
      ['999999100', '甲镇', 2],
      ['999999101', '乙镇', 2],
    ]);
    // 乙镇: I3 (1350) and I5 (500)
    expect(group(byTownship, '999999101').national.averageResponseSeconds).toBe(925);
    const byPriority = await summary({ groupBy: 'priority' });
    expect(byPriority.groups.map((g) => [g.key, g.volumes.incidents])).toEqual([
      ['1', 3],
      ['2', 1],
      ['3', 1],
      ['4', 0],
    ]);
    // P1: I1 760, I3 1350, I5 500 → median 760, p90 h = 1.8 → 760 + 0.8·590 = 1232
    expect(group(byPriority, '1').intervals.total).toMatchObject({ median: 760, p90: 1232 });
  });

  it('takes interval definitions per request', async () => {
    const s = await summary({ groupBy: 'priority', total: 'call_received..en_route@200' });
    expect(s.definitions.total).toEqual({ from: 'call_received', to: 'en_route', targetSeconds: 200 });
    // responding runs' call→en route: 160 300 150 200
    expect(s.overall.intervals.total).toMatchObject({ count: 4, median: 180, withinTarget: 3 });
    expect(s.overall.national.averageResponseSeconds).toBe(202.5);
  });

  it('answers bad ranges and definitions with 400 and a reason', async () => {
    const bad = async (query: Record<string, string>, reason: RegExp) => {
      const res = await t.inject({ url: '/api/analytics/summary', query });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(reason);
    };
    await bad({ from: RANGE.to, to: RANGE.from }, /must be before/);
    await bad({ from: RANGE.from, to: RANGE.from }, /must be before/);
    await bad({ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /more than/);
    await bad({ ...RANGE, total: 'answered..on_scene' }, /total: unknown stamp "answered"/);
    await bad({ ...RANGE, groupBy: 'week' }, /groupBy/);
    await bad({ from: 'yesterday', to: RANGE.to }, /from/);
    await bad({ to: RANGE.to }, /from/);
  });

  it('exports one CSV row per run with a BOM, bilingual headers, Shanghai times and intervals', async () => {
    const res = await t.inject({ url: '/api/analytics/runs.csv', query: RANGE });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 6); // R1, R2, R3, R4, I4 (no run), R5
    expect(lines[0]).toMatch(/^事件编号 Incident,优先级 Priority,/);
    expect(lines[0]).toContain('总反应时间(秒) Total s [call_received..on_scene@900]');
    const r1 = lines[1]!.split(',');
    expect(r1.slice(0, 7)).toEqual([
      String(fx.incidents.I1),
      '1',
      '甲镇',
      String(fx.runs.R1),
      'U1',
      '是 yes',
      '送院 transported',
    ]);
    expect(r1[7]).toBe('2026-03-02 09:00:00'); // 01:00 UTC
    expect(r1.slice(-4)).toEqual(['40', '120', '600', '760']);
    const r3 = lines.find((l) => l.split(',')[3] === String(fx.runs.R3))!.split(',');
    expect(r3[5]).toBe('否 no');
    expect(r3.slice(-4)).toEqual(['60', '30', '', '']);
    const i4 = lines.find((l) => l.startsWith(`${fx.incidents.I4},`))!.split(',');
    expect(i4[3]).toBe('');
  });

  it('refuses a bad CSV range with 400', async () => {
    const res = await t.inject({ url: '/api/analytics/runs.csv', query: { from: RANGE.to, to: RANGE.from } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/must be before/);
  });
});
