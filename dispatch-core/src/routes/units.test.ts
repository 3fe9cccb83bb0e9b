import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { UnitView } from '../contracts/views.ts';
import type { UnitCrew } from '../contracts/api.ts';
import { buildTestApp, insertUnits, type Injector, type TestApp } from '../testing/app.ts';

describe(`unit administration on ${testEngine()}`, () => {
  let t: TestApp;
  let admin: Injector;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.as('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('adds a unit off duty, corrects it, and refuses bad input without touching stored rows', async () => {
    const created = await admin({
      method: 'POST',
      url: '/api/units',
      payload: {
        code: 'np-9',
        callSign: '丹阳120-99',
        kind: 'negative_pressure_ambulance',
        capabilities: ['bls', 'negative_pressure'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const unit = created.json<UnitView>();
    expect(unit).toMatchObject({
      status: 'off_duty',
      callSign: '丹阳120-99',
      capabilities: ['bls', 'negative_pressure'],
    });

    const dup = await admin({
      method: 'POST',
      url: '/api/units',
      payload: { code: 'np-9', callSign: 'x', kind: 'basic_ambulance', capabilities: [] },
    });
    expect(dup.statusCode).toBe(409);
    const badCap = await admin({
      method: 'PATCH',
      url: `/api/units/${unit.id}`,
      payload: { capabilities: ['teleport'] },
    });
    expect(badCap.statusCode).toBe(400);
    const status = await admin({
      method: 'PATCH',
      url: `/api/units/${unit.id}`,
      payload: { status: 'available' },
    });
    expect(status.statusCode).toBe(400);

    const patched = await admin({
      method: 'PATCH',
      url: `/api/units/${unit.id}`,
      payload: { plate: '苏L·9X999' },
    });
    expect(patched.json<UnitView>()).toMatchObject({ plate: '苏L·9X999', callSign: '丹阳120-99', status: 'off_duty' });
    expect((await admin({ method: 'PATCH', url: '/api/units/999999', payload: { plate: 'x' } })).statusCode).toBe(404);
  });

  it("names a unit's crew for the unit card: its crew accounts and whether each is signed in", async () => {
    const [unitId] = Object.values(await insertUnits(t.db, [{ code: 'crewed', lon: 119.6, lat: 32 }]));
    expect((await t.inject({ url: `/api/units/${unitId}/crew` })).json<UnitCrew>().crew).toEqual([]);
    await t.token('crew', unitId); // the crew account signs in on the tablet
    const res = await t.inject({ url: `/api/units/${unitId}/crew` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<UnitCrew>().crew).toEqual([
      expect.objectContaining({ displayName: `test-crew-${unitId}`, signedIn: true }),
    ]);
    expect((await t.inject({ url: '/api/units/999999/crew' })).statusCode).toBe(404);
  });
});
