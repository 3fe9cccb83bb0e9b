/**
 * The built console in Chromium against a real core and database: the demo dispatcher signs in, takes a call by
 * clicking the map, assigns the recommended unit, that unit's crew signs in and drives its status to on-scene
 * from the crew page in a second browser context, and both screens agree; then the dispatcher's WebSocket is dropped, the state changes while
 * it is away, and after the reconnect the board shows what a freshly loaded board shows.
 * Screenshots of each screen go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';
import { hashPassword } from '@c120/dispatch-core';

const enabled = browserAvailable();

describe.skipIf(!enabled)('dispatch flow in the browser', () => {
  let rig: BrowserRig;
  let board: Page;
  let crew: Page;
  let unitId = 0;
  let incidentId = 0;

  beforeAll(async () => {
    rig = await startRig();
    // Every unit has a fresh fix, so recommendations are not flagged stale.
    await rig.db.query('UPDATE units SET fix_at = now()');
    board = (await rig.newPage()).page;
    crew = (await rig.newPage()).page;
  });
  afterAll(async () => {
    await rig?.close();
  });

  const live = (page: Page) =>
    page.waitForSelector('[data-testid="connection-indicator"][data-state="live"]', { timeout: 30_000 });

  it('sends an anonymous visitor to the login page, which lists the demo accounts (演示账号)', async () => {
    await board.goto(rig.server.url + '/');
    await board.waitForURL((url) => url.pathname === '/login', { timeout: 15_000 });
    await board.waitForSelector('[data-testid="demo-accounts"]');
    expect(await board.textContent('[data-testid="demo-accounts"]')).toContain('演示账号');
    await board.fill('[data-testid="login-username"]', 'demo-dispatcher');
    await board.fill('[data-testid="login-password"]', 'wrong-password');
    await board.click('[data-testid="login-submit"]');
    expect(await board.textContent('[data-testid="login-error"]')).toContain('用户名或密码错误');
    await rig.screenshot(board, 'login');
  });

  it('takes a call by clicking the map and assigns the recommended unit', async () => {
    await rig.signIn(board, 'demo-dispatcher', 'demo-dispatcher-120');
    await live(board);
    expect(await board.getAttribute('[data-testid="current-user"]', 'data-role')).toBe('dispatcher');
    await board.waitForSelector('.maplibregl-canvas', { timeout: 30_000 });
    // Chinese by default.
    expect(await board.locator('html').getAttribute('lang')).toMatch(/^zh/);

    await board.click('[data-testid="new-incident"]');
    await board.waitForSelector('[data-testid="new-incident-form"]');
    const canvas = board.locator('.maplibregl-canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('map canvas not laid out');
    await board.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await board.waitForSelector('[data-testid="picked-location"][data-picked="true"]');
    await board.fill('[data-testid="complaint"]', '胸痛，大汗，持续20分钟');
    await board.click('[data-testid="priority-1"]');
    await board.fill('[data-testid="caller-phone"]', '13912345678');
    await board.click('[data-testid="create-incident"]');

    const panel = board.locator('[data-testid="incident-panel"]');
    await panel.waitFor({ timeout: 15_000 });
    incidentId = Number(await panel.getAttribute('data-incident-id'));
    expect(incidentId).toBeGreaterThan(0);
    const firstRec = board.locator('[data-testid^="recommendation-row-"]').first();
    await firstRec.waitFor({ timeout: 15_000 });
    unitId = Number((await firstRec.getAttribute('data-testid'))?.replace('recommendation-row-', ''));
    await rig.screenshot(board, 'board-recommendations');

    await board.click(`[data-testid="assign-${unitId}"]`);
    await board.waitForSelector(`[data-testid="unit-row-${unitId}"][data-status="dispatched"]`, { timeout: 15_000 });
    const { rows } = await rig.db.query<{ status: string }>(
      `SELECT status FROM assignments WHERE incident_id = $1 AND unit_id = $2`,
      [incidentId, unitId],
    );
    expect(rows.map((r) => r.status)).toEqual(['active']);
  });

  it('lets the crew drive the run to on-scene from the crew page, and the board agrees', async () => {
    // That unit's crew account (an administrator would create it; here directly in the database).
    await rig.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('crew-b', '车组', $1, 'crew', $2)`,
      [await hashPassword('crew-password-1'), unitId],
    );
    await rig.signIn(crew, 'crew-b', 'crew-password-1', '/crew');
    await crew.waitForURL((url) => url.pathname === '/crew');
    expect(await crew.locator('[data-testid="crew-change-unit"]').count()).toBe(0);
    await crew.waitForSelector(`[data-testid="crew-assignment"][data-incident-id="${incidentId}"]`, {
      timeout: 15_000,
    });
    expect(await crew.textContent('[data-testid="crew-complaint"]')).toContain('胸痛');
    await crew.click('[data-testid="crew-status-en_route"]');
    await crew.waitForSelector('[data-testid="crew-status-pad"][data-status="en_route"]');
    await crew.click('[data-testid="crew-status-on_scene"]');
    // 到达现场 further than SCENE_CONFIRM_DISTANCE_M (500 m) from the scene asks first (issue 12).
    const { rows: far } = await rig.db.query<{ m: number }>(
      `SELECT ST_DistanceSphere(u.position, i.geom) AS m FROM units u, incidents i WHERE u.id = $1 AND i.id = $2`,
      [unitId, incidentId],
    );
    if (Number(far[0]?.m) > 500) {
      await crew.waitForSelector('[data-testid="crew-far-confirm"]');
      expect(await crew.textContent('[data-testid="crew-far-confirm"]')).toMatch(/距离现场还有 [\d.]+ 公里/);
      expect(await crew.getAttribute('[data-testid="crew-status-pad"]', 'data-status')).toBe('en_route');
      await crew.click('[data-testid="crew-far-yes"]');
    }
    await crew.waitForSelector('[data-testid="crew-status-pad"][data-status="on_scene"]');
    await rig.screenshot(crew, 'crew-on-scene');

    await board.waitForSelector(`[data-testid="unit-row-${unitId}"][data-status="on_scene"]`, { timeout: 10_000 });
    await board.waitForSelector(`[data-testid="incident-panel"][data-status="on_scene"]`, { timeout: 10_000 });
    const { rows } = await rig.db.query<{ source: string; to_status: string }>(
      `SELECT source, to_status FROM unit_status_changes WHERE unit_id = $1 ORDER BY id`,
      [unitId],
    );
    expect(rows.map((r) => `${r.to_status}/${r.source}`)).toEqual([
      'dispatched/console',
      'en_route/crew',
      'on_scene/crew',
    ]);
    await rig.screenshot(board, 'board-on-scene');
  });

  it('reconnects after the WebSocket drops and shows what a freshly loaded board shows', async () => {
    // Cut every console's socket, then change state while they are away.
    for (const client of rig.server.app.websocketServer.clients) client.terminate();
    const login = await fetch(`${rig.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-dispatcher', password: 'demo-dispatcher-120' }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${rig.server.url}/api/units/${unitId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ status: 'transporting', source: 'crew' }),
    });
    expect(res.status).toBe(200);
    await board.waitForSelector(`[data-testid="unit-row-${unitId}"][data-status="transporting"]`, { timeout: 30_000 });
    await live(board);

    const fresh = (await rig.newPage()).page;
    await rig.signIn(fresh, 'demo-dispatcher', 'demo-dispatcher-120');
    await live(fresh);
    const statuses = async (page: Page) =>
      page.$$eval('[data-testid^="unit-row-"]', (rows) =>
        rows.map((r) => `${r.getAttribute('data-testid')}=${r.getAttribute('data-status')}`).sort(),
      );
    expect(await statuses(board)).toEqual(await statuses(fresh));
    expect(await statuses(board)).toContain(`unit-row-${unitId}=transporting`);
    await rig.screenshot(board, 'board-after-reconnect');
  });

  it('shows an official the board without call-taking or assign buttons, and the audit trail with actors', async () => {
    const page = (await rig.newPage()).page;
    await rig.signIn(page, 'demo-official', 'demo-official-120');
    await live(page);
    expect(await page.getAttribute('[data-testid="current-user"]', 'data-role')).toBe('official');
    expect(await page.locator('[data-testid="new-incident"]').count()).toBe(0);
    await page.waitForSelector('[data-testid="read-only"]');
    await page.click(`[data-testid="incident-row-${incidentId}"]`);
    await page.waitForSelector(`[data-testid="incident-panel"][data-incident-id="${incidentId}"]`);
    expect(await page.locator('[data-testid^="assign-"]').count()).toBe(0);
    expect(await page.locator('[data-testid="cancel-incident"]').count()).toBe(0);
    await page.click('[data-testid="open-audit"]');
    await page.waitForSelector('[data-testid="audit-entry"]');
    const trail = await page.textContent('[data-testid="audit-trail"]');
    expect(trail).toContain('演示调度员'); // the dispatcher who took the call and assigned
    expect(trail).toContain('crew-b');
    await rig.screenshot(page, 'official-audit');
  });

  it('shows the coverage page: live coverage layer on the map, coverage tiles with numbers, townships (as a read-only official)', async () => {
    // Positions went stale during the earlier tests: fresh fixes again. The staleness watchdog announces it
    // (unit.staleness_changed), which makes live coverage recompute and push a sys.coverage frame to the page.
    await rig.db.query('UPDATE units SET fix_at = now()');
    const page = (await rig.newPage()).page;
    await rig.signIn(page, 'demo-official', 'demo-official-120', '/coverage');
    await page.waitForSelector('[data-testid="coverage-page"]');
    await page.waitForSelector('[data-testid="kpi-tiles"]');
    expect(await page.locator('[data-testid="create-incident"]').count()).toBe(0);
    // The map is up and draws the coverage grid (one square per cell the server computed).
    await page.waitForSelector('[data-testid="coverage-map"][data-ready="true"]', { timeout: 30_000 });
    const attr = async (selector: string, name: string) => Number(await page.getAttribute(selector, name));
    await expect
      .poll(() => attr('[data-testid="coverage-map"]', 'data-coverage-cells'), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(500);
    await expect
      .poll(() => attr('[data-testid="kpi-population-share"]', 'data-value'), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(0);
    const share = Number(await page.getAttribute('[data-testid="kpi-population-share"]', 'data-value'));
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    expect(await page.textContent('[data-testid="kpi-population-share"]')).toMatch(/\d+%/);
    expect(Number(await page.getAttribute('[data-testid="kpi-coverage-units"]', 'data-value'))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="township-chart"] li').count()).toBe(12);
    // Live: the page's own coverage socket is subscribed.
    await page.waitForSelector('[data-testid="coverage-live"]', { timeout: 15_000 });
    await rig.screenshot(page, 'coverage');
  });

  it('ran every screen above under the security headers without a Content-Security-Policy violation', async () => {
    const res = await fetch(rig.server.url + '/');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    expect(rig.cspViolations).toEqual([]);
  });
});
