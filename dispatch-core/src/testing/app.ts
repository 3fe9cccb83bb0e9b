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
  /** As a user of this role (a crew account needs its unit); the user and session are made on first use. */
  as(role: Role, unitId?: number): Promise<Injector>;
  /** The session token of that user (for WebSocket upgrades and fetch against a listening server). */
  token(role: Role, unitId?: number): Promise<string>;
  /** `/ws` upgraded with that user's session (default: a dispatcher). */
  injectWS(role?: Role, unitId?: number): Promise<WebSocket>;
  close(): Promise<void>;
}

/**
 * Users and sessions for tests: one real user per role (and per unit for crews), with a real session opened
 * through the AuthService, so every request goes through the same access check as in production.
 */
export function testSessions(app: App): Pick<TestApp, 'as' | 'token' | 'injectWS'> {
  const tokens = new Map<string, Promise<string>>();
  const token = (role: Role, unitId?: number): Promise<string> => {
    if (role === 'crew' && unitId === undefined) throw new Error('a crew account needs its unit');
    const username = role === 'crew' ? `test-crew-${unitId}` : `test-${role}`;
    let t = tokens.get(username);
    if (!t) {
      t = (async () => {
        const existing = await app.core.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [
          username,
        ]);
        const id =
          existing.rows[0]?.id ??
          (
            await insertUser(app.core.db, {
              username,
              displayName: username,
              role,
              unitId: role === 'crew' ? unitId : null,
              passwordHash: '!',
            })
          ).id;
        return (await app.core.auth.openSession(Number(id))).token;
      })();
      tokens.set(username, t);
    }
    return t;
  };
  const as = async (role: Role, unitId?: number): Promise<Injector> => {
    const bearer = `Bearer ${await token(role, unitId)}`;
    return (opts) => {
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      return app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: bearer } });
    };
  };
  const injectWS = async (role: Role = 'dispatcher', unitId?: number): Promise<WebSocket> =>
    app.injectWS('/ws', { headers: { authorization: `Bearer ${await token(role, unitId)}` } });
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
