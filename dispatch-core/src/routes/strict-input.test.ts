import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { TEXT_RULE } from '../contracts/common.ts';
import { registerErrorHandler } from '../plugins/error-handler.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

/** Issue 14, point 5 (loose input) and the place search of point 6: each case was accepted before. */
describe(`strict input on ${testEngine()}`, () => {
  let t: TestApp;
  const valid = { location: { lon: 119.58, lat: 32.0 }, complaint: '胸痛', priority: 2 };
  const count = async () =>
    Number((await t.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents')).rows[0]?.n ?? 0);
  const create = (body: unknown) => t.inject({ method: 'POST', url: '/api/incidents', payload: body as object });

  beforeAll(async () => {
    t = await buildTestApp({}, { seed: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not coerce JSON bodies: true, [2], "1", null where a number belongs are 400 with the field', async () => {
    const before = await count();
    const cases: [unknown, RegExp][] = [
      [{ ...valid, priority: true }, /priority/],
      [{ ...valid, priority: [2] }, /priority/],
      [{ ...valid, priority: '1' }, /priority/],
      [{ ...valid, patients: null }, /patients/],
      [{ ...valid, location: { lon: null, lat: null } }, /lon|lat/],
      [{ ...valid, infectious: 'false' }, /infectious/],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ message: string }>().message, JSON.stringify(body)).toMatch(field);
    }
    expect(await count()).toBe(before);
    expect((await create(valid)).statusCode).toBe(201);
  });

  it('still reads numbers from query strings', async () => {
    const res = await t.inject({ url: '/api/places/search?q=%E4%B8%B9&limit=3' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<unknown[]>().length).toBeLessThanOrEqual(3);
  });

  it('refuses an incident requiring a capability no unit can have (422), on create and on edit', async () => {
    const res = await create({ ...valid, requiredCapabilities: ['als', 'teleport'] });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ code: string; message: string }>()).toMatchObject({ code: 'unknown_capability' });
    expect(res.json<{ message: string }>().message).toMatch(/"teleport"/);
    const ok = await create({ ...valid, requiredCapabilities: ['als'] });
    expect(ok.statusCode).toBe(201);
    const id = ok.json<{ id: number }>().id;
    const edit = await t.inject({
      method: 'PATCH',
      url: `/api/incidents/${id}`,
      payload: { requiredCapabilities: ['x'] },
    });
    expect(edit.statusCode).toBe(422);
  });

  it('refuses whitespace-only complaints, control and bidi characters in text, with the rule in words', async () => {
    const before = await count();
    const refused: Record<string, unknown>[] = [
      { complaint: '   ' },
      { complaint: '\u3000\t\n' },
      { complaint: '胸痛\u202Eevil' },
      { complaint: '胸\u0000痛' },
      { callerName: '张\u0007三' },
      { callerName: '张\n三' },
      { address: '\u2066司徒镇\u2069' },
      { notes: 'a\u001bb' },
    ];
    for (const extra of refused) {
      const res = await create({ ...valid, ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(TEXT_RULE);
    }
    expect(await count()).toBe(before);
    // Line breaks are fine in the multi-line fields; Chinese, emoji and ordinary punctuation everywhere.
    const ok = await create({
      ...valid,
      complaint: '胸痛 30 分钟\n出汗',
      notes: '家属：\r\n三楼 😷',
      callerName: '王-小明',
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('never sends the database’s own error text in a 400', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/x', async () => {
      throw Object.assign(new Error('invalid input syntax for type integer: "secret-value"'), { code: '22P02' });
    });
    const res = await app.inject('/x');
    await app.close();
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('secret-value');
    expect(res.body).not.toContain('syntax');
    expect(res.json<{ message: string }>().message).toBe('invalid value (not a valid value of its type)');
  });

  it('searches places for % and _ as letters, not wildcards', async () => {
    const all = await t.inject({ url: '/api/places/search?q=%E4%B8%B9&limit=50' });
    expect(all.json<unknown[]>().length).toBeGreaterThan(0); // the seeded county is there
    for (const q of ['%', '_', '%25%', '\\']) {
      const res = await t.inject({ url: `/api/places/search?q=${encodeURIComponent(q)}&limit=50` });
      expect(res.statusCode, q).toBe(200);
      expect(res.json<unknown[]>(), q).toEqual([]);
    }
  });
});
