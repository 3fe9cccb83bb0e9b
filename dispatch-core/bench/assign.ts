/**
 * npm run bench:assign — server-side latency of "assign the nearest capable unit" at 1,000 and 10,000 units,
 * next to the bare PostGIS KNN + lock transaction measured in the same run on the same database.
 * Uses DATABASE_URL when set (the meaningful number: real PostGIS), else the embedded PGlite.
 * Options: BENCH_ITERATIONS (default 300), BENCH_SIZES (default "1000,10000").
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { Database } from '@c120/db';
import { createCore } from '../src/core.ts';
import { loadConfig } from '../src/config.ts';
import { fmt, summarize } from './stats.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
// Danyang's bounding box, roughly.
const BOX = { w: 119.35, e: 119.85, s: 31.75, n: 32.15 };

function rand(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Grows the bench fleet to `n` units (sizes run in increasing order on one database). */
async function loadFleet(db: Database, n: number): Promise<void> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM units WHERE code LIKE 'bench-%'`);
  const have = rows[0]?.n ?? 0;
  await db.query(
    `INSERT INTO units (code, call_sign, kind, capabilities, status, position, fix_at)
     SELECT 'bench-' || i, 'B' || i,
            CASE WHEN i % 3 = 0 THEN 'negative_pressure_ambulance' WHEN i % 3 = 1 THEN 'monitoring_ambulance'
                 ELSE 'basic_ambulance' END,
            CASE WHEN i % 3 = 0 THEN ARRAY['bls', 'negative_pressure'] WHEN i % 3 = 1 THEN ARRAY['als', 'bls']
                 ELSE ARRAY['bls'] END,
            'available',
            ST_SetSRID(ST_MakePoint($1::float8 + random() * ($2::float8 - $1::float8), $3::float8 + random() * ($4::float8 - $3::float8)), 4326), now()
     FROM generate_series($6::int + 1, $5::int) AS i`,
    [BOX.w, BOX.e, BOX.s, BOX.n, n, have],
  );
  await db.query('ANALYZE units');
}

async function reset(db: Database): Promise<void> {
  await db.query(`UPDATE assignments SET status = 'completed', ended_at = now() WHERE status = 'active'`);
  await db.query(`UPDATE units SET status = 'available' WHERE status <> 'available'`);
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const core = createCore(db, loadConfig({}), (err) => console.error(err));
  const next = rand(120);
  const point = () => ({ lon: BOX.w + next() * (BOX.e - BOX.w), lat: BOX.s + next() * (BOX.n - BOX.s) });
  console.log(`bench:assign on ${testEngine()} (${db.description}); ${ITERATIONS} iterations per size`);
  const lines: string[] = [];
  try {
    for (const size of SIZES) {
      await loadFleet(db, size);
      const bare: number[] = [];
      const full: number[] = [];
      for (let i = 0; i < ITERATIONS + 20; i++) {
        const p = point();
        // Baseline: the bare KNN shortlist + lock + status change, in one transaction.
        let t0 = performance.now();
        await db.transaction(async (tx) => {
          const { rows } = await tx.query<{ id: number }>(
            `SELECT id FROM units WHERE status = 'available' AND position IS NOT NULL AND capabilities @> $3::text[]
             ORDER BY position <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [p.lon, p.lat, ['bls']],
          );
          await tx.query(`UPDATE units SET status = 'dispatched' WHERE id = $1 AND status = 'available'`, [
            rows[0]?.id,
          ]);
        });
        const bareMs = performance.now() - t0;
        await reset(db);
        // The real thing: recommendation (KNN + ETA re-rank), locks, assignment row, status log, event.
        const incident = await core.incidents.create({ location: p, complaint: 'bench', priority: 2 }, null);
        t0 = performance.now();
        await core.assignments.assign(incident.id, { unitId: 'nearest' }, undefined, null);
        const fullMs = performance.now() - t0;
        await reset(db);
        if (i >= 20) {
          bare.push(bareMs);
          full.push(fullMs);
        }
      }
      const b = summarize(bare);
      const f = summarize(full);
      lines.push(
        `${size} units: assign p50 ${fmt(f.p50)} p99 ${fmt(f.p99)} | bare KNN+lock p50 ${fmt(b.p50)} p99 ${fmt(b.p99)}` +
          ` | ratio p99 ${(f.p99 / b.p99).toFixed(2)}× (target ≤ 3×; p99 ≤ ${size >= 10_000 ? 8 : 5} ms)`,
      );
      console.log(lines[lines.length - 1]);
    }
  } finally {
    await db.close();
  }
}

await main();
