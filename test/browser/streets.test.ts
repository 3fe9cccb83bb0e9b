/**
 * The board on the core's own street tiles. First without a road network (the demo county): the map says so
 * and names the command. Then the shipped Monaco extract is imported into the running core (no restart), the
 * dispatcher searches a street, the map goes there and draws named streets from /tiles — and the page never
 * asks any other origin for anything. Screenshots: test/artifacts/board-no-roads.png, board-streets.png.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importRoads } from '@c120/db/roads';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';

const enabled = browserAvailable();
const MONACO = fileURLToPath(new URL('../../db/roads/data/monaco.osm.pbf', import.meta.url));

describe.skipIf(!enabled)('streets on the board', () => {
  let rig: BrowserRig;
  let board: Page;
  const foreign: string[] = [];
  const tileRequests: string[] = [];
  const glyphRequests: string[] = [];

  beforeAll(async () => {
    rig = await startRig();
    board = (await rig.newPage()).page;
    board.on('request', (req) => {
      const url = req.url();
      if (url.startsWith(rig.server.url)) {
        if (url.includes('/tiles/')) tileRequests.push(url);
        if (url.includes('/glyphs/')) glyphRequests.push(url);
      } else if (!/^(data|blob):/.test(url)) foreign.push(url);
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  const mapAttr = (name: string) => board.getAttribute('[data-testid="map"]', name);

  it('says that no road network is imported, with the command to run', async () => {
    await rig.signIn(board, 'demo-dispatcher', 'demo-dispatcher-120');
    await board.waitForSelector('[data-testid="map"][data-streets="none"]', { timeout: 30_000 });
    expect(await board.textContent('[data-testid="no-road-network"]')).toContain('npm run roads:import');
    await rig.screenshot(board, 'board-no-roads');
  });

  it('draws named streets from its own tiles after an import into the running core', async () => {
    const imported = await importRoads(rig.db, MONACO, 'monaco.osm.pbf');
    expect(imported.edges).toBeGreaterThan(1000);
    await board.reload();
    await board.waitForSelector('[data-testid="map"][data-streets="imported"][data-ready="true"]', { timeout: 30_000 });
    expect(await board.locator('[data-testid="no-road-network"]').count()).toBe(0);

    await board.click('[data-testid="new-incident"]');
    await board.fill('[data-testid="place-search"]', 'Boulevard du Larvotto');
    await board.waitForSelector('[data-testid="place-hit-0"]', { timeout: 15_000 });
    expect(await board.textContent('[data-testid="place-hit-0"]')).toContain('Boulevard du Larvotto');
    await board.press('[data-testid="place-search"]', 'Enter');

    // queryRenderedFeatures on the road and road-label layers, published by the map after each render.
    const deadline = Date.now() + 30_000;
    while (Number(await mapAttr('data-rendered-road-labels')) < 3 && Date.now() < deadline) {
      await board.waitForTimeout(250);
    }
    expect(Number(await mapAttr('data-rendered-road-labels'))).toBeGreaterThanOrEqual(3);
    expect(Number(await mapAttr('data-rendered-roads'))).toBeGreaterThan(20);
    await rig.screenshot(board, 'board-streets');
    expect(tileRequests.length).toBeGreaterThan(0);
    // Labels are drawn from the core's glyphs (rendered from fonts-wqy-microhei, which .ci/run installs).
    if (rig.server.app.core.glyphs.available) expect(glyphRequests.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
