/**
 * A move-up order end to end in the built console: the dispatcher orders an idle unit to another station; the
 * board's unit list shows "调往 …站"; the crew tablet shows the order with its distance and records "收到";
 * the coverage page lists the pending move (the crew's acknowledgement included) and describes the drive-time
 * model in Chinese; the dispatcher cancels it there and the board and the crew tablet drop it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';
import { hashPassword } from '@c120/dispatch-core';

const enabled = browserAvailable();

describe.skipIf(!enabled)('move-up order in the browser', () => {
  let rig: BrowserRig;
  let board: Page;
  let crew: Page;
  let unitId = 0;
  let station = { id: 0, name: '' };

  beforeAll(async () => {
    rig = await startRig();
    await rig.db.query('UPDATE units SET fix_at = now()');
    const u = await rig.db.query<{ id: number; station_id: number }>(
      `SELECT id, station_id FROM units WHERE status = 'available' AND position IS NOT NULL ORDER BY id LIMIT 1`,
    );
    unitId = Number(u.rows[0]?.id);
    const s = await rig.db.query<{ id: number; name: string }>(
      `SELECT s.id, s.name FROM stations s, units u WHERE u.id = $1 AND s.id IS DISTINCT FROM u.station_id
       ORDER BY ST_Distance(s.geom::geography, u.position::geography) DESC LIMIT 1`,
      [unitId],
    );
    station = { id: Number(s.rows[0]?.id), name: s.rows[0]?.name ?? '' };
    await rig.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('crew-m', '车组', $1, 'crew', $2)`,
      [await hashPassword('crew-password-1'), unitId],
    );
    board = (await rig.newPage()).page;
    crew = (await rig.newPage()).page;
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows the order on the board and the crew tablet; the crew acknowledges; the dispatcher cancels', async () => {
    await rig.signIn(board, 'demo-dispatcher', 'demo-dispatcher-120');
    await board.waitForSelector(`[data-testid="unit-row-${unitId}"]`, { timeout: 30_000 });
    await rig.signIn(crew, 'crew-m', 'crew-password-1', '/crew');
    await crew.waitForSelector('[data-testid="crew-no-assignment"]', { timeout: 30_000 });

    const ordered = await board.evaluate(
      async ([id, stationId]) => {
        const res = await fetch(`/api/units/${id}/relocate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ stationId }),
        });
        return res.status;
      },
      [unitId, station.id],
    );
    expect(ordered).toBe(200);

    const badge = `[data-testid="unit-moveup-${unitId}"]`;
    await board.waitForSelector(badge, { timeout: 10_000 });
    expect(await board.textContent(badge)).toBe(`调往 ${station.name}`);

    await crew.waitForSelector('[data-testid="crew-move-up"]', { timeout: 10_000 });
    expect(await crew.textContent('[data-testid="crew-move-up-station"]')).toContain(station.name);
    expect(await crew.textContent('[data-testid="crew-move-up-distance"]')).toMatch(/直线距离 \d+(\.\d)? km/);
    await crew.click('[data-testid="crew-move-up-ack"]');
    await crew.waitForSelector('[data-testid="crew-move-up-acked"]', { timeout: 10_000 });
    await rig.screenshot(crew, 'crew-move-up');
    const acked = await rig.db.query<{ acknowledged_by: string | null }>(
      'SELECT acknowledged_by FROM relocations WHERE unit_id = $1 AND ended_at IS NULL',
      [unitId],
    );
    expect(acked.rows[0]?.acknowledged_by).toMatch(/^user:/);

    const coverage = (await rig.newPage()).page;
    await rig.signIn(coverage, 'demo-dispatcher', 'demo-dispatcher-120', '/coverage');
    const pending = `[data-testid="pending-move-${unitId}"]`;
    await coverage.waitForSelector(pending, { timeout: 30_000 });
    expect(await coverage.textContent(pending)).toContain('车组已确认');
    await coverage.waitForSelector('[data-testid="coverage-meta"]', { timeout: 30_000 });
    expect(await coverage.textContent('[data-testid="coverage-meta"]')).toMatch(/行驶时间模型：(直线距离|道路网络)/);
    await rig.screenshot(coverage, 'coverage-pending-move');
    await coverage.click(`[data-testid="pending-move-cancel-${unitId}"]`);
    await coverage.waitForSelector(pending, { state: 'detached', timeout: 10_000 });
    await board.waitForSelector(badge, { state: 'detached', timeout: 10_000 });
    await crew.waitForSelector('[data-testid="crew-no-assignment"]', { timeout: 10_000 });
    const ended = await rig.db.query<{ end_reason: string }>('SELECT end_reason FROM relocations WHERE unit_id = $1', [
      unitId,
    ]);
    expect(ended.rows).toEqual([{ end_reason: 'cancelled' }]);
  });
});
