import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseTownExtract } from '@c120/db/roads/fixtures';
import { importExtract, importRoads, memorySource } from '@c120/db/roads';
import { testEngine } from '@c120/db/testing';
import type { PlaceHit } from '../contracts/api.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

const MONACO = fileURLToPath(new URL('../../../db/roads/data/monaco.osm.pbf', import.meta.url));

describe(`address search over the imported extract on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const search = async (q: string) => {
    const res = await t.inject({ url: `/api/places/search?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PlaceHit[]>();
  };

  it('finds a street and a POI of a Chinese extract by name and by pinyin initials, where they are', async () => {
    await importExtract(t.db, memorySource('town', chineseTownExtract()), 'town');
    const byName = await search('人民路');
    expect(byName[0]).toMatchObject({ kind: 'street', name: '人民路' });
    expect(byName[0]?.location.lon).toBeCloseTo(119.621, 3);
    const byInitials = await search('rml');
    expect(byInitials[0]).toMatchObject({ kind: 'street', name: '人民路' });
    const hospital = await search('rmyy');
    expect(hospital[0]).toMatchObject({ kind: 'poi', name: '人民医院', location: { lon: 119.6225, lat: 32.0012 } });
    // Prefix of the name: the street (exact prefix) and the hospital and park, streets and POIs before addresses.
    const renmin = (await search('人民')).map((h) => h.name);
    expect(renmin).toEqual(expect.arrayContaining(['人民路', '人民医院', '人民公园']));
    expect(await search('renminyiy')).toMatchObject([{ name: '人民医院' }]);
  });

  it('finds Monaco streets and POIs by their Latin names, case-insensitively, and treats % as a character', async () => {
    await importRoads(t.db, MONACO, 'monaco.osm.pbf');
    const street = await search('boulevard du larvotto');
    expect(street[0]).toMatchObject({ kind: 'street', name: 'Boulevard du Larvotto' });
    expect(street[0]?.location.lat).toBeCloseTo(43.74, 1);
    const poi = await search('Centre Cardio');
    expect(poi[0]).toMatchObject({ kind: 'poi', name: 'Centre Cardio Thoracique de Monaco' });
    expect(await search('%')).toEqual([]);
    // The earlier import was replaced.
    expect(await search('人民路')).toEqual([]);
  });
});
