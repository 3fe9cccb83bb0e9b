import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type WebSocket from 'ws';
import { createTestDatabase, type TestDatabaseOptions } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { loadConfig, type CoreConfig } from '../config.ts';
import type { Role } from '../auth/roles.ts';
import { insertUser } from '../repositories/users.ts';

type InjectArg = string | InjectOptions;
/** `app.inject` signed in as one user (Bearer token of a real session). */
export type Injector = (opts: InjectArg) => Promise<LightMyRequestResponse>;

export interface TestApp {
  app: App;
  db: Database;
  /** As a dispatcher (most tests act at the dispatch desk). */
  inject: Injector;
  /**
   * As a user of this role (a crew account needs its unit; a health centre its township code, default the
   * fixture township); the user and session are made on first use.
   */
  as(role: Role, scope?: number | string): Promise<Injector>;
  /** The session token of that user (for WebSocket upgrades and fetch against a listening server). */
  token(role: Role, scope?: number | string): Promise<string>;
  /** `/ws` upgraded with that user's session (default: a dispatcher). */
  injectWS(role?: Role, scope?: number | string): Promise<WebSocket>;
  close(): Promise<void>;
}

/**
 * Users and sessions for tests: one real user per role (and per unit for crews), with a real session opened
 * through the AuthService, so every request goes through the same access check as in production.
 */
export function testSessions(app: App): Pick<TestApp, 'as' | 'token' | 'injectWS'> {
  const tokens = new Map<string, Promise<string>>();
  const token = (role: Role, scope?: number | string): Promise<string> => {
    if (role === 'crew' && typeof scope !== 'number') throw new Error('a crew account needs its unit');
    const unitId = role === 'crew' ? (scope as number) : undefined;
    const township = role === 'health_centre' ? String(scope ?? TEST_TOWNSHIP) : null;
    const username =
      role === 'crew' ? `test-crew-${unitId}` : role === 'health_centre' ? `test-hc-${township}` : `test-${role}`;
    let t = tokens.get(username);
    if (!t) {
      t = (async () => {
        const existing = await app.core.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [
          username,
        ]);
        if (township === TEST_TOWNSHIP) await ensureTestTownship(app.core.db);
        const id =
          existing.rows[0]?.id ??
          (
            await insertUser(app.core.db, {
              username,
              displayName: username,
              role,
              unitId: role === 'crew' ? unitId : null,
              townshipCode: township,
              passwordHash: '!',
            })
          ).id;
        return (await app.core.auth.openSession(Number(id))).token;
      })();
      tokens.set(username, t);
    }
    return t;
  };
  const as = async (role: Role, scope?: number | string): Promise<Injector> => {
    const bearer = `Bearer ${await token(role, scope)}`;
    return (opts) => {
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      return app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: bearer } });
    };
  };
  const injectWS = async (role: Role = 'dispatcher', scope?: number | string): Promise<WebSocket> =>
    app.injectWS('/ws', { headers: { authorization: `Bearer ${await token(role, scope)}` } });
  return { as, token, injectWS };
}

/** A real app over a fresh test database (PGlite clone, or a PostgreSQL database when DATABASE_URL is set). */
export async function buildTestApp(
  config: Partial<CoreConfig> = {},
  dbOptions: TestDatabaseOptions = {},
): Promise<TestApp> {
  const db = await createTestDatabase(dbOptions);
  const app = await buildApp({ db, config: loadConfig({}, { positionTickMs: 20, ...config }) });
  await app.ready();
  const sessions = testSessions(app);
  const dispatcher = await sessions.as('dispatcher');
  return {
    app,
    db,
    inject: dispatcher,
    ...sessions,
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
  /** The health centre's township the vehicle is assigned to. */
  townshipCode?: string;
}

/** Inserts units at known places; returns their ids by code. */
export async function insertUnits(db: Database, units: FixtureUnit[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const u of units) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO units (code, call_sign, kind, capabilities, status, position, fix_at, township_code)
       VALUES ($1, $1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), now() - make_interval(secs => $7), $8)
       RETURNING id`,
      [
        u.code,
        u.kind ?? 'basic_ambulance',
        u.capabilities ?? ['bls'],
        u.status ?? 'available',
        u.lon,
        u.lat,
        u.fixAgeSeconds ?? 5,
        u.townshipCode ?? null,
      ],
    );
    ids[u.code] = rows[0]?.id ?? 0;
  }
  return ids;
}

/** The fixture township (a 0.2° square around 119.6E 32N) that test health-centre accounts belong to. */
export const TEST_TOWNSHIP = '999999001';

/** Inserts the fixture region and township (once); returns the township code. */
export async function ensureTestTownship(db: Database, code = TEST_TOWNSHIP, lon = 119.6, lat = 32): Promise<string> {
  const square = `ST_Multi(ST_MakeEnvelope(${lon - 0.1}, ${lat - 0.1}, ${lon + 0.1}, ${lat + 0.1}, 4326))`;
  await db.query(
    `INSERT INTO regions (code, name, geom) VALUES ('999999', '测试县', ${square}) ON CONFLICT (code) DO NOTHING`,
  );
  await db.query(
    `INSERT INTO townships (code, region_code, name, pinyin, initials, kind, population, seat, geom)
     VALUES ($1, '999999', '测试镇' || $1, 'ceshizhen', 'csz', '镇', 10000, ST_SetSRID(ST_MakePoint($2, $3), 4326), ${square})
     ON CONFLICT (code) DO NOTHING`,
    [code, lon, lat],
  );
  return code;
}

/** Inserts villages of a township at given points; returns their place ids by code. */
export async function insertVillages(
  db: Database,
  township: string,
  villages: { code: string; name: string; lon: number; lat: number; population?: number }[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const v of villages) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO places (code, kind, name, pinyin, initials, township_code, population, geom)
       VALUES ($1, 'village', $2, $1, $1, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)) RETURNING id`,
      [v.code, v.name, township, v.population ?? 1000, v.lon, v.lat],
    );
    ids[v.code] = Number(rows[0]?.id);
  }
  return ids;
}

/** Metres → degrees near latitude 32° (good enough to place fixtures at known distances). */
export const M_PER_DEG_LAT = 110_900;
export const M_PER_DEG_LON = 94_400;
