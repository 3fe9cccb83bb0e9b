import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { startServer, type RunningServer } from '@c120/dispatch-core';
import { loadConfig, type CoreConfig } from '@c120/dispatch-core';
import { ensureDemoAccounts } from '@c120/dispatch-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/build', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/**
 * Browser tests need Debian's Chromium (installed by .ci/run). On a developer machine without it they are
 * skipped with a message; in CI (CI=true) a missing browser is a failure, never a silent skip.
 */
/** The data-testid of the element that has the keyboard focus (null: none, or one without a test id). */
export const testIdOfFocus = (page: Page): Promise<string | null> =>
  page.$$eval(':focus', (els) => els.map((e) => e.getAttribute('data-testid'))[0] ?? null);

export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it`);
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return false;
}

export interface BrowserRig {
  server: RunningServer;
  db: Database;
  browser: Browser;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Content-Security-Policy violations reported by any page so far (the console must cause none). */
  cspViolations: string[];
  screenshot(page: Page, name: string): Promise<void>;
  /** Signs in through the login page (`next`: where the console goes afterwards). */
  signIn(page: Page, username: string, password: string, next?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real core (seeded demo county) serving the built console, and a headless Chromium driving it. `config`
 * overrides settings, as the environment would (e.g. a short `waitAlarmSeconds` for the waiting-call alarm).
 */
export async function startRig(config: Partial<CoreConfig> = {}): Promise<BrowserRig> {
  if (!existsSync(`${CONSOLE_DIR}/index.html`)) throw new Error('console not built (npm run build -w console)');
  const db = await createTestDatabase({ seed: true });
  await ensureDemoAccounts(db); // what startServer does when it loads the demo county itself
  // Demo mode explicitly (DEMO=true): the tests sign in with the demo accounts, which production (PostgreSQL
  // without DEMO) refuses. The county is seeded above, so the server does not load it again.
  const server = await startServer(
    db,
    loadConfig({}, { port: 0, consoleDir: CONSOLE_DIR, logLevel: 'warn', positionTickMs: 50, demo: true, ...config }),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // MapLibre needs WebGL: software rendering in headless Chromium.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const cspViolations: string[] = [];
  return {
    server,
    db,
    browser,
    cspViolations,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
      });
      return { context, page };
    },
    async signIn(page, username, password, next = '/') {
      await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
      await page.fill('[data-testid="login-username"]', username);
      await page.fill('[data-testid="login-password"]', password);
      await page.click('[data-testid="login-submit"]');
      await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
    },
    async close() {
      await browser.close();
      await server.close();
      await db.close();
    },
  };
}
