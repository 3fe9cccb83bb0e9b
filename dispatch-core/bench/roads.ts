/**
 * npm run bench:roads — one-to-many drive times from N units on the Monaco OSM network, two ways, same
 * database, same run (real PostgreSQL only: PGlite has no pgRouting):
 * - pgRouting `pgr_dijkstraCost(edges SQL, N unit nodes, all nodes)` and `pgr_drivingDistance(edges SQL, N unit
 *   nodes, no cutoff)` — pgRouting builds its graph from the edges SQL on every call;
 * - the in-process Dijkstra (dispatch-core/src/domain/road-network/graph.ts) over edges loaded once from PostGIS.
 * Also checks that both give the same times. Needs `postgresql-15-pgrouting` installed on the server.
 * Options: BENCH_ITERATIONS (default 20), BENCH_UNITS (default "5,20,50").
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { importRoads } from '@c120/db/roads';
import { loadRoadGraph } from '../src/repositories/road-network.ts';
import { fmt, summarize } from './stats.ts';
import { mulberry32 } from '@c120/shared/random';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
const UNITS = (process.env.BENCH_UNITS ?? '5,20,50').split(',').map(Number);
const MONACO = fileURLToPath(new URL('../../db/roads/data/monaco.osm.pbf', import.meta.url));

if (testEngine() !== 'postgres') {
  console.log('bench:roads needs DATABASE_URL (a PostgreSQL with PostGIS and pgRouting): skipped');
  process.exit(0);
}

const db = await createTestDatabase();
try {
  await db.query('CREATE EXTENSION IF NOT EXISTS pgrouting').catch((err: unknown) => {
    throw new Error(
      `pgRouting is not installed on the server (apt-get install postgresql-15-pgrouting): ${String(err)}`,
    );
  });
  const imported = await importRoads(db, MONACO, 'monaco.osm.pbf');
  const nodes = (await db.query<{ id: number }>('SELECT id FROM road_nodes ORDER BY id')).rows.map((r) => Number(r.id));
  console.log(
    `bench:roads on ${db.description}: Monaco ${imported.nodes} nodes, ${imported.edges} edges; ${ITERATIONS} iterations`,
  );
  let t0 = performance.now();
  const graph = await loadRoadGraph(db);
  const loadMs = performance.now() - t0;
  if (!graph) throw new Error('no graph');
  console.log(`in-process graph load from PostGIS (once, then kept): ${fmt(loadMs)}`);
  const rand = mulberry32(120);
  for (const n of UNITS) {
    const pgr: number[] = [];
    const dd: number[] = [];
    const inproc: number[] = [];
    let maxDiff = 0;
    let pairs = 0;
    for (let i = 0; i < ITERATIONS + 2; i++) {
      const from = Array.from({ length: n }, () => nodes[Math.floor(rand() * nodes.length)] as number);
      t0 = performance.now();
      const { rows } = await db.query<{ start_vid: number; end_vid: number; agg_cost: number }>(
        `SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(
           'SELECT id, source, target, cost, reverse_cost FROM road_edges', $1::bigint[], $2::bigint[], true)`,
        [from, nodes],
      );
      const pgrMs = performance.now() - t0;
      t0 = performance.now();
      await db.query(
        `SELECT from_v, node, agg_cost FROM pgr_drivingDistance(
           'SELECT id, source, target, cost, reverse_cost FROM road_edges', $1::bigint[], 1e9::float8, true)`,
        [from],
      );
      const ddMs = performance.now() - t0;
      t0 = performance.now();
      const times = from.map((id) => graph.shortestTimes(graph.index.get(id) ?? -1, 'from'));
      // Read every target's time, as coverage does.
      let sum = 0;
      for (const t of times) for (const id of nodes) sum += Math.min(t[graph.index.get(id) ?? -1] ?? Infinity, 1e9);
      const inMs = performance.now() - t0;
      if (sum < 0) console.log(sum); // keep the read loop
      for (const r of rows) {
        const k = from.indexOf(Number(r.start_vid));
        const t = times[k]?.[graph.index.get(Number(r.end_vid)) ?? -1] ?? Infinity;
        maxDiff = Math.max(maxDiff, Math.abs(t - Number(r.agg_cost)));
        pairs++;
      }
      if (i >= 2) {
        pgr.push(pgrMs);
        dd.push(ddMs);
        inproc.push(inMs);
      }
    }
    const a = summarize(pgr);
    const b = summarize(inproc);
    const d = summarize(dd);
    console.log(
      `${n} units → ${nodes.length} nodes: pgr_dijkstraCost p50 ${fmt(a.p50)} p95 ${fmt(a.p95)} | pgr_drivingDistance p50 ${fmt(d.p50)} p95 ${fmt(d.p95)}` +
        ` | in-process Dijkstra p50 ${fmt(b.p50)} p95 ${fmt(b.p95)} | ratio p50 ${(a.p50 / b.p50).toFixed(1)}× / ${(d.p50 / b.p50).toFixed(1)}×` +
        ` | ${pairs} pairs compared with pgr_dijkstraCost, max |Δ| ${maxDiff.toExponential(1)} s`,
    );
  }
} finally {
  await db.close();
}
