import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { HospitalSuggestionList } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { buildTestApp, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

const SCENE = { lon: 119.6, lat: 32.0 };
const east = (m: number) => [SCENE.lon + m / M_PER_DEG_LON, SCENE.lat] as const;

describe(`hospital destination rule on ${testEngine()}`, () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await buildTestApp();
    const hospitals: [string, string, string[], number][] = [
      ['near-clinic', '一级', [], 1000],
      ['county-general', '三级', ['chest_pain', 'stroke', 'trauma'], 5000],
      ['second-general', '二级', ['trauma'], 3000],
    ];
    for (const [code, level, caps, m] of hospitals) {
      const [lon, lat] = east(m);
      const { rows } = await t.db.query<{ id: number }>(
        `INSERT INTO hospitals (code, name, level, capabilities, geom)
         VALUES ($1, $1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326)) RETURNING id`,
        [code, level, caps, lon, lat],
      );
      ids[code] = rows[0]!.id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const incident = async (body: Record<string, unknown>) =>
    (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: SCENE, complaint: 'x', ...body },
      })
    ).json<IncidentView>();
  const suggest = async (id: number, query = '') =>
    (await t.inject({ method: 'GET', url: `/api/incidents/${id}/hospitals${query}` })).json<HospitalSuggestionList>();

  it('sends a low-priority patient to the nearest hospital', async () => {
    const inc = await incident({ priority: 4 });
    expect((await suggest(inc.id)).suggestions.map((s) => s.hospital.code)).toEqual([
      'near-clinic',
      'second-general',
      'county-general',
    ]);
  });

  it('sends a chest-pain patient to the chest-pain centre even though it is further', async () => {
    const inc = await incident({ priority: 1 });
    const list = await suggest(inc.id, '?specialty=chest_pain');
    expect(list.neededSpecialties).toEqual(['chest_pain']);
    expect(list.suggestions[0]?.hospital.code).toBe('county-general');
    expect(list.suggestions[1]?.missingSpecialties).toEqual(['chest_pain']);
  });

  it('records a reason when the destination is not the first suggestion, and refuses one without', async () => {
    const inc = await incident({ priority: 4 });
    const choose = (hospitalId: number, reason?: string) =>
      t.inject({
        method: 'PUT',
        url: `/api/incidents/${inc.id}/destination`,
        payload: { hospitalId, ...(reason ? { reason } : {}) },
      });
    const refused = await choose(ids['county-general']!);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ message: string }>().message).toMatch(/needs a reason/);
    const ok = await choose(ids['county-general']!, '患者意愿');
    expect(ok.statusCode).toBe(200);
    expect(ok.json<IncidentView>()).toMatchObject({
      destinationHospitalId: ids['county-general'],
      destinationReason: '患者意愿',
    });
    expect((await choose(ids['near-clinic']!)).json<IncidentView>().destinationReason).toBeNull();
  });

  it('derives the needed specialty from the complaint: 胸痛 needs a chest-pain centre, with no query', async () => {
    const inc = await incident({ priority: 1, complaint: '胸痛半小时，出冷汗' });
    expect(inc.neededSpecialties).toEqual(['chest_pain']);
    const list = await suggest(inc.id);
    expect(list.neededSpecialties).toEqual(['chest_pain']);
    expect(list.suggestions[0]?.hospital.code).toBe('county-general');
    expect(list.suggestions.find((s) => s.hospital.code === 'near-clinic')?.missingSpecialties).toEqual(['chest_pain']);
    const plain = await incident({ priority: 1, complaint: '发热三天' });
    expect(plain.neededSpecialties).toEqual([]);
  });

  it('follows a corrected complaint', async () => {
    const inc = await incident({ priority: 2, complaint: '头晕' });
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/incidents/${inc.id}`,
      payload: { complaint: '车祸，腿骨折' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<IncidentView>().neededSpecialties).toEqual(['trauma']);
  });

  it('asks a reason for a destination without the needed specialty, stores what it lacks, and writes the event', async () => {
    const inc = await incident({ priority: 1, complaint: '胸痛' });
    const choose = (hospitalId: number, reason?: string) =>
      t.inject({
        method: 'PUT',
        url: `/api/incidents/${inc.id}/destination`,
        payload: { hospitalId, ...(reason ? { reason } : {}) },
      });
    const refused = await choose(ids['near-clinic']!);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ code: string }>().code).toBe('specialty_reason_required');
    const ok = await choose(ids['near-clinic']!, '患者家属要求就近');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<IncidentView>()).toMatchObject({
      destinationHospitalId: ids['near-clinic'],
      destinationReason: '患者家属要求就近',
      destinationMissingSpecialties: ['chest_pain'],
    });
    const { rows } = await t.db.query<{ payload: { missingSpecialties: string[]; reason: string } }>(
      `SELECT payload FROM events WHERE incident_id = $1 AND type = 'incident.destination_set' ORDER BY seq DESC LIMIT 1`,
      [inc.id],
    );
    expect(rows[0]?.payload).toMatchObject({ missingSpecialties: ['chest_pain'], reason: '患者家属要求就近' });
    // Then the chest-pain centre after all: no reason needed, the flag is cleared.
    const fixed = await choose(ids['county-general']!);
    expect(fixed.json<IncidentView>()).toMatchObject({ destinationReason: null, destinationMissingSpecialties: [] });
  });
});
