/**
 * npm run bench:assign — the dispatcher's loop, server side: p50/p99 of create → recommend → assign nearest →
 * cancel (and the whole loop) at 1,000 and 10,000 units, with the straight-line model and with a real road
 * network loaded (the shipped Monaco extract; fleet and scenes move there), next to the bare PostGIS KNN + lock
 * transaction measured in the same run, while ANOTHER PROCESS feeds positions through the real position writer
 * (load-tests/ingest/db-feeder.ts, default 2,000 positions/s). Prints PASS/FAIL per budget (../shared/DESIGN.md):
 * assign p99 ≤ 5 ms @1k, ≤ 8 ms @10k, ≤ 2× bare p99; ≤ 10 ms with the road network.
 * Uses DATABASE_URL when set (the meaningful number: real PostGIS; the feeder needs it), else the embedded PGlite.
 * Options: BENCH_ITERATIONS (default 300), BENCH_SIZES ("1000,10000"), BENCH_MODES ("straight,roads"),
 * BENCH_FEED_RATE (positions/s, default 2000; 0 = no feeder), BENCH_STRICT=1 (exit 1 on a FAIL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { importRoads } from '@c120/db/roads';
import type { Database } from '@c120/db';
import { createCore } from '../src/core.ts';
import { HotTableVacuum } from '../src/services/hot-vacuum.ts';
import { loadConfig } from '../src/config.ts';
import { fmt, summarize } from './stats.ts';
import { mulberry32 } from '@c120/shared/random';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 20;
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const MODES = (process.env.BENCH_MODES ?? 'straight,roads').split(',') as ('straight' | 'roads')[];
const FEED_RATE = Number(process.env.BENCH_FEED_RATE ?? 2000);
const STRICT = process.env.BENCH_STRICT === '1';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MONACO = fileURLToPath(new URL('../../db/roads/data/monaco.osm.pbf', import.meta.url));
// Danyang's bounding box, roughly; Monaco's, where the shipped road extract lies.
const BOXES = {
  straight: { w: 119.35, e: 119.85, s: 31.75, n: 32.15 },
  roads: { w: 7.409, e: 7.439, s: 43.725, n: 43.751 },
};
type Box = (typeof BOXES)['straight'];

/** Grows the bench fleet to `n` units, all available, spread over `box`. */
async function loadFleet(db: Database, n: number, box: Box): Promise<void> {
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
    [box.w, box.e, box.s, box.n, n, have],
  );
  await db.query('ANALYZE units');
}

/** Moves the whole bench fleet into `box` (the road network's area). */
async function moveFleet(db: Database, box: Box): Promise<void> {
  await db.query(
    // Rows locked in id order, as the position writer does: the feeder keeps running meanwhile.
    `UPDATE units u SET position = ST_SetSRID(ST_MakePoint($1::float8 + random() * ($2::float8 - $1::float8),
       $3::float8 + random() * ($4::float8 - $3::float8)), 4326), fix_at = now()
     FROM (SELECT id FROM units WHERE code LIKE 'bench-%' ORDER BY id FOR UPDATE) AS s WHERE u.id = s.id`,
    [box.w, box.e, box.s, box.n],
  );
  await db.query('ANALYZE units');
}

async function resetBare(db: Database, unitId: number | undefined): Promise<void> {
  if (unitId !== undefined) await db.query(`UPDATE units SET status = 'available' WHERE id = $1`, [unitId]);
}

/** The feeder process (real PostgreSQL only: PGlite is one connection inside this process). */
function startFeeder(db: Database, dbName: string): ChildProcess | null {
  if (FEED_RATE <= 0 || db.engine !== 'postgres' || !process.env.DATABASE_URL) return null;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${dbName}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'load-tests/ingest/db-feeder.ts'], {
    cwd: ROOT,
    env: { ...process.env, FEED_DATABASE_URL: url.toString(), FEED_RATE: String(FEED_RATE) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.on('exit', (code) => {
    if (!stoppingFeeder) {
      feederLines.push(`feeder DIED (exit ${code}): rows measured after this had no position load`);
      console.log(feederLines.at(-1));
    }
  });
  child.stdout?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) feederLines.push(line.trim());
  });
  return child;
}
const feederLines: string[] = [];
let stoppingFeeder = false;

interface Verdict {
  ok: boolean;
  text: string;
}
const verdicts: Verdict[] = [];
function budget(ok: boolean, text: string): void {
  verdicts.push({ ok, text });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ namePrefix: 'c120_bench_assign', poolSize: 10 });
  const core = createCore(db, loadConfig({}), (err) => console.error(err));
  await core.eta.reload();
  const next = mulberry32(120);
  const dbName = (await db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
  console.log(
    `bench:assign on ${testEngine()} (${db.description}); ${ITERATIONS} iterations per row (+${WARMUP} warm-up); ` +
      `${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  // Grow the fleet once before the feeder starts, so it has units to move.
  await loadFleet(db, SIZES[0] ?? 1000, BOXES[MODES[0] ?? 'straight']);
  const feeder = startFeeder(db, dbName);
  // As a running core does: the tables the feeder and the loop rewrite are vacuumed between autovacuum's visits
  // (services/hot-vacuum.ts). The bare transaction below runs on the same tables, so both see the same state.
  const vacuum = new HotTableVacuum(db, loadConfig({}).hotVacuumIntervalMs, (err) => console.error(err));
  vacuum.start();
  console.log(
    feeder
      ? `position feeder: another process, ${FEED_RATE} positions/s through the real position writer`
      : 'position feeder: none (needs DATABASE_URL; BENCH_FEED_RATE=0 turns it off)',
  );
  const release = (tx: Parameters<Parameters<typeof core.incidents.cancel>[3]>[0], id: number, reason: string) =>
    core.assignments.releaseAll(tx, id, reason, null);
  try {
    for (const mode of MODES) {
      const box = BOXES[mode];
      if (mode === 'roads') {
        const imported = await importRoads(db, MONACO, 'monaco.osm.pbf');
        await moveFleet(db, box);
        await core.eta.reload();
        console.log(
          `road network: Monaco extract, ${imported.nodes} nodes, ${imported.edges} edges; ETA model ${core.eta.name}` +
            ` (network in use: ${core.eta.usesNetwork})`,
        );
      } else {
        await moveFleet(db, box);
      }
      const point = () => ({ lon: box.w + next() * (box.e - box.w), lat: box.s + next() * (box.n - box.s) });
      for (const size of SIZES) {
        await loadFleet(db, size, box);
        const s = { bare: [] as number[], create: [] as number[], recommend: [] as number[] };
        const t = { assign: [] as number[], cancel: [] as number[], loop: [] as number[] };
        for (let i = 0; i < ITERATIONS + WARMUP; i++) {
          const p = point();
          // Baseline: the bare KNN shortlist + lock + status change, in one transaction.
          let t0 = performance.now();
          const bareUnit = await db.transaction(async (tx) => {
            const { rows } = await tx.query<{ id: number }>(
              `SELECT id FROM units WHERE status = 'available' AND position IS NOT NULL AND capabilities @> $3::text[]
               ORDER BY position <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 1 FOR UPDATE SKIP LOCKED`,
              [p.lon, p.lat, ['bls']],
            );
            await tx.query(`UPDATE units SET status = 'dispatched' WHERE id = $1 AND status = 'available'`, [
              rows[0]?.id,
            ]);
            return rows[0]?.id;
          });
          const bareMs = performance.now() - t0;
          await resetBare(db, bareUnit);
          // The loop, step by step, as the console does it.
          t0 = performance.now();
          const incident = await core.incidents.create({ location: p, complaint: 'bench', priority: 2 }, null);
          const t1 = performance.now();
          await core.recommendations.forIncident(db, incident.id, 10, true);
          const t2 = performance.now();
          await core.assignments.assign(incident.id, { unitId: 'nearest' }, undefined, null);
          const t3 = performance.now();
          await core.incidents.cancel(incident.id, 'bench', null, release);
          const t4 = performance.now();
          if (i >= WARMUP) {
            s.bare.push(bareMs);
            s.create.push(t1 - t0);
            s.recommend.push(t2 - t1);
            t.assign.push(t3 - t2);
            t.cancel.push(t4 - t3);
            t.loop.push(t4 - t0);
          }
        }
        const r = Object.fromEntries(Object.entries({ ...s, ...t }).map(([k, v]) => [k, summarize(v)])) as Record<
          keyof typeof s | keyof typeof t,
          ReturnType<typeof summarize>
        >;
        const row = (k: keyof typeof r) => `${k} p50 ${fmt(r[k].p50)} p99 ${fmt(r[k].p99)}`;
        console.log(
          `${mode} ${size} units: ${row('create')} | ${row('recommend')} | ${row('assign')} | ${row('cancel')} | ` +
            `${row('loop')} | bare KNN+lock ${row('bare').slice(5)} | assign/bare p99 ${(r.assign.p99 / r.bare.p99).toFixed(2)}×`,
        );
        const limit = mode === 'roads' ? 10 : size >= 10_000 ? 8 : 5;
        budget(r.assign.p99 <= limit, `${mode} ${size} units: assign p99 ${fmt(r.assign.p99)} ≤ ${limit} ms`);
        budget(
          r.assign.p99 <= 2 * r.bare.p99,
          `${mode} ${size} units: assign p99 ${fmt(r.assign.p99)} ≤ 2× bare p99 ${fmt(r.bare.p99)}`,
        );
        if (feederLines.length) console.log(`  ${feederLines.at(-1)}`);
      }
    }
  } finally {
    // The core's watchers read the database on timers: stop them before the pool closes.
    await core.stop();
    await vacuum.stop();
    if (feeder) {
      const done = new Promise((r) => feeder.once('exit', r));
      stoppingFeeder = true;
      feeder.kill('SIGTERM');
      await done;
      console.log(feederLines.at(-1) ?? 'feeder: no report');
    }
    await db.close();
  }
  const failed = verdicts.filter((v) => !v.ok).length;
  console.log(
    `bench:assign: ${verdicts.length - failed} PASS, ${failed} FAIL` +
      ` (load now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
  if (STRICT && failed > 0) process.exitCode = 1;
}

await main();
