/**
 * The process entry (main.ts) on SIGTERM: positions a device was told were accepted are in the database when
 * the process has exited, and it exits 0 promptly. PostgreSQL only: the process needs a database it can share
 * with the test (the embedded PGlite cannot be opened by two processes).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { resolveDatabaseConfig } from '@c120/db';
import { hashDeviceSecret } from '@c120/gps-ingest';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { insertUnits } from '../testing/app.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.skipIf(testEngine() !== 'postgres')('SIGTERM to the core process', () => {
  let db: Database;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const config = resolveDatabaseConfig();
    if (config.engine !== 'postgres') return;
    // The test database's name is in its description (the role has no password here, so nothing is masked).
    const name = new URL(db.description).pathname;
    const u = new URL(config.url);
    u.pathname = name;
    url = u.toString();
    const ids = await insertUnits(db, [{ code: 'term-1', lon: 119.6, lat: 32 }]);
    await db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash) VALUES ($1, 'osmand', 'term-1', $2)`,
      [ids['term-1'], hashDeviceSecret('tok-term-1')],
    );
    // A boundary, so the process does not load the demo county into an empty database.
    await db.query(`INSERT INTO regions (code, name, geom)
      VALUES ('999997', 'term', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 0.2)))`);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('writes every acknowledged position, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'dispatch-core/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: '0',
        OSMAND_PORT: '0',
        JT808_PORT: 'off',
        INGEST_HOST: '127.0.0.1',
        INGEST_FLUSH_MS: '1000', // the fixes are still in the buffer when the signal comes
        SIMULATOR: 'off',
        CONSOLE_DIR: '/nonexistent',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 60_000;
    let osmandPort = 0;
    while (!osmandPort) {
      const m = /OsmAnd HTTP (\d+)/.exec(out);
      if (m) osmandPort = Number(m[1]);
      else {
        expect(Date.now(), out).toBeLessThan(deadline);
        expect(child.exitCode, out).toBeNull();
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    const t0 = Math.floor(Date.now() / 1000) - 600;
    for (let i = 0; i < 10; i++) {
      const res = await fetch(
        `http://127.0.0.1:${osmandPort}/?id=term-1&token=tok-term-1&lat=32&lon=${119.6 + i * 1e-4}&timestamp=${t0 + i * 5}`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
    }
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const stored = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM positions p JOIN units u ON u.id = p.unit_id WHERE u.code = 'term-1'`,
    );
    expect(stored.rows[0]!.n).toBe(10);
  }, 90_000);
});
