/**
 * Where the caller is (issue 13), in the built console against a real core and the demo county, the PBX played by
 * HTTP posts to the telephony seam:
 * - a carrier fix (`location` event) shows on the answered call's popup with its accuracy, and as a circle on
 *   the map; 用此位置 takes it into the new-incident form only when the dispatcher clicks it;
 * - the dispatcher makes a one-time location link; opened in a second browser context (the caller's phone) with
 *   geolocation granted, the caller's position appears on the call within seconds, with its accuracy;
 * - the same link opened again is refused (used), and an expired link is refused;
 * - an incident with many patients shows the 群体伤 panel: a unit set covering them, sent in one confirmed action,
 *   with units needed / requested / sent / on scene.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';

const enabled = browserAvailable();
const TOKEN = 'browser-test-pbx-token-0002';
const NUMBER = '13812340000';
// 丹阳市 centre, roughly; the caller's phone reports a point nearby.
const CARRIER = { lon: 119.575, lat: 32.005 };
const PHONE = { latitude: 32.0012, longitude: 119.5801, accuracy: 18 };

describe.skipIf(!enabled)('the caller’s location in the browser', () => {
  let rig: BrowserRig;
  let board: Page;
  let phone: BrowserContext;
  let token = '';
  let callId = 0;

  beforeAll(async () => {
    rig = await startRig({ telephonyToken: TOKEN });
    board = (await rig.newPage()).page;
    await rig.signIn(board, 'demo-dispatcher', 'demo-dispatcher-120');
    await board.waitForSelector('[data-testid="connection-indicator"][data-state="live"]', { timeout: 30_000 });
    const login = await fetch(`${rig.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-dispatcher', password: 'demo-dispatcher-120' }),
    });
    token = ((await login.json()) as { token: string }).token;
    // The caller's phone: another browser context, no session, geolocation granted at a known point.
    phone = await rig.browser.newContext({
      viewport: { width: 400, height: 800 },
      locale: 'zh-CN',
      geolocation: PHONE,
      permissions: ['geolocation'],
    });
  });
  afterAll(async () => {
    await phone?.close();
    await rig?.close();
  });

  const pbx = (body: Record<string, unknown>) =>
    fetch(`${rig.server.url}/api/telephony/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
  const position = () => board.locator('[data-testid="incoming-call-position"]');

  it('shows a carrier fix on the popup and as an accuracy circle; it becomes the incident point only on 用此位置', async () => {
    expect((await pbx({ callId: 'loc-1', event: 'ringing', callerNumber: NUMBER, line: 'trunk-1' })).status).toBe(200);
    const answered = await pbx({ callId: 'loc-1', event: 'answered', seat: '8001', username: 'demo-dispatcher' });
    callId = ((await answered.json()) as { call: { id: number } }).call.id;
    await board.waitForSelector('[data-testid="incoming-call"]', { timeout: 15_000 });
    expect(await board.getAttribute('[data-testid="incoming-call-location"]', 'data-located')).toBe('false');

    const fix = await pbx({ callId: 'loc-1', event: 'location', location: CARRIER, accuracyM: 800, source: 'carrier' });
    expect(fix.status).toBe(200);
    await position().waitFor({ timeout: 10_000 });
    expect(await position().getAttribute('data-accuracy')).toBe('800');
    expect(await position().getAttribute('data-source')).toBe('carrier');
    expect(await position().textContent()).toContain('运营商基站定位');
    await board.waitForSelector(`[data-testid="caller-circle"][data-call-id="${callId}"][data-accuracy="800"]`, {
      state: 'attached',
    });
    // Not taken as the incident point by itself: no form, nothing picked.
    expect(await board.locator('[data-testid="picked-location"]').count()).toBe(0);
    await board.click('[data-testid="incoming-call-use-position"]');
    await board.waitForSelector('[data-testid="picked-location"][data-picked="true"]');
    expect(await board.inputValue('[data-testid="caller-phone"]')).toBe(NUMBER);
    await rig.screenshot(board, 'caller-carrier-fix');
  });

  it('a location link opened on the caller’s phone puts its position on the call; reused or expired links are refused', async () => {
    await board.click('[data-testid="incoming-call-link-make"]');
    const input = board.locator('[data-testid="incoming-call-link-url"]');
    await input.waitFor({ timeout: 10_000 });
    const url = await input.inputValue();
    expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
    expect(url).not.toContain(NUMBER);

    const caller = await phone.newPage();
    await caller.goto(url);
    await caller.waitForSelector('[data-testid="locate-page"][data-state="open"]', { timeout: 15_000 });
    // The page reveals nothing about the call or the incident.
    const text = (await caller.textContent('body')) ?? '';
    expect(text).not.toContain(NUMBER);
    expect(text).not.toContain('胸痛');
    const sentAt = Date.now();
    await caller.click('[data-testid="locate-send"]');
    await caller.waitForSelector('[data-testid="locate-sent"]', { timeout: 15_000 });
    await rig.screenshot(caller, 'caller-link-sent');

    // On the dispatcher's popup within seconds, with the browser's accuracy.
    await board.waitForSelector('[data-testid="incoming-call-position"][data-source="link"]', { timeout: 10_000 });
    const seconds = (Date.now() - sentAt) / 1000;
    expect(seconds).toBeLessThan(10);
    expect(await position().getAttribute('data-accuracy')).toBe(String(PHONE.accuracy));
    expect(Number(await position().getAttribute('data-lat'))).toBeCloseTo(PHONE.latitude, 5);
    expect(Number(await position().getAttribute('data-lon'))).toBeCloseTo(PHONE.longitude, 5);
    await board.waitForSelector(`[data-testid="caller-circle"][data-call-id="${callId}"][data-accuracy="18"]`, {
      state: 'attached',
    });
    await rig.screenshot(board, 'caller-link-on-board');

    // The same link again: refused, and nothing is posted.
    const again = await phone.newPage();
    await again.goto(url);
    await again.waitForSelector('[data-testid="locate-page"][data-state="refused"]', { timeout: 15_000 });
    expect(await again.textContent('[data-testid="locate-refused"]')).toContain('已使用');

    // An expired link: made through the API, then aged past its expiry.
    const made = await fetch(`${rig.server.url}/api/calls/${callId}/location-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sms: false }),
    });
    expect(made.status).toBe(200);
    const expiredUrl = ((await made.json()) as { url: string }).url;
    await rig.db.query(
      `UPDATE call_location_links SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute'
       WHERE call_id = $1 AND used_at IS NULL`,
      [callId],
    );
    const expired = await phone.newPage();
    await expired.goto(expiredUrl);
    await expired.waitForSelector('[data-testid="locate-page"][data-state="refused"]', { timeout: 15_000 });
    expect(await expired.textContent('[data-testid="locate-refused"]')).toContain('已过期');
    const { rows } = await rig.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM call_locations WHERE call_id = $1 AND source = 'link'`,
      [callId],
    );
    expect(Number(rows[0]?.n)).toBe(1);
    expect(rig.cspViolations).toEqual([]);
  });

  it('shows the mass-casualty panel for 8 patients and sends the covering set in one confirmed action', async () => {
    await rig.db.query('UPDATE units SET fix_at = now()');
    if (await board.locator('[data-testid="incoming-call"]').count()) {
      await board.click('[data-testid="incoming-call"] button:has-text("关闭")');
    }
    if (await board.locator('[data-testid="caller-phone"]').count()) await board.keyboard.press('Escape');
    const res = await fetch(`${rig.server.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ location: CARRIER, complaint: '车祸多人受伤', priority: 1, patients: 8 }),
    });
    expect(res.status).toBe(201);
    const incidentId = ((await res.json()) as { id: number }).id;
    await board.click(`[data-testid="incident-row-${incidentId}"]`);
    const panel = board.locator('[data-testid="mass-casualty"]');
    await panel.waitFor({ timeout: 15_000 });
    // Default triage for a P1: one 危重 (a monitoring/ALS unit), seven 重症 (one ambulance each): 8 units.
    expect(await panel.getAttribute('data-needed')).toBe('8');
    const picks = board.locator('[data-testid="mass-casualty-picks"] li');
    await expect.poll(() => picks.count()).toBe(8);
    expect(await board.locator('[data-testid="mass-casualty-picks"] li[data-covers="critical"]').count()).toBe(1);
    await rig.screenshot(board, 'mass-casualty-plan');
    await board.click('[data-testid="mci-send"]');
    await board.click('[data-testid="mci-confirm"]');
    await expect.poll(() => panel.getAttribute('data-sent'), { timeout: 15_000 }).toBe('8');
    expect(await panel.getAttribute('data-requested')).toBe('8');
    expect(await panel.getAttribute('data-on-scene')).toBe('0');
    const { rows } = await rig.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM assignments WHERE incident_id = $1 AND status = 'active'`,
      [incidentId],
    );
    expect(Number(rows[0]?.n)).toBe(8);
    await rig.screenshot(board, 'mass-casualty-sent');
  });
});
