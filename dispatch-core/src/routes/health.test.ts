import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildTestApp, type TestApp } from '../testing/app.ts';

describe(`health, readiness and OpenAPI on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the process up and the database reachable', async () => {
    expect((await t.inject('/healthz')).json()).toEqual({ ok: true });
    expect((await t.inject('/readyz')).json()).toEqual({ ok: true, database: testEngine(), bufferedPositions: 0 });
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await t.inject('/openapi.json')).json<{ openapi: string; paths: Record<string, object> }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/incidents',
      '/api/incidents/{id}/recommendations',
      '/api/incidents/{id}/assignments',
      '/api/units/{id}/status',
      '/api/state',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect((await t.inject('/docs')).statusCode).toBeLessThan(400);
  });

  it('answers an unknown route with a JSON 404 and a reason', async () => {
    const res = await t.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toMatch(/no route GET \/api\/nope/);
  });
});
