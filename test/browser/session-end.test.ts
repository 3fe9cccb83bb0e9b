/**
 * A console whose session is ended elsewhere (sign-out from another tab or tool, an administrator's revocation)
 * does not stay on a live board: the server closes its WebSocket (4401) and the console shows the login page.
 * Another signed-in console is not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, startRig, type BrowserRig } from './harness.ts';

const enabled = browserAvailable();

describe.skipIf(!enabled)('session ended while the console is open', () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  const live = (page: Page) =>
    page.waitForSelector('[data-testid="connection-indicator"][data-state="live"]', { timeout: 30_000 });
  const sessionCookie = async (context: BrowserContext) =>
    (await context.cookies()).find((c) => c.name === 'c120_session')?.value;

  it('goes to the login page when its session is signed out elsewhere; another console stays live', async () => {
    const ended = await rig.newPage();
    const other = await rig.newPage();
    await rig.signIn(ended.page, 'demo-dispatcher', 'demo-dispatcher-120');
    await rig.signIn(other.page, 'demo-official', 'demo-official-120');
    await live(ended.page);
    await live(other.page);
    const token = await sessionCookie(ended.context);
    expect(token).toBeTruthy();
    // As another tab or a tool would: sign this session out, without the console knowing.
    const out = await fetch(`${rig.server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    await ended.page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000 });
    expect(await other.page.getAttribute('[data-testid="connection-indicator"]', 'data-state')).toBe('live');
  });
});
