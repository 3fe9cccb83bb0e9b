import { createTestDatabase, type TestDatabaseOptions } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { loadConfig, type CoreConfig } from '../config.ts';

export interface TestApp {
  app: App;
  db: Database;
  close(): Promise<void>;
}

/** A real app over a fresh test database (PGlite clone, or a PostgreSQL database when DATABASE_URL is set). */
export async function buildTestApp(
  config: Partial<CoreConfig> = {},
  dbOptions: TestDatabaseOptions = {},
): Promise<TestApp> {
  const db = await createTestDatabase(dbOptions);
  const app = await buildApp({ db, config: loadConfig({}, { positionTickMs: 20, ...config }) });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export interface FixtureUnit {
  code: string;
  kind?: string;
  capabilities?: string[];
  lon: number;
  lat: number;
  status?: string;
  /** Seconds since the last fix (default 5: fresh). */
  fixAgeSeconds?: number;
}

/** Inserts units at known places; returns their ids by code. */
export async function insertUnits(db: Database, units: FixtureUnit[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const u of units) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO units (code, call_sign, kind, capabilities, status, position, fix_at)
       VALUES ($1, $1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), now() - make_interval(secs => $7))
       RETURNING id`,
      [
        u.code,
        u.kind ?? 'basic_ambulance',
        u.capabilities ?? ['bls'],
        u.status ?? 'available',
        u.lon,
        u.lat,
        u.fixAgeSeconds ?? 5,
      ],
    );
    ids[u.code] = rows[0]?.id ?? 0;
  }
  return ids;
}

/** Metres → degrees near latitude 32° (good enough to place fixtures at known distances). */
export const M_PER_DEG_LAT = 110_900;
export const M_PER_DEG_LON = 94_400;
