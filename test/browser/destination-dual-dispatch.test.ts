/**
 * Issue 12 at the dispatcher's desk, in the built console against a real core and the demo county:
 * - the second Enter does not send a second ambulance: it asks (加派), and only the explicit confirmation sends;
 * - a P1 chest pain lists the chest-pain centres first; choosing the township health centre (no 胸痛中心) asks a
 *   reason, which is stored with an event, and the destination is flagged on the board;
 * - a P1 far from any monitoring ambulance gets the dual-dispatch offer with the time difference, and it sends both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { IncidentView } from '@c120/dispatch-core/contracts';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';

const enabled = browserAvailable();
/** Near 司徒镇卫生院 (a township health centre without specialty centres), 10+ km from the county hospitals. */
const SITU = { lon: 119.468, lat: 31.931 };

describe.skipIf(!enabled)("the dispatcher's desk (issue 12)", () => {
  let rig: BrowserRig;
  let board: Page;
  let token = '';

  beforeAll(async () => {
    rig = await startRig();
    await rig.db.query('UPDATE units SET fix_at = now()');
    const login = await fetch(`${rig.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-dispatcher', password: 'demo-dispatcher-120' }),
    });
    token = ((await login.json()) as { token: string }).token;
    board = (await rig.newPage()).page;
    await rig.signIn(board, 'demo-dispatcher', 'demo-dispatcher-120');
    await board.waitForSelector('[data-testid="connection-indicator"][data-state="live"]', { timeout: 30_000 });
    await board.waitForSelector('.maplibregl-canvas', { timeout: 30_000 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function createIncident(body: Record<string, unknown>): Promise<IncidentView> {
    const res = await fetch(`${rig.server.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as IncidentView;
  }
  async function openIncident(id: number) {
    await board.click(`[data-testid="incident-row-${id}"]`, { timeout: 15_000 });
    await board.waitForSelector(`[data-testid="incident-panel"][data-incident-id="${id}"]`);
  }
  // Page-side expressions as strings: this file is type-checked without the DOM library.
  const blur = () => board.evaluate('document.activeElement && document.activeElement.blur()');
  const focused = () =>
    board.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')");
  const activeRuns = async (incidentId: number) =>
    (
      await rig.db.query<{ unit_id: number; kind: string }>(
        `SELECT a.unit_id, u.kind FROM assignments a JOIN units u ON u.id = a.unit_id
         WHERE a.incident_id = $1 AND a.status = 'active' ORDER BY a.id`,
        [incidentId],
      )
    ).rows;

  it('does not send a second unit on a second Enter: it asks, and 加派 after the confirmation sends it', async () => {
    await board.click('[data-testid="new-incident"]');
    await board.waitForSelector('[data-testid="new-incident-form"]');
    const box = await board.locator('.maplibregl-canvas').boundingBox();
    if (!box) throw new Error('map canvas not laid out');
    await board.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await board.waitForSelector('[data-testid="picked-location"][data-picked="true"]');
    await board.fill('[data-testid="complaint"]', '腹痛呕吐');
    await board.click('[data-testid="priority-2"]');
    await board.click('[data-testid="create-incident"]');
    const panel = board.locator('[data-testid="incident-panel"]');
    await panel.waitFor({ timeout: 15_000 });
    const incidentId = Number(await panel.getAttribute('data-incident-id'));
    await board.locator('[data-testid^="recommendation-row-"]').first().waitFor({ timeout: 15_000 });
    await blur();

    await board.keyboard.press('Enter');
    await board.waitForSelector('[data-testid^="run-"][data-run-status="active"]', { timeout: 15_000 });
    expect(await activeRuns(incidentId)).toHaveLength(1);

    // The second Enter: a question, not an ambulance. Its focus is on 取消, so a third Enter only closes it.
    await board.keyboard.press('Enter');
    await board.waitForSelector('[data-testid="additional-confirm"]', { timeout: 5_000 });
    expect(await focused()).toBe('cancel-additional');
    expect(await board.textContent('[data-testid="additional-confirm"]')).toContain('确认加派');
    await board.keyboard.press('Enter');
    await board.waitForSelector('[data-testid="additional-confirm"]', { state: 'detached' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await activeRuns(incidentId)).toHaveLength(1);

    // Deliberately: Enter, then Shift+Tab to 确认加派 and Enter — keyboard only.
    await blur();
    await board.keyboard.press('Enter');
    await board.waitForSelector('[data-testid="additional-confirm"]');
    await board.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('confirm-additional');
    await board.keyboard.press('Enter');
    await expect.poll(async () => (await activeRuns(incidentId)).length, { timeout: 15_000 }).toBe(2);
    await board.waitForSelector('[data-testid^="run-"][data-run-status="active"] >> nth=1', { timeout: 15_000 });
    await rig.screenshot(board, 'desk-additional-unit');
  });

  it('lists chest-pain centres first for 胸痛; the health centre without one asks a reason and is flagged', async () => {
    const inc = await createIncident({ location: SITU, complaint: '胸痛半小时，大汗', priority: 1 });
    expect(inc.neededSpecialties).toEqual(['chest_pain']);
    await openIncident(inc.id);
    const dest = board.locator('[data-testid="destination"]');
    await dest.waitFor();
    expect(await board.textContent('[data-testid="needed-specialties"]')).toContain('胸痛中心');
    const rows = board.locator('[data-testid^="hospital-row-"]');
    await rows.first().waitFor({ timeout: 15_000 });
    // The first suggestion has the chest-pain centre and says so; the nearby health centre lacks it.
    expect(await rows.first().getAttribute('data-missing')).toBe('');
    expect(await rows.first().textContent()).toContain('胸痛中心');
    const { rows: clinic } = await rig.db.query<{ id: number }>(`SELECT id FROM hospitals WHERE name = '司徒镇卫生院'`);
    const clinicId = clinic[0]!.id;
    const clinicRow = board.locator(`[data-testid="hospital-row-${clinicId}"]`);
    expect(await clinicRow.getAttribute('data-missing')).toBe('chest_pain');
    expect(Number(await clinicRow.getAttribute('data-rank'))).toBeGreaterThan(1);

    await board.click(`[data-testid="choose-hospital-${clinicId}"]`);
    await board.waitForSelector('[data-testid="destination-reason-form"]');
    expect(await board.textContent('[data-testid="destination-reason-form"]')).toContain('没有胸痛中心');
    expect(await board.isDisabled('[data-testid="confirm-destination"]')).toBe(true);
    await board.selectOption('[data-testid="destination-reason-kind"]', { label: '病情危重需就近抢救' });
    await board.fill('[data-testid="destination-reason-text"]', '室颤，先就近除颤');
    await board.click('[data-testid="confirm-destination"]');

    await board.waitForSelector('[data-testid="destination-flag"]', { timeout: 15_000 });
    expect(await board.textContent('[data-testid="destination-flag"]')).toContain('缺少胸痛中心');
    expect(await board.textContent('[data-testid="destination-reason"]')).toContain('室颤，先就近除颤');
    const stored = await rig.db.query<{ destination_reason: string; destination_missing_specialties: string[] }>(
      'SELECT destination_reason, destination_missing_specialties FROM incidents WHERE id = $1',
      [inc.id],
    );
    expect(stored.rows[0]).toEqual({
      destination_reason: '病情危重需就近抢救：室颤，先就近除颤',
      destination_missing_specialties: ['chest_pain'],
    });
    const events = await rig.db.query<{ payload: { missingSpecialties: string[] } }>(
      `SELECT payload FROM events WHERE incident_id = $1 AND type = 'incident.destination_set'`,
      [inc.id],
    );
    expect(events.rows.map((e) => e.payload.missingSpecialties)).toEqual([['chest_pain']]);
    await rig.screenshot(board, 'desk-destination-flag');
  });

  it('offers dual dispatch for a P1 far from every monitoring ambulance, with the difference, and sends both', async () => {
    // Only the monitoring ambulance furthest from the scene stays available.
    await rig.db.query(
      `UPDATE units SET status = 'off_duty' WHERE kind = 'monitoring_ambulance' AND status = 'available' AND id <> (
         SELECT id FROM units WHERE kind = 'monitoring_ambulance' AND status = 'available'
         ORDER BY ST_DistanceSphere(position, ST_SetSRID(ST_MakePoint($1, $2), 4326)) DESC LIMIT 1)`,
      [SITU.lon, SITU.lat],
    );
    const inc = await createIncident({ location: SITU, complaint: '呼吸心跳骤停', priority: 1 });
    await openIncident(inc.id);
    const dual = board.locator('[data-testid="dual-dispatch"]');
    await dual.waitFor({ timeout: 15_000 });
    const difference = Number(await dual.getAttribute('data-difference-seconds'));
    expect(difference).toBeGreaterThanOrEqual(120);
    const text = (await dual.textContent()) ?? '';
    expect(text).toContain('监护型');
    expect(await board.textContent('[data-testid="dual-difference"]')).toMatch(/晚到约 \d+ 分钟/);
    await rig.screenshot(board, 'desk-dual-dispatch');

    await board.click('[data-testid="dual-dispatch-send"]');
    await expect.poll(async () => (await activeRuns(inc.id)).length, { timeout: 15_000 }).toBe(2);
    const runs = await activeRuns(inc.id);
    expect(runs[0]?.kind).not.toBe('monitoring_ambulance');
    expect(runs[1]?.kind).toBe('monitoring_ambulance');
    // No confirmation was needed: dual dispatch is itself the explicit second unit.
    expect(await board.locator('[data-testid="additional-confirm"]').count()).toBe(0);
  });

  it('keeps the new-call submit button on a 900 px screen with 16 open incidents', async () => {
    // A 900 px high screen leaves about 780 px to the page once the browser's own bars are drawn.
    await board.setViewportSize({ width: 1600, height: 780 });
    const open = Number(await board.getAttribute('[data-testid="incident-queue"]', 'data-count'));
    for (let i = open; i < 16; i++) {
      await createIncident({ location: { lon: 119.55 + i / 500, lat: 32.0 }, complaint: `腹痛 ${i}`, priority: 3 });
    }
    await board.waitForSelector('[data-testid="incident-queue"][data-count="16"]', { timeout: 15_000 });
    await board.click('[data-testid="new-incident"]');
    await board.waitForSelector('[data-testid="new-incident-form"]');
    const viewport = board.viewportSize();
    const button = await board.locator('[data-testid="create-incident"]').boundingBox();
    expect(viewport?.height).toBe(780);
    expect(button).not.toBeNull();
    expect(button!.y).toBeGreaterThan(0);
    expect(button!.y + button!.height).toBeLessThanOrEqual(780);
    // Really visible there, not under another element (the sticky row is on top of the scrolled form).
    const hit = await board.evaluate<string | null>(
      `(() => { const e = document.elementFromPoint(${button!.x + button!.width / 2}, ${button!.y + button!.height / 2});
         const b = e && e.closest('[data-testid]'); return b && b.getAttribute('data-testid'); })()`,
    );
    expect(hit).toBe('create-incident');
    await rig.screenshot(board, 'desk-form-16-incidents');
    await board.keyboard.press('Escape');
    await board.setViewportSize({ width: 1600, height: 900 });
  });

  it('shows the read-only official no actions: no 派车, no destination choice, no 下达移防', async () => {
    const { page: official } = await rig.newPage();
    await rig.signIn(official, 'demo-official', 'demo-official-120');
    await official.waitForSelector('[data-testid="connection-indicator"][data-state="live"]', { timeout: 30_000 });
    const row = official.locator('[data-testid^="incident-row-"]').first();
    await row.click();
    await official.waitForSelector('[data-testid="incident-panel"]');
    await official.locator('[data-testid^="hospital-row-"]').first().waitFor({ timeout: 15_000 });
    expect(await official.locator('[data-testid^="assign-"]').count()).toBe(0);
    expect(await official.locator('[data-testid^="choose-hospital-"]').count()).toBe(0);
    expect(await official.locator('[data-testid="cancel-incident"]').count()).toBe(0);
    await official.goto(`${rig.server.url}/coverage`);
    await official.waitForSelector('[data-testid="coverage-holes"]', { timeout: 30_000 });
    expect(await official.locator('[data-testid="move-up-accept"]').count()).toBe(0);
    expect(await official.locator('text=下达移防').count()).toBe(0);
  });

  it('opens a unit card (status, crew, position age, current run) from the list, and finds units by search', async () => {
    // demo-crew (演示车组) is the crew account of the first unit by code, DY120-01.
    const { rows } = await rig.db.query<{ id: number }>(`SELECT id FROM units WHERE code = 'DY120-01'`);
    const unitId = rows[0]!.id;
    await board.fill('[data-testid="unit-search"]', '120-01');
    await expect.poll(() => board.locator('[data-testid^="unit-row-"]').count()).toBe(1);
    await board.click(`[data-testid="unit-row-${unitId}"]`);
    const card = board.locator(`[data-testid="unit-card"][data-unit-id="${unitId}"]`);
    await card.waitFor();
    await expect.poll(async () => board.textContent('[data-testid="unit-card-crew"]')).toContain('演示车组');
    expect(await board.textContent('[data-testid="unit-card-fix"]')).toMatch(/前定位|无定位/);
    expect(await card.textContent()).toContain('监护型');
    await board.click('[data-testid="unit-card-close"]');
    await card.waitFor({ state: 'detached' });
    await board.fill('[data-testid="unit-search"]', '');
  });
});
