import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoads } from '@c120/db/roads';
import { testEngine } from '@c120/db/testing';
import type { MapInfoView } from '../contracts/map.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

const MONACO = fileURLToPath(new URL('../../../db/roads/data/monaco.osm.pbf', import.meta.url));

/** The z/x/y tile holding lon/lat (Web Mercator, as MapLibre asks). */
export function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

const decode = (body: Buffer) => new VectorTile(new Protobuf(body));

describe(`vector tiles of the imported extract on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await importRoads(t.db, MONACO, 'monaco.osm.pbf');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves roads with class and name, water, landuse and POIs at z14–16 around Monaco', async () => {
    const [z, x, y] = tileOf(7.4246, 43.7384, 14);
    const res = await t.inject({ method: 'GET', url: `/tiles/${z}/${x}/${y}.pbf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers['cache-control']).toContain('private');
    const tile = decode(res.rawPayload);
    expect(Object.keys(tile.layers)).toEqual(expect.arrayContaining(['roads', 'landuse', 'places']));
    const roads = tile.layers.roads!;
    const names = new Set<string>();
    const classes = new Set<string>();
    for (let i = 0; i < roads.length; i++) {
      const f = roads.feature(i);
      expect(f.type).toBe(2);
      classes.add(String(f.properties.class));
      if (f.properties.name) names.add(String(f.properties.name));
      for (const line of f.loadGeometry())
        for (const p of line) expect(Math.abs(p.x - 2048)).toBeLessThanOrEqual(2048 + 64);
    }
    expect(names.has('Boulevard Albert 1er') || names.has('Boulevard Princesse Charlotte')).toBe(true);
    expect(classes.has('primary')).toBe(true);
    const z16 = tileOf(7.4246, 43.7384, 16);
    const poi = decode((await t.inject({ method: 'GET', url: `/tiles/${z16.join('/')}.pbf` })).rawPayload);
    expect(poi.layers.pois?.length ?? 0).toBeGreaterThan(0);
    // Polygons: outer rings clockwise in tile coordinates (MVT 2), so renderers fill them.
    const landuse = tile.layers.landuse!;
    expect(landuse.feature(0).type).toBe(3);
  });

  it('answers 304 to a matching If-None-Match, and only small roads are left out when zoomed out', async () => {
    const url = `/tiles/${tileOf(7.4246, 43.7384, 14).join('/')}.pbf`;
    const first = await t.inject({ method: 'GET', url });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await t.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const low = decode(
      (await t.inject({ method: 'GET', url: `/tiles/${tileOf(7.4246, 43.7384, 9).join('/')}.pbf` })).rawPayload,
    );
    const classes = new Set<string>();
    for (let i = 0; i < (low.layers.roads?.length ?? 0); i++)
      classes.add(String(low.layers.roads!.feature(i).properties.class));
    expect(classes.has('residential')).toBe(false);
    expect(classes.has('primary') || classes.has('motorway') || classes.has('trunk')).toBe(true);
  });

  it('refuses tiles that do not exist with the reason, and an empty tile where nothing is', async () => {
    const bad = await t.inject({ method: 'GET', url: '/tiles/3/8/0.pbf' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('below 8');
    expect((await t.inject({ method: 'GET', url: '/tiles/21/0/0.pbf' })).statusCode).toBe(400);
    expect((await t.inject({ method: 'GET', url: '/tiles/a/0/0.pbf' })).statusCode).toBe(400);
    const ocean = await t.inject({ method: 'GET', url: `/tiles/${tileOf(-30, 0, 14).join('/')}.pbf` });
    expect(ocean.statusCode).toBe(200);
    expect(Object.keys(decode(ocean.rawPayload).layers)).toEqual([]);
  });

  it('makes the same features with ST_AsMVT, PostGIS clipping + vt-pbf, and geojson-vt', async () => {
    const [z, x, y] = tileOf(7.4246, 43.7384, 14);
    const render = async (m: 'vt-pbf' | 'st_asmvt' | 'geojson-vt') =>
      decode(Buffer.from(await t.app.core.tiles.render(z, x, y, m)));
    const roadNames = (tile: VectorTile) => {
      const names = new Set<string>();
      for (let i = 0; i < (tile.layers.roads?.length ?? 0); i++) {
        const name = tile.layers.roads!.feature(i).properties.name;
        if (name) names.add(String(name));
      }
      return [...names].sort();
    };
    const viaSql = await render('vt-pbf');
    const viaIndex = await render('geojson-vt');
    expect(viaSql.layers.roads?.length).toBeGreaterThan(50);
    expect(roadNames(viaIndex)).toEqual(roadNames(viaSql));
    expect(viaIndex.layers.water?.length).toBe(viaSql.layers.water?.length);
    if (t.db.engine === 'postgres') {
      expect(t.app.core.tiles.method).toBe('st_asmvt');
      const viaMvt = await render('st_asmvt');
      for (const name of ['roads', 'water', 'landuse', 'places']) {
        expect(viaSql.layers[name]?.length, name).toBe(viaMvt.layers[name]?.length);
      }
    } else {
      expect(t.app.core.tiles.method).toBe('geojson-vt');
      await expect(t.db.query('SELECT ST_AsMVTGeom(ST_MakePoint(0,0), ST_MakeEnvelope(0,0,1,1))')).rejects.toThrow(
        /protobuf/,
      );
    }
  });

  it("serves label glyphs rendered from the machine's CJK font, and refuses ranges that are not one", async () => {
    const res = await t.inject({
      method: 'GET',
      url: `/glyphs/${encodeURIComponent('Noto Sans CJK SC,sans-serif')}/19968-20223.pbf`,
    });
    if (!t.app.core.glyphs.available) {
      expect(res.statusCode).toBe(404); // no CJK font installed: MapLibre draws with the browser's fonts
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    // glyphs{1: fontstack{1: name, 2: range, 3: glyph{1 id, 2 bitmap, 3 width, 4 height, 5 left, 6 top, 7 advance}}}
    type Glyph = { id: number; bitmap: Uint8Array<ArrayBufferLike>; width: number; height: number; advance: number };
    const glyphs: Glyph[] = [];
    let range = '';
    new Protobuf(res.rawPayload).readFields((tag, _, p) => {
      if (tag !== 1) return;
      p.readMessage((t2, _2, p2) => {
        if (t2 === 2) range = p2.readString();
        if (t2 !== 3) return;
        const g: Glyph = { id: 0, bitmap: new Uint8Array(0), width: 0, height: 0, advance: 0 };
        p2.readMessage((t3, _3, p3) => {
          if (t3 === 1) g.id = p3.readVarint();
          else if (t3 === 2) g.bitmap = p3.readBytes();
          else if (t3 === 3) g.width = p3.readVarint();
          else if (t3 === 4) g.height = p3.readVarint();
          else if (t3 === 7) g.advance = p3.readVarint();
        }, null);
        glyphs.push(g);
      }, null);
    }, null);
    expect(range).toBe('19968-20223');
    expect(glyphs.length).toBe(256);
    const ren = glyphs.find((g) => g.id === 0x4eba)!; // 人
    expect(ren.advance).toBe(24);
    expect(ren.bitmap.length).toBe((ren.width + 6) * (ren.height + 6));
    // Inside the stroke near the top centre is inside (> 191), the corners of the buffer are outside (< 191).
    const w = ren.width + 6;
    expect(ren.bitmap[5 * w + Math.floor(w / 2)]).toBeGreaterThan(191);
    expect(ren.bitmap[0]).toBeLessThan(100);
    const bad = await t.inject({ method: 'GET', url: '/glyphs/sans/256-300.pbf' });
    expect(bad.statusCode).toBe(400);
    expect((await t.inject({ method: 'GET', url: '/glyphs/sans/100-355.pbf' })).statusCode).toBe(400);
  });

  it('tells the console what is imported', async () => {
    const info = (await t.inject({ method: 'GET', url: '/api/map/info' })).json<MapInfoView>();
    expect(info).toMatchObject({ streets: true, source: 'monaco.osm.pbf' });
    expect(info.bounds?.[0]).toBeCloseTo(7.4, 0);
    expect(info.names).toBeGreaterThan(400);
  });
});
