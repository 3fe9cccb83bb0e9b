/**
 * Rounds (巡诊) and a booked transfer (转运) end to end in the built console:
 * - the 司徒镇 health centre (卫生院) plans a round for its patrol van on the 巡诊 page;
 * - the simulator drives the van to the first village (its GPS through the real ingest path, JSON batches) and
 *   stays: core's geofence records the arrival from those fixes, the planner's page shows it live, and the
 *   official's village layer gains a village seen this week;
 * - the crew enters people served on its tablet; an emergency takes the van and the round shows the gap;
 * - the health centre books a negative-pressure transfer; the dispatcher schedules a negative-pressure
 *   ambulance and starts it; the run goes through the normal lifecycle and the booking shows 已完成.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';
import { hashPassword, serviceSession } from '@c120/dispatch-core';
import { seedDevices, startSimulator } from '@c120/simulator';

const enabled = browserAvailable();

async function until(pred: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const SITU = '321181100'; // 司徒镇

describe.skipIf(!enabled)('rounds and booked transfers in the browser', () => {
  let rig: BrowserRig;
  let hc: Page;
  let official: Page;
  let crew: Page;
  let dispatcher: Page;
  let van = { id: 0, callSign: '' };
  let villages: { id: number; code: string; name: string; lon: number; lat: number }[] = [];
  const tokens: Record<string, string> = {};

  const api = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rig.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // A 2-second stop dwell: the simulated van reports in real time (a tablet's fixes are never from the future).
    rig = await startRig({ roundStopDwellSeconds: 2 });
    // The patrol van serves 司徒镇's health centre; its last fix an hour ago, so the tablet's fixes are live.
    const v = await rig.db.query<{ id: number; call_sign: string }>(
      `UPDATE units SET township_code = $1, fix_at = now() - interval '1 hour' WHERE code = 'DY120-26'
       RETURNING id, call_sign`,
      [SITU],
    );
    van = { id: Number(v.rows[0]?.id), callSign: String(v.rows[0]?.call_sign) };
    // The rig runs in demo mode, which plans today's demo round for this van: this test plans its own.
    for (const table of ['round_stops', 'round_diversions'])
      await rig.db.query(`DELETE FROM ${table} WHERE round_id IN (SELECT id FROM rounds WHERE unit_id = $1)`, [van.id]);
    await rig.db.query('DELETE FROM rounds WHERE unit_id = $1', [van.id]);
    const places = await rig.db.query<{ id: number; code: string; name: string; lon: number; lat: number }>(
      `SELECT p.id, p.code, p.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM places p, units u
       WHERE p.township_code = $1 AND p.kind = 'village' AND u.id = $2
       ORDER BY ST_Distance(p.geom::geography, u.position::geography) LIMIT 2`,
      [SITU, van.id],
    );
    villages = places.rows.map((p) => ({ ...p, id: Number(p.id), lon: Number(p.lon), lat: Number(p.lat) }));
    await rig.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('crew-van', '巡诊车组', $1, 'crew', $2)`,
      [await hashPassword('crew-van-password'), van.id],
    );
    for (const [who, username, password] of [
      ['crew', 'crew-van', 'crew-van-password'],
      ['dispatcher', 'demo-dispatcher', 'demo-dispatcher-120'],
    ] as const) {
      const res = await fetch(`${rig.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      tokens[who] = ((await res.json()) as { token: string }).token;
    }
    hc = (await rig.newPage()).page;
    official = (await rig.newPage()).page;
    crew = (await rig.newPage()).page;
    dispatcher = (await rig.newPage()).page;
  });
  afterAll(async () => {
    await rig?.close();
  });

  let roundId = 0;
  let firstStop = 0;

  it('a health centre plans a round for its patrol van on the 巡诊 page', async () => {
    await rig.signIn(hc, 'demo-health-centre', 'demo-health-centre-120', '/rounds');
    await hc.waitForSelector('[data-testid="round-plan-form"]', { timeout: 30_000 });
    expect(await hc.textContent('[data-testid="current-user"]')).toContain('卫生院');
    await hc.selectOption('[data-testid="round-unit"]', { label: van.callSign });
    await hc.fill('[data-testid="round-team"]', '司徒镇家庭医生一队');
    // Leaving now (Beijing time), so the simulated van sets off for its first stop at once.
    await hc.fill('[data-testid="round-start"]', new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16));
    for (const village of villages) {
      await hc.fill('[data-testid="place-search"]', village.name);
      await hc.click(`[data-testid="place-hits"] [data-code="${village.code}"]`, { timeout: 10_000 });
    }
    expect(await hc.locator('[data-testid="round-draft-stops"] li').count()).toBe(2);
    await hc.click('[data-testid="round-submit"]');
    const card = hc.locator(`[data-testid^="round-"][data-unit="${van.id}"]`);
    await card.waitFor({ timeout: 10_000 });
    roundId = Number((await card.getAttribute('data-testid'))?.replace('round-', ''));
    expect(roundId).toBeGreaterThan(0);
    expect(await hc.textContent(`[data-testid="round-status-${roundId}"]`)).toBe('已计划');
    const stops = await hc.locator(`[data-testid="round-${roundId}"] tbody tr`).all();
    expect(stops).toHaveLength(2);
    firstStop = Number((await stops[0]!.getAttribute('data-testid'))?.replace('stop-', ''));
    await rig.screenshot(hc, 'rounds-planned');
  });

  it('the van’s GPS records the arrival; the official’s village layer changes; the crew enters people served', async () => {
    await rig.signIn(official, 'demo-official', 'demo-official-120', '/rounds');
    const map = official.locator('[data-testid="outreach-map"]');
    await until(async () => Number(await map.getAttribute('data-outreach-villages')) > 0, 30_000);
    const weekBefore = Number(await map.getAttribute('data-outreach-week'));

    // The first stop (the order is the server's): find which village it is from the planner's page.
    const place = await hc.getAttribute(`[data-testid="stop-${firstStop}"]`, 'data-place');
    const village = villages.find((x) => x.name === place)!;
    // The van sets off 600 m from it (a short drive for the test); the simulator plays only this van, through JSON
    // batches as its tablet would, and drives its round: to the first stop, staying there.
    await rig.db.query(
      `UPDATE units SET position = ST_Project(ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography,
         600, radians(45))::geometry, fix_at = now() - interval '1 hour' WHERE id = $1`,
      [van.id, village.lon, village.lat],
    );
    const sim = await startSimulator({
      coreUrl: rig.server.url,
      token: await serviceSession(rig.db, rig.server.app.core.auth, 'simulator', '模拟器'),
      devices: (await seedDevices()).filter((d) => d.unitCode === 'DY120-26'),
      transport: 'json',
      timeScale: 4,
      callRatePerHour: 0,
      autoDispatchAfterSeconds: null,
      rounds: { serviceMinutes: [600, 600], diversionShare: 0 },
      bookings: { perHour: 0 },
      seed: 26,
      log: () => {},
    });
    try {
      await hc
        .locator(`[data-testid="stop-state-${firstStop}"]`)
        .filter({ hasText: /^已到达$/ })
        .waitFor({ timeout: 30_000 });
      expect(sim.stats().planned.rounds?.drives).toBeGreaterThan(0);
    } finally {
      await sim.stop(); // the rest of the test plays the crew and the dispatcher by hand
    }
    const stop = await api('dispatcher', 'GET', `/api/rounds/${roundId}`);
    const recorded = (stop.body.stops as { id: number; arrivalSource: string | null }[]).find(
      (x) => x.id === firstStop,
    );
    expect(recorded?.arrivalSource).toBe('geofence');
    await hc
      .locator(`[data-testid="stop-state-${firstStop}"]`)
      .filter({ hasText: /^已到达$/ })
      .waitFor({ timeout: 15_000 });
    expect(await hc.textContent(`[data-testid="round-status-${roundId}"]`)).toBe('巡诊中');
    await until(async () => Number(await map.getAttribute('data-outreach-week')) > weekBefore, 15_000);

    await rig.signIn(crew, 'crew-van', 'crew-van-password', '/crew');
    await crew.waitForSelector('[data-testid="crew-round"]', { timeout: 30_000 });
    await crew.click(`[data-testid="stop-record-${firstStop}"]`);
    await crew.fill(`[data-testid="stop-people-${firstStop}"]`, '18');
    await crew.fill(`[data-testid="stop-remote-${firstStop}"]`, '2');
    await crew.click(`[data-testid="stop-save-${firstStop}"]`);
    await hc
      .locator(`[data-testid="stop-served-${firstStop}"]`)
      .filter({ hasText: /^18$/ })
      .waitFor({ timeout: 10_000 });
    await rig.screenshot(crew, 'rounds-crew');
  });

  it('an emergency takes the van: the round shows the gap', async () => {
    const incident = await api('dispatcher', 'POST', '/api/incidents', {
      location: { lon: villages[0]!.lon + 0.001, lat: villages[0]!.lat },
      complaint: '突发胸痛',
      priority: 1,
    });
    expect(incident.status).toBe(201);
    const assigned = await api('dispatcher', 'POST', `/api/incidents/${incident.body.id as number}/assignments`, {
      unitId: van.id,
    });
    expect(assigned.status).toBe(201);
    await hc.waitForSelector(`[data-testid="round-gap-${roundId}"]`, { timeout: 10_000 });
    expect(await hc.textContent(`[data-testid="round-status-${roundId}"]`)).toBe('已中断');
    expect(await hc.textContent(`[data-testid="round-gap-${roundId}"]`)).toContain(`#${incident.body.id as number}`);
    await rig.screenshot(hc, 'rounds-gap');
  });

  it('a booked negative-pressure transfer is scheduled, run and completed', async () => {
    const np = await rig.db.query<{ id: number; call_sign: string }>(
      `SELECT id, call_sign FROM units WHERE kind = 'negative_pressure_ambulance' AND status = 'available' ORDER BY code LIMIT 1`,
    );
    const unit = { id: Number(np.rows[0]?.id), callSign: String(np.rows[0]?.call_sign) };
    await hc.goto(`${rig.server.url}/transfers`);
    await hc.waitForSelector('[data-testid="transfer-form"]', { timeout: 30_000 });
    await hc.fill('[data-testid="transfer-patient"]', '张某');
    await hc.selectOption('[data-testid="transfer-from"]', { label: '司徒镇卫生院' });
    await hc.selectOption('[data-testid="transfer-to"]', { label: '丹阳市人民医院' });
    await hc.check('[data-testid="transfer-need-negative_pressure"]');
    await hc.click('[data-testid="transfer-book"]');
    const row = hc.locator('[data-testid="transfers-list"] tr[data-status="booked"]');
    await row.waitFor({ timeout: 10_000 });
    const id = Number((await row.getAttribute('data-testid'))?.replace('transfer-', ''));

    await rig.signIn(dispatcher, 'demo-dispatcher', 'demo-dispatcher-120', '/transfers');
    await dispatcher.waitForSelector(`[data-testid="transfer-${id}"]`, { timeout: 30_000 });
    await dispatcher.selectOption(`[data-testid="transfer-unit-${id}"]`, { label: unit.callSign });
    await dispatcher.click(`[data-testid="transfer-schedule-${id}"]`);
    await dispatcher.waitForSelector(`[data-testid="transfer-${id}"][data-status="scheduled"]`, { timeout: 10_000 });
    await dispatcher.click(`[data-testid="transfer-dispatch-${id}"]`);
    await dispatcher.waitForSelector(`[data-testid="transfer-${id}"][data-status="dispatched"]`, { timeout: 10_000 });
    for (const status of ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']) {
      expect((await api('dispatcher', 'POST', `/api/units/${unit.id}/status`, { status })).status).toBe(200);
    }
    await dispatcher
      .locator(`[data-testid="transfer-status-${id}"]`)
      .filter({ hasText: /^已完成$/ })
      .waitFor({ timeout: 10_000 });
    // The health centre sees its booking completed too (its own township's transfer events).
    await hc
      .locator(`[data-testid="transfer-status-${id}"]`)
      .filter({ hasText: /^已完成$/ })
      .waitFor({ timeout: 10_000 });
    await rig.screenshot(dispatcher, 'transfers-completed');
    // Its KPIs on /analytics (the on-time rate depends on the clock: the form's default window is 09:00–10:00).
    await dispatcher.goto(`${rig.server.url}/analytics`);
    const kpi = dispatcher.locator('[data-testid="analytics-transfers"]');
    await kpi.waitFor({ timeout: 30_000 });
    expect(await kpi.textContent()).toMatch(/预约转运 1 单，完成 1，准时接到率 (0|100)%/);
    expect(rig.cspViolations).toEqual([]);
  });
});
