import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildTestApp, type TestApp } from '../testing/app.ts';

const CENTRE = { lon: 119.6, lat: 32.0 };
const CALL = { complaint: '胸痛', priority: 2 };

/** Each kind of hostile input gets its own clear 4xx with a reason, and nothing is stored. */
describe(`hostile input to the API on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ httpRateLimitPerMinute: 0, serviceAreaMarginM: 20_000 });
    await t.db.query(
      `INSERT INTO regions (code, name, geom)
       VALUES ('999998', 'test county', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.2)))`,
      [CENTRE.lon, CENTRE.lat],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: string | object, contentType = 'application/json') =>
    t.inject({
      method: 'POST',
      url,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': contentType },
    });
  const refusal = (res: { statusCode: number; json<T>(): T }) => ({
    status: res.statusCode,
    message: res.json<{ message: string }>().message,
  });
  const incidents = async () => (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents')).rows[0]!.n;

  it('takes a call inside the county and within the margin beyond it', async () => {
    expect((await post('/api/incidents', { ...CALL, location: CENTRE })).statusCode).toBe(201);
    // 0.2° box edge + ~10 km east: within the 20 km margin.
    expect((await post('/api/incidents', { ...CALL, location: { lon: 119.9, lat: 32 } })).statusCode).toBe(201);
  });

  it('refuses coordinates out of range or far outside the service area, with the distance', async () => {
    const before = await incidents();
    expect(refusal(await post('/api/incidents', { ...CALL, location: { lon: 190, lat: 32 } }))).toEqual({
      status: 400,
      message: expect.stringMatching(/location\/lon must be <= 180/),
    });
    expect(refusal(await post('/api/incidents', { ...CALL, location: { lon: 119.6, lat: -91 } })).status).toBe(400);
    // Swapped lon/lat lands in the Indian Ocean; Beijing is in another province.
    for (const location of [
      { lon: 32, lat: 119.6 - 90 },
      { lon: 116.4, lat: 39.9 },
    ]) {
      const r = refusal(await post('/api/incidents', { ...CALL, location }));
      expect(r.status).toBe(422);
      expect(r.message).toMatch(/is \d+ km outside the service area \(county boundary \+ 20 km\)/);
    }
    const moved = await t.inject({
      method: 'PATCH',
      url: '/api/incidents/1',
      payload: { location: { lon: 116.4, lat: 39.9 } },
    });
    expect(refusal(moved).status).toBe(422);
    expect(await incidents()).toBe(before);
  });

  it('refuses absurd call times', async () => {
    for (const [callReceivedAt, why] of [
      ['0001-01-01T00:00:00Z', /more than 24 hours ago/],
      ['2099-01-01T00:00:00Z', /in the future/],
      ['2026-02-30T10:00:00Z', /date-time/],
      ['not a time', /date-time/],
    ] as const) {
      const r = refusal(await post('/api/incidents', { ...CALL, location: CENTRE, callReceivedAt }));
      expect(r.status).toBe(400);
      expect(r.message).toMatch(why);
    }
  });

  it('refuses oversized, garbage and wrongly typed bodies with 413, 400 and 415', async () => {
    const before = await incidents();
    const huge = JSON.stringify({ ...CALL, location: CENTRE, notes: 'x'.repeat(1024 * 1024) });
    expect(refusal(await post('/api/incidents', huge))).toEqual({ status: 413, message: expect.any(String) });
    expect(refusal(await post('/api/incidents', '{"complaint": "胸痛", '))).toEqual({
      status: 400,
      message: expect.stringMatching(/JSON|Unexpected|json/i),
    });
    expect(refusal(await post('/api/incidents', 'complaint=x', 'text/plain')).status).toBe(415);
    expect(refusal(await post('/api/incidents', '<call/>', 'application/xml')).status).toBe(415);
    expect(refusal(await post('/api/incidents', { ...CALL, location: CENTRE, admin: true })).message).toMatch(
      /must NOT have additional properties/,
    );
    expect(await incidents()).toBe(before);
  });

  it('answers a position batch that is not an object with 400, not 500', async () => {
    for (const body of ['[1,2]', 'xx', '"positions"']) {
      // As a device would (no session): a signed-in dispatcher is refused before the body is read.
      const r = refusal(
        await t.app.inject({
          method: 'POST',
          url: '/api/positions',
          payload: body,
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(r.status).toBe(400);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });
});
