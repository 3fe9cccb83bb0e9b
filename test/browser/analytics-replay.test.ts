/**
 * The built console in Chromium: the analytics page shows the national indicators and charts for a known set
 * of runs; an incident replay and the county-wide past-hour replay move the unit markers and the status
 * timeline as the replay clock advances. Screenshots go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedAnalyticsFixture, type AnalyticsFixture } from '@c120/dispatch-core/testing';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';

const enabled = browserAvailable();
const I1_CALL = Date.parse('2026-03-02T01:00:00Z');

describe.skipIf(!enabled)('analytics and replay in the browser', () => {
  let rig: BrowserRig;
  let page: Page;
  let fx: AnalyticsFixture;

  beforeAll(async () => {
    rig = await startRig();
    fx = await seedAnalyticsFixture(rig.db);
    // U1 drives east during its run on I1 (a fix every 10 s), with its status changes.
    await rig.db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, speed_kmh, heading_deg, source)
       SELECT $1, $2::timestamptz + make_interval(secs => s),
              ST_SetSRID(ST_MakePoint(119.50 + s / 20000.0, 31.95), 4326), 40, 90, 'json'
       FROM generate_series(40, 2000, 10) AS s`,
      [fx.units.U1, new Date(I1_CALL)],
    );
    await rig.db.query(
      `INSERT INTO unit_status_changes (unit_id, from_status, to_status, source, at, assignment_id) VALUES
         ($1, 'available', 'dispatched', 'console', $2, $5),
         ($1, 'dispatched', 'en_route', 'crew', $3, $5),
         ($1, 'en_route', 'on_scene', 'geofence', $4, $5)`,
      [fx.units.U1, new Date(I1_CALL + 40_000), new Date(I1_CALL + 160_000), new Date(I1_CALL + 760_000), fx.runs.R1],
    );
    // U3 drives north over the last hour (a fix every 15 s), for the county-wide replay.
    await rig.db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source)
       SELECT $1, now() - make_interval(secs => 3540 - s), ST_SetSRID(ST_MakePoint(119.6, 31.9 + s / 30000.0), 4326), 'json'
       FROM generate_series(0, 3540, 15) AS s`,
      [fx.units.U3],
    );
    page = (await rig.newPage()).page;
    await rig.signIn(page, 'demo-dispatcher', 'demo-dispatcher-120');
  });
  afterAll(async () => {
    await rig?.close();
  });

  const unitRow = (unitId: number) => page.locator(`[data-testid="replay-unit-${unitId}"]`);

  it('shows the KPI tiles and charts for a range of days, in Chinese', async () => {
    await page.goto(rig.server.url + '/');
    await page.click('[data-testid="nav-analytics"]');
    await page.waitForSelector('[data-testid="analytics-page"]');
    await page.fill('[data-testid="analytics-from"]', '2026-03-02');
    await page.fill('[data-testid="analytics-to"]', '2026-03-03');
    await page.click('[data-testid="analytics-apply"]');
    await page.waitForSelector('[data-testid="analytics-summary"][data-incidents="5"][data-loading="false"]', {
      timeout: 15_000,
    });
    // Hand-computed in dispatch-core/src/routes/analytics.test.ts: 4 of 5 runs left within 180 s.
    const departure = await page.textContent('[data-testid="kpi-departure-rate"]');
    expect(departure).toContain('3分钟出车率');
    expect(departure).toContain('80.0%');
    expect(departure).toContain('未达标');
    expect(await page.textContent('[data-testid="kpi-average-response"]')).toContain('14分38秒'); // 877.5 s
    expect(await page.locator('[data-testid="chart-volumes-bar"]').count()).toBe(2);
    expect(await page.locator('[data-testid="chart-empty-runs-bar"]').count()).toBe(6);
    const csv = await page.getAttribute('[data-testid="analytics-csv"]', 'href');
    expect(csv).toContain('/api/analytics/runs.csv?from=2026-03-01T16%3A00%3A00.000Z');
    await rig.screenshot(page, 'analytics-by-day');

    await page.selectOption('[data-testid="analytics-group-by"]', 'township');
    await page.waitForSelector('[data-testid="analytics-row-999999101"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="analytics-row-999999101"]')).toContain('乙镇');
  });

  it('replays an incident: the marker moves and the status timeline follows the clock', async () => {
    await page.goto(`${rig.server.url}/analytics/replay?incident=${fx.incidents.I1}`);
    await page.waitForSelector('[data-testid="replay-map"][data-ready="true"]', { timeout: 30_000 });
    const row = unitRow(fx.units.U1!);
    await row.waitFor({ timeout: 15_000 });
    // At the call (before dispatch) there is no fix yet and no change has happened.
    expect(await row.getAttribute('data-lon')).toBe('');
    expect(await page.getAttribute('[data-testid="replay-timeline"]', 'data-current')).toBe('-1');
    await rig.screenshot(page, 'replay-incident-start');

    await page.selectOption('[data-testid="replay-speed"]', '120');
    await page.click('[data-testid="replay-play"]');
    const timeline = page.locator('[data-testid="replay-timeline"]');
    // dispatched at +40 s, en route at +160 s: the timeline's current entry follows the clock
    await expect.poll(() => timeline.getAttribute('data-current'), { timeout: 15_000 }).toBe('1');
    const lon1 = Number(await row.getAttribute('data-lon'));
    expect(lon1).toBeGreaterThan(119.5);
    await expect
      .poll(async () => Number(await row.getAttribute('data-lon')), { timeout: 15_000 })
      .toBeGreaterThan(lon1);
    await page.click('[data-testid="replay-play"]'); // pause
    expect(Number(await row.getAttribute('data-lon'))).toBeGreaterThan(lon1);
    await rig.screenshot(page, 'replay-incident-moving');

    // The slider seeks: at the end the unit is on scene, at the end of its track.
    const end = await page.getAttribute('[data-testid="replay-slider"]', 'max');
    await page.locator('[data-testid="replay-slider"]').fill(String(end));
    await page.waitForSelector(`[data-testid="replay-unit-${fx.units.U1}"][data-status="on_scene"]`);
    expect(await row.getAttribute('data-lon')).toBe((119.5 + 2000 / 20000).toFixed(5));
  });

  it('replays the past hour of the county from the analytics page', async () => {
    await page.goto(rig.server.url + '/analytics');
    await page.click('[data-testid="analytics-replay-hour"]');
    await page.waitForSelector('[data-testid="replay-map"][data-ready="true"]', { timeout: 30_000 });
    const row = unitRow(fx.units.U3!);
    await row.waitFor({ timeout: 15_000 });
    const t0 = Number(await page.getAttribute('[data-testid="replay-time"]', 'data-t'));
    await page.selectOption('[data-testid="replay-speed"]', '120');
    await page.click('[data-testid="replay-play"]');
    // Its first fix is a minute into the hour: wait for a position, then for it to move north.
    const latOf = async () => (await row.getAttribute('data-lat')) ?? '';
    await expect.poll(latOf, { timeout: 15_000 }).not.toBe('');
    const lat1 = Number(await latOf());
    expect(lat1).toBeGreaterThan(31.9);
    await expect.poll(async () => Number(await latOf()), { timeout: 15_000 }).toBeGreaterThan(lat1);
    expect(Number(await page.getAttribute('[data-testid="replay-time"]', 'data-t'))).toBeGreaterThan(t0);
    await rig.screenshot(page, 'replay-county-hour');
  });

  it('opens an incident replay from the board incident panel (回放)', async () => {
    // Through the page's own session (its cookie), as the signed-in dispatcher.
    const res = await page.request.post(`${rig.server.url}/api/incidents`, {
      data: { complaint: '腹痛', priority: 2, location: { lon: 119.58, lat: 32.0 } },
    });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await page.goto(rig.server.url + '/');
    await page.click(`[data-testid="incident-row-${id}"]`);
    await page.click('[data-testid="incident-replay"]');
    await page.waitForSelector('[data-testid="replay-page"]');
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toContain(`事件 #${id} 回放`);
    expect(page.url()).toContain(`/analytics/replay?incident=${id}`);
    expect(await page.locator('[data-testid="replay-no-tracks"]').count()).toBe(1);
  });
});
