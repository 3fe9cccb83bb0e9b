/**
 * npm run bench:coverage — time to recompute live coverage (CoverageService.compute: unit/station queries, the
 * ETA matrix, coverage per township, move-up) for the demo county and for a 10× synthetic county (10× villages,
 * 10× units, 10× grid cells), with the straight-line model and with a road network (a synthetic grid of roads
 * over the county every ≈500 m, since there is no real network for Danyang). Uses DATABASE_URL when set, else
 * PGlite. Options: BENCH_ITERATIONS (default 10).
 */
import { performance } from 'node:perf_hooks';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createCore } from '../src/core.ts';
import { loadConfig } from '../src/config.ts';
import { GRID_DEG } from '../src/repositories/coverage-demand.ts';
import { CoverageService } from '../src/services/coverage.ts';
import { fmt, summarize } from './stats.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10);
const ROAD_STEP_DEG = 0.005;

/** A grid of two-way roads over the county's bounding box (tertiary speed, 40 km/h). */
async function loadGridNetwork(db: Database): Promise<number> {
  await db.query(`
    WITH box AS (SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
                 FROM (SELECT ST_Extent(geom) AS e FROM regions) b),
         dims AS (SELECT x0, y0, ceil((x1 - x0) / ${ROAD_STEP_DEG})::int AS nx, ceil((y1 - y0) / ${ROAD_STEP_DEG})::int AS ny FROM box)
    INSERT INTO road_nodes (id, geom)
    SELECT i * 10000 + j, ST_SetSRID(ST_MakePoint(x0 + i * ${ROAD_STEP_DEG}, y0 + j * ${ROAD_STEP_DEG}), 4326)
    FROM dims, generate_series(0, nx) i, generate_series(0, ny) j`);
  await db.query(`
    INSERT INTO road_edges (osm_way_id, source, target, road_class, length_m, speed_kmh, oneway, cost, reverse_cost, geom)
    SELECT 0, a.id, b.id, 'tertiary', d, 40, false, d / (40 / 3.6), d / (40 / 3.6), ST_MakeLine(a.geom, b.geom)
    FROM road_nodes a
    JOIN road_nodes b ON b.id IN (a.id + 1, a.id + 10000)
    CROSS JOIN LATERAL (SELECT ST_DistanceSphere(a.geom, b.geom) AS d) dist`);
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM road_nodes');
  await db.query(`INSERT INTO road_networks (source, nodes, edges) VALUES ('synthetic grid', $1, 0)`, [rows[0]?.n]);
  return rows[0]?.n ?? 0;
}

/** Nine jittered copies of every village and ambulance: a county with 10× the demand and fleet. */
async function growTenfold(db: Database): Promise<void> {
  await db.query(`
    INSERT INTO places (code, kind, name, pinyin, initials, township_code, population, geom)
    SELECT p.code || '-x' || k, p.kind, p.name || k, p.pinyin, p.initials, p.township_code, p.population,
           ST_SetSRID(ST_MakePoint(ST_X(p.geom) + (random() - 0.5) * 0.02, ST_Y(p.geom) + (random() - 0.5) * 0.02), 4326)
    FROM places p, generate_series(1, 9) k WHERE p.kind IN ('village', 'community')`);
  await db.query(`
    INSERT INTO units (code, call_sign, kind, capabilities, station_id, status, position, fix_at)
    SELECT u.code || '-x' || k, u.call_sign || k, u.kind, u.capabilities, u.station_id, 'available',
           ST_SetSRID(ST_MakePoint(ST_X(u.position) + (random() - 0.5) * 0.1, ST_Y(u.position) + (random() - 0.5) * 0.1), 4326), now()
    FROM units u, generate_series(1, 9) k WHERE u.kind LIKE '%ambulance' AND u.position IS NOT NULL`);
}

async function measure(label: string, service: CoverageService): Promise<string> {
  await service.compute('warm-up'); // demand points loaded and snapped once, as in the running server
  const wall: number[] = [];
  let last = await service.compute('bench');
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    last = await service.compute('bench');
    wall.push(performance.now() - t0);
  }
  const s = summarize(wall);
  const line =
    `${label}: ${last.availableUnits} units, ${last.villages.length} villages, ${last.cells.length} cells → ` +
    `recompute p50 ${fmt(s.p50)} p95 ${fmt(s.p95)} (population covered ${(last.populationShare * 100).toFixed(1)}%)`;
  console.log(line);
  return line;
}

const db = await createTestDatabase({ seed: true });
try {
  const config = loadConfig({});
  const core = createCore(db, config, (err) => console.error(err));
  const targets = { urbanSeconds: config.coverageUrbanMinutes * 60, ruralSeconds: config.coverageRuralMinutes * 60 };
  await db.query(`UPDATE units SET fix_at = now(), status = 'available' WHERE kind LIKE '%ambulance'`);
  console.log(`bench:coverage on ${testEngine()} (${db.description}); ${ITERATIONS} iterations each`);
  const demo = () => new CoverageService(core.ctx, targets, 0.95, GRID_DEG);
  const tenfold = () => new CoverageService(core.ctx, targets, 0.95, GRID_DEG / Math.sqrt(10));
  const base = await measure('demo county, straight-line', demo());
  const nodes = await loadGridNetwork(db);
  await core.eta.reload();
  const net = await measure(`demo county, road network (synthetic grid, ${nodes} nodes)`, demo());
  await db.query('DELETE FROM road_edges');
  await db.query('DELETE FROM road_nodes');
  await db.query('DELETE FROM road_networks');
  await core.eta.reload();
  await growTenfold(db);
  const big = await measure('10× county, straight-line', tenfold());
  await loadGridNetwork(db);
  await core.eta.reload();
  const bigNet = await measure(`10× county, road network (synthetic grid, ${nodes} nodes)`, tenfold());
  const p50 = (line: string) => Number(/p50 ([\d.]+) ms/.exec(line)?.[1] ?? NaN);
  console.log(
    `ratios (p50): 10×/demo straight-line ${(p50(big) / p50(base)).toFixed(1)}×, network/straight-line demo ${(p50(net) / p50(base)).toFixed(1)}×, 10× ${(p50(bigNet) / p50(big)).toFixed(1)}×`,
  );
} finally {
  await db.close();
}
