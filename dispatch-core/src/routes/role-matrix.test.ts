import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { Role } from '../auth/roles.ts';
import { buildTestApp, insertUnits, type Injector, type TestApp } from '../testing/app.ts';

type Who = Role | 'anonymous';
type Expect = 'ok' | 401 | 403;
const WHO: readonly Who[] = ['anonymous', 'official', 'crew', 'dispatcher', 'admin', 'health_centre'];

// Who may call what, written out by hand (not derived from the code): the test compares it with what every
// registered route does. A new route fails this test until it is added here.
// health_centre: a township health centre (卫生院) — plans rounds, books transfers, reads its outreach; no calls.
const P = { anonymous: 'ok', official: 'ok', crew: 'ok', dispatcher: 'ok', admin: 'ok', health_centre: 'ok' } as const;
const SIGNED = {
  anonymous: 401,
  official: 'ok',
  crew: 'ok',
  dispatcher: 'ok',
  admin: 'ok',
  health_centre: 'ok',
} as const;
const READ = { anonymous: 401, official: 'ok', crew: 403, dispatcher: 'ok', admin: 'ok', health_centre: 403 } as const;
const OPS = { anonymous: 401, official: 403, crew: 403, dispatcher: 'ok', admin: 'ok', health_centre: 403 } as const;
const CREW_OPS = {
  anonymous: 401,
  official: 403,
  crew: 'ok',
  dispatcher: 'ok',
  admin: 'ok',
  health_centre: 403,
} as const;
const ADMIN = { anonymous: 401, official: 403, crew: 403, dispatcher: 403, admin: 'ok', health_centre: 403 } as const;
const PLAN = { anonymous: 401, official: 403, crew: 403, dispatcher: 'ok', admin: 'ok', health_centre: 'ok' } as const;
const PLAN_CREW = {
  anonymous: 401,
  official: 403,
  crew: 'ok',
  dispatcher: 'ok',
  admin: 'ok',
  health_centre: 'ok',
} as const;
const OUTREACH = {
  anonymous: 401,
  official: 'ok',
  crew: 403,
  dispatcher: 'ok',
  admin: 'ok',
  health_centre: 'ok',
} as const;

const MATRIX: Record<string, Record<Who, Expect>> = {
  'GET /healthz': P,
  'GET /readyz': P,
  'GET /openapi.json': P,
  'POST /api/auth/login': P,
  'GET /api/auth/demo-accounts': P,
  'GET /api/auth/me': SIGNED,
  'POST /api/auth/logout': SIGNED,
  'GET /api/state': SIGNED,
  'GET /api/geo/county': SIGNED,
  'GET /api/incidents': READ,
  'POST /api/incidents': OPS,
  'GET /api/incidents/:id': SIGNED,
  'PATCH /api/incidents/:id': OPS,
  'POST /api/incidents/:id/cancel': OPS,
  'POST /api/incidents/:id/close': OPS,
  'POST /api/incidents/:id/notes': OPS,
  'POST /api/incidents/:id/alarm/acknowledge': OPS,
  'GET /api/incidents/:id/recommendations': READ,
  'POST /api/incidents/:id/assignments': OPS,
  'POST /api/assignments/:id/cancel': OPS,
  'GET /api/incidents/:id/hospitals': SIGNED,
  'PUT /api/incidents/:id/destination': CREW_OPS,
  'GET /api/incidents/:id/audit': READ,
  'GET /api/units': READ,
  'GET /api/units/:id': SIGNED,
  'GET /api/units/:id/crew': READ,
  'POST /api/units/:id/status': CREW_OPS,
  'POST /api/units': ADMIN,
  'PATCH /api/units/:id': ADMIN,
  'GET /api/places/search': OUTREACH,
  // The offline basemap: every signed-in console (crew tablets too) draws it.
  'GET /tiles/:z/:x/:y.pbf': SIGNED,
  'GET /api/map/info': SIGNED,
  'GET /glyphs/:fontstack/:start-:end.pbf': SIGNED,
  'GET /api/coverage': READ,
  'POST /api/units/:id/relocate': OPS,
  'POST /api/units/:id/relocation/acknowledge': CREW_OPS,
  'POST /api/units/:id/relocation/arrived': CREW_OPS,
  'POST /api/units/:id/relocation/cancel': OPS,
  'GET /api/analytics/summary': READ,
  'GET /api/analytics/runs.csv': READ,
  'GET /api/analytics/transfers': READ,
  'GET /api/incidents/:id/replay': READ,
  'GET /api/replay': READ,
  'GET /ws': SIGNED,
  'GET /api/rounds': SIGNED,
  'GET /api/rounds/:id': SIGNED,
  'POST /api/rounds': PLAN,
  'POST /api/round-stops/:id/record': PLAN_CREW,
  'POST /api/rounds/:id/complete': PLAN_CREW,
  'POST /api/rounds/:id/cancel': PLAN,
  'POST /api/rounds/:id/resume': PLAN_CREW,
  'POST /api/rounds/:id/handover': PLAN,
  'GET /api/transfers': SIGNED,
  'GET /api/transfers/:id': SIGNED,
  'POST /api/transfers': PLAN,
  'POST /api/transfers/:id/schedule': OPS,
  'POST /api/transfers/:id/dispatch': OPS,
  'POST /api/transfers/:id/cancel': PLAN,
  'GET /api/outreach': OUTREACH,
  'GET /api/outreach/villages.csv': OUTREACH,
  // Crew tablets (their session) and devices (their secret) post positions; other signed-in roles may not.
  'POST /api/positions': {
    anonymous: 'ok',
    official: 403,
    crew: 'ok',
    dispatcher: 403,
    admin: 403,
    health_centre: 403,
  },
  // Only a separately run gps-ingest with INGEST_FORWARD_TOKEN (unset here, so everyone is refused).
  'POST /api/positions/fixes': {
    anonymous: 401,
    official: 401,
    crew: 401,
    dispatcher: 401,
    admin: 401,
    health_centre: 401,
  },
  // The phone line: the PBX gateway with TELEPHONY_TOKEN only (unset here, so everyone is refused, sessions too).
  'POST /api/telephony/events': {
    anonymous: 401,
    official: 401,
    crew: 401,
    dispatcher: 401,
    admin: 401,
    health_centre: 401,
  },
  'GET /api/calls/:id': READ,
  'GET /api/calls/:id/context': OPS,
  'POST /api/calls/:id/attach': OPS,
  'GET /api/analytics/calls': READ,
  'GET /api/incidents/:id/calls': READ,
  'POST /api/calls/:id/location-link': OPS,
  // The caller's page (no sign-in): the token is the only key (a 404/410 for a wrong one, never 401/403).
  'GET /api/locate/:token': P,
  'POST /api/locate/:token': P,
  'GET /api/incidents/:id/mass-casualty': READ,
  'POST /api/incidents/:id/mass-casualty': OPS,
  'GET /metrics': ADMIN,
  'GET /api/admin/users': ADMIN,
  'POST /api/admin/users': ADMIN,
  'PATCH /api/admin/users/:id': ADMIN,
  'GET /api/admin/devices': ADMIN,
  'POST /api/admin/devices': ADMIN,
  'POST /api/admin/devices/:id/revoke': ADMIN,
  'POST /api/admin/devices/:id/jt808/rotate': ADMIN,
  'POST /api/admin/devices/:id/jt808/reset': ADMIN,
};

describe(`role matrix: every registered route × every role on ${testEngine()}`, () => {
  let t: TestApp;
  let crewUnit: number;
  const as = new Map<Who, Injector>();

  beforeAll(async () => {
    t = await buildTestApp();
    ({ m1: crewUnit } = (await insertUnits(t.db, [{ code: 'm1', lon: 119.6, lat: 32 }])) as { m1: number });
    as.set('anonymous', (o) => t.app.inject(o));
    for (const role of ['official', 'dispatcher', 'admin', 'health_centre'] as const) as.set(role, await t.as(role));
    as.set('crew', await t.as('crew', crewUnit));
  });
  afterAll(async () => {
    await t?.close();
  });

  const registered = () =>
    t.app.routeAccess
      .filter((r) => r.method !== 'HEAD' && r.access !== 'third-party-public')
      .map((r) => `${r.method} ${r.url}`);

  it('has a row for every registered route and no row for a route that does not exist', () => {
    const routes = registered();
    expect(
      routes.filter((r) => !(r in MATRIX)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !routes.includes(r)),
      'matrix rows without a route',
    ).toEqual([]);
  });

  it('answers each route as the matrix says for each role (401 anonymous, 403 wrong role)', async () => {
    const failures: string[] = [];
    // Logout last: it ends the session the other rows use.
    const routes = registered().sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const route of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const id = template.startsWith('/api/units/') ? crewUnit : 999_999;
      const url = template
        .replace(':id', String(id))
        .replace(':z/:x/:y', '14/8529/5975')
        .replace(':fontstack/:start-:end', 'sans/0-255')
        .replace(':token', 'A'.repeat(43));
      for (const who of WHO) {
        const res = await as.get(who)!({
          method: method as 'GET',
          url,
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        const expected = MATRIX[route]![who];
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'ok';
        if (got !== expected)
          failures.push(`${route} as ${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (expected === 403 && got === 403 && !/may not/.test(res.json<{ message: string }>().message)) {
          failures.push(`${route} as ${who}: 403 without a reason`);
        }
        if (res.statusCode >= 500) failures.push(`${route} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses to build an app with a route that declares neither roles nor public', async () => {
    const { buildApp } = await import('../app.ts');
    const { loadConfig } = await import('../config.ts');
    const app = await buildApp({ db: t.db, config: loadConfig({}) });
    await expect(
      app.register(async (child) => {
        child.get('/api/forgotten', async () => ({}));
      }),
    ).rejects.toThrow(/declares neither config.roles nor config.public/);
    await app.close().catch(() => {});
  });
});
