/**
 * Property test of the incident API with random and malformed input: whatever arrives, the answer is never a
 * 5xx, every refusal carries a reason, a refused request changes nothing stored, an accepted one writes its
 * event, and afterwards the stored state is consistent (audit log agrees with the rows, every incident is in
 * the service area, no unit on two runs).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildTestApp, insertUnits, type TestApp } from '../testing/app.ts';

const CENTRE = { lon: 119.6, lat: 32.0 };

interface Req {
  method: 'POST' | 'PATCH' | 'GET';
  url: string;
  payload?: string;
  contentType?: string;
}

// Ids that exist (small), that do not, and that are not ids at all.
const idArb = fc.oneof(
  fc.integer({ min: 1, max: 6 }),
  fc.integer({ min: -5, max: 2 ** 53 }),
  fc.constantFrom('abc', '1.5', '-0', '1e3', '%00', '9'.repeat(30), ''),
);
const inCountyArb = fc.record({
  lon: fc.double({ min: CENTRE.lon - 0.1, max: CENTRE.lon + 0.1, noNaN: true }),
  lat: fc.double({ min: CENTRE.lat - 0.1, max: CENTRE.lat + 0.1, noNaN: true }),
});
// Near the border: inside the margin, or beyond it (0.2° box + 20 km ≈ 0.41° of longitude here).
const borderArb = fc.record({
  lon: fc.double({ min: CENTRE.lon + 0.15, max: CENTRE.lon + 0.8, noNaN: true }),
  lat: fc.double({ min: CENTRE.lat - 0.1, max: CENTRE.lat + 0.1, noNaN: true }),
});
const lonLatArb = fc.oneof(
  inCountyArb,
  borderArb,
  fc.record({ lon: fc.double(), lat: fc.double() }), // anything, including out of range
  fc.record({ lon: fc.constantFrom(0, 180, -180, 181, 32.0), lat: fc.constantFrom(0, 90, -91, 119.6) }),
  fc.anything(),
);
const timeArb = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T10:00:00Z', 'yesterday', ''),
  fc.integer().map(String),
);
const incidentBodyArb = fc.record(
  {
    location: lonLatArb,
    placeId: fc.oneof(fc.integer(), fc.string()),
    address: fc.string({ maxLength: 250 }),
    callerPhone: fc.oneof(fc.constantFrom('13800000000', '+86 512-1234'), fc.string({ maxLength: 40 })),
    complaint: fc.oneof(fc.constantFrom('胸痛', '车祸'), fc.string({ maxLength: 600 })),
    priority: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double(), fc.string()),
    patients: fc.oneof(fc.integer({ min: -1, max: 501 }), fc.constant(null)),
    infectious: fc.oneof(fc.boolean(), fc.string()),
    requiredCapabilities: fc.oneof(fc.array(fc.string({ maxLength: 45 }), { maxLength: 12 }), fc.anything()),
    notes: fc.string({ maxLength: 2100 }),
    callReceivedAt: timeArb,
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const validIncidentArb = fc.record(
  {
    location: fc.oneof(inCountyArb, inCountyArb, borderArb),
    complaint: fc.constantFrom('胸痛', '呼吸困难', '车祸外伤'),
    priority: fc.integer({ min: 1, max: 4 }),
    patients: fc.integer({ min: 0, max: 500 }),
    notes: fc.string({ maxLength: 100 }),
  },
  { requiredKeys: ['location', 'complaint', 'priority'] },
);
const bodyArb = fc.oneof(
  { weight: 4, arbitrary: incidentBodyArb.map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: validIncidentArb.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }, // not JSON at all
  { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"__proto__":{"x":1}}', '\u0000') },
);
const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=latin1', 'multipart/form-data; boundary=x') },
);
const reqArb: fc.Arbitrary<Req> = fc.oneof(
  // Well-formed calls, so that accepted writes happen between the hostile ones.
  validIncidentArb.map((b): Req => ({
    method: 'POST',
    url: '/api/incidents',
    payload: JSON.stringify(b),
    contentType: 'application/json',
  })),
  fc.record({ id: fc.integer({ min: 1, max: 8 }), b: validIncidentArb }).map(({ id, b }): Req => ({
    method: 'PATCH',
    url: `/api/incidents/${id}`,
    payload: JSON.stringify({ priority: b.priority, location: b.location }),
    contentType: 'application/json',
  })),
  fc
    .record({ body: bodyArb, ct: contentTypeArb })
    .map(({ body, ct }): Req => ({ method: 'POST', url: '/api/incidents', payload: body, contentType: ct })),
  fc
    .record({ id: idArb, body: bodyArb, ct: contentTypeArb })
    .map(({ id, body, ct }): Req => ({ method: 'PATCH', url: `/api/incidents/${id}`, payload: body, contentType: ct })),
  fc
    .record({
      id: idArb,
      unitId: fc.oneof(fc.constant('nearest'), fc.integer({ min: -1, max: 8 }), fc.anything()),
      reason: fc.anything(),
    })
    .map(({ id, unitId, reason }): Req => ({
      method: 'POST',
      url: `/api/incidents/${id}/assignments`,
      payload: JSON.stringify({ unitId, ...(typeof reason === 'string' ? { reason } : {}) }),
      contentType: 'application/json',
    })),
  fc
    .record({ id: idArb, reason: fc.oneof(fc.string({ maxLength: 220 }), fc.anything()) })
    .map(({ id, reason }): Req => ({
      method: 'POST',
      url: `/api/incidents/${id}/cancel`,
      payload: JSON.stringify({ reason }),
      contentType: 'application/json',
    })),
  fc.record({ id: idArb, reason: fc.string({ maxLength: 220 }) }).map(({ id, reason }): Req => ({
    method: 'POST',
    url: `/api/assignments/${id}/cancel`,
    payload: JSON.stringify({ reason }),
    contentType: 'application/json',
  })),
  fc.record({ q: fc.string({ maxLength: 30 }) }).map(({ q }): Req => ({ method: 'GET', url: `/api/incidents?${q}` })),
);

describe(`incident API under random and malformed input on ${testEngine()}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ httpRateLimitPerMinute: 0, serviceAreaMarginM: 20_000 });
    // A square "county" of ±0.2° around the centre: the service area is that plus 20 km.
    await t.db.query(
      `INSERT INTO regions (code, name, geom) VALUES ('999999', 'fuzz county',
         ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.2)))`,
      [CENTRE.lon, CENTRE.lat],
    );
    await insertUnits(t.db, [
      { code: 'fz-1', lon: CENTRE.lon + 0.01, lat: CENTRE.lat },
      { code: 'fz-2', lon: CENTRE.lon - 0.02, lat: CENTRE.lat },
      { code: 'fz-3', lon: CENTRE.lon, lat: CENTRE.lat + 0.03 },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Everything a request could change, as one comparable value. */
  async function digest(): Promise<string> {
    const { rows } = await t.db.query<Record<string, unknown>>(
      `SELECT (SELECT coalesce(max(seq), 0) FROM events) AS seq,
              (SELECT count(*) FROM events) AS events,
              (SELECT md5(coalesce(string_agg(i::text, '|' ORDER BY id), '')) FROM incidents i) AS incidents,
              (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY id), '')) FROM assignments a) AS assignments,
              (SELECT md5(coalesce(string_agg(u.id || ':' || u.status, '|' ORDER BY id), '')) FROM units u) AS units`,
    );
    return JSON.stringify(rows[0]);
  }

  it('never answers 5xx, always says why, changes nothing when refusing, and keeps the stored state consistent', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(reqArb, { minLength: 1, maxLength: 12 }), async (reqs) => {
        for (const r of reqs) {
          const before = await digest();
          const res = await t.inject({
            method: r.method,
            url: r.url,
            ...(r.payload !== undefined ? { payload: r.payload } : {}),
            ...(r.contentType ? { headers: { 'content-type': r.contentType } } : {}),
          });
          const what = `${r.method} ${r.url} ${r.contentType ?? ''} ${r.payload?.slice(0, 300) ?? ''} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            refused++;
            expect(res.json<{ message: unknown }>().message, what).toEqual(expect.any(String));
            expect(await digest(), `refused but changed: ${what}`).toBe(before);
          } else if (r.method !== 'GET') {
            accepted++;
            const after = JSON.parse(await digest()) as { seq: number };
            expect(after.seq, `accepted without an event: ${what}`).toBeGreaterThan(
              (JSON.parse(before) as { seq: number }).seq,
            );
          }
        }
      }),
      { numRuns: 25 },
    );
    // Invariants of what is stored.
    const outside = await t.db.query(
      `SELECT i.id FROM incidents i, regions r
       WHERE NOT ST_DWithin(r.geom::geography, i.geom::geography, 20000)`,
    );
    expect(outside.rows).toEqual([]);
    const disagree = await t.db.query(
      `SELECT i.id, i.status, e.payload->'incident'->>'status' AS logged
       FROM incidents i
       JOIN LATERAL (SELECT payload FROM events WHERE incident_id = i.id AND payload ? 'incident'
                     ORDER BY seq DESC LIMIT 1) e ON true
       WHERE e.payload->'incident'->>'status' IS DISTINCT FROM i.status
          OR (e.payload->'incident'->>'priority')::int IS DISTINCT FROM i.priority`,
    );
    expect(disagree.rows).toEqual([]);
    const unlogged = await t.db.query(
      `SELECT id FROM incidents i WHERE NOT EXISTS
         (SELECT 1 FROM events WHERE incident_id = i.id AND type = 'incident.created')`,
    );
    expect(unlogged.rows).toEqual([]);
    const doubleBooked = await t.db.query(
      `SELECT unit_id FROM assignments WHERE ended_at IS NULL GROUP BY unit_id HAVING count(*) > 1`,
    );
    expect(doubleBooked.rows).toEqual([]);
    const busyFree = await t.db.query(
      `SELECT u.id FROM units u JOIN assignments a ON a.unit_id = u.id AND a.ended_at IS NULL
       WHERE u.status = 'available'`,
    );
    expect(busyFree.rows).toEqual([]);
    // The generators must reach both sides, or the property proves little.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(20);
  }, 300_000);
});
