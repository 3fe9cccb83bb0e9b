/**
 * npx tsx dispatch-core/bench/tiles.ts — time to make a vector tile of the Monaco extract (the only real OSM
 * extract here), uncached, for every tile covering the extract at z12–z16, per method:
 * PostGIS ST_AsMVT (PostgreSQL only), PostGIS clipping + vt-pbf encoding, and geojson-vt over the features held
 * in memory + vt-pbf (both engines). The service's own tile cache is bypassed; geojson-vt keeps the tiles it
 * sliced, so its "first" column is the one to compare, its repeats show a warm index.
 * Uses DATABASE_URL when set, else the embedded PGlite. BENCH_ROUNDS (default 10) passes over the tiles.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createTestDatabase } from '@c120/db/testing';
import { importRoads } from '@c120/db/roads';
import { readMapInfo } from '../src/repositories/map-info.ts';
import { TileService, type TileMethod } from '../src/services/tiles.ts';
import { fmt, summarize } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const MONACO = fileURLToPath(new URL('../../db/roads/data/monaco.osm.pbf', import.meta.url));

const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

const db = await createTestDatabase();
try {
  const imported = await importRoads(db, MONACO, 'monaco.osm.pbf');
  const info = await readMapInfo(db);
  const [w, s, e, n] = info.bounds ?? [0, 0, 0, 0];
  console.log(
    `bench:tiles on ${db.description} (${db.engine}): Monaco ${imported.edges} edges, ${imported.features} areas, ` +
      `${imported.pois} POIs; ${ROUNDS} rounds, uncached`,
  );
  const tiles = new TileService(db);
  const methods: TileMethod[] =
    db.engine === 'postgres' ? ['st_asmvt', 'vt-pbf', 'geojson-vt'] : ['geojson-vt', 'vt-pbf'];
  let t0 = performance.now();
  await tiles.loadIndex();
  console.log(`geojson-vt index built from the database in ${fmt(performance.now() - t0)} (once per start and import)`);
  {
    // z14 straight after the index is built (no lower zoom sliced before): the worst case for geojson-vt.
    const z = 14;
    const cold: number[] = [];
    for (let x = tileX(w, z); x <= tileX(e, z); x++) {
      for (let y = tileY(n, z); y <= tileY(s, z); y++) {
        t0 = performance.now();
        await tiles.render(z, x, y, 'geojson-vt');
        cold.push(performance.now() - t0);
      }
    }
    const c = summarize(cold);
    console.log(
      `z14 geojson-vt on a fresh index, ${c.n} tiles: p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}  max ${fmt(c.max)}`,
    );
    tiles.clear();
    await tiles.loadIndex();
  }
  for (const z of [12, 13, 14, 15, 16]) {
    const list: [number, number][] = [];
    for (let x = tileX(w, z); x <= tileX(e, z); x++) for (let y = tileY(n, z); y <= tileY(s, z); y++) list.push([x, y]);
    for (const method of methods) {
      const samples: number[] = [];
      let bytes = 0;
      // First request of each tile: for geojson-vt this includes slicing it (it keeps sliced tiles after).
      const first: number[] = [];
      for (const [x, y] of list) {
        t0 = performance.now();
        await tiles.render(z, x, y, method);
        first.push(performance.now() - t0);
      }
      const f = summarize(first);
      for (let r = 0; r < ROUNDS; r++) {
        for (const [x, y] of list) {
          t0 = performance.now();
          const out = await tiles.render(z, x, y, method);
          samples.push(performance.now() - t0);
          bytes = Math.max(bytes, out.length);
        }
      }
      const st = summarize(samples);
      console.log(
        `z${z} ${method.padEnd(10)} ${String(list.length).padStart(3)} tiles: first p50 ${fmt(f.p50)} p95 ${fmt(f.p95)}; ` +
          `then × ${ROUNDS}: p50 ${fmt(st.p50)}  p95 ${fmt(st.p95)}  max ${fmt(st.max)}  largest ${Math.round(bytes / 1024)} kB`,
      );
    }
  }
} finally {
  await db.close();
}
