/**
 * npx tsx dispatch-core/bench/service-area.ts — cost of the incident service-area check (point within the
 * county boundary + margin) on the demo county's real boundary, next to a bare `SELECT 1` round trip and to the
 * whole incident creation (service call) measured in the same run. Uses DATABASE_URL when set, else PGlite.
 * Options: BENCH_ITERATIONS (default 300).
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createCore } from '../src/core.ts';
import { loadConfig } from '../src/config.ts';
import { metresOutsideServiceArea } from '../src/repositories/service-area.ts';
import { fmt, summarize } from './stats.ts';
import { mulberry32 } from '@c120/shared/random';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const BOX = { w: 119.35, e: 119.85, s: 31.75, n: 32.15 };

const db = await createTestDatabase({ seed: true });
const core = createCore(db, loadConfig({}), (err) => console.error(err));
const next = mulberry32(120);
const point = () => ({ lon: BOX.w + next() * (BOX.e - BOX.w), lat: BOX.s + next() * (BOX.n - BOX.s) });

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ITERATIONS + 20; i++) {
    const t = performance.now();
    await fn();
    if (i >= 20) out.push(performance.now() - t);
  }
  return out;
}

try {
  const { rows } = await db.query<{ n: number }>('SELECT sum(ST_NPoints(geom)) AS n FROM regions');
  console.log(`bench:service-area on ${testEngine()} (${db.description}); boundary of ${rows[0]?.n} vertices`);
  const runs: [string, number[]][] = [
    ['SELECT 1 (round trip)', await time(() => db.query('SELECT 1'))],
    [
      'check, point in the county box',
      await time(() => metresOutsideServiceArea(db, point().lon, point().lat, 20_000)),
    ],
    ['check, point 100 km away (refused)', await time(() => metresOutsideServiceArea(db, 121, 31, 20_000))],
    [
      'create incident (service call, check included)',
      await time(() => core.incidents.create({ location: point(), complaint: 'bench', priority: 3 }, null)),
    ],
  ];
  const base = summarize(runs[0]![1]).p50;
  for (const [name, samples] of runs) {
    const s = summarize(samples);
    console.log(
      `${name.padEnd(48)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  (${(s.p50 / base).toFixed(1)}× SELECT 1)`,
    );
  }
} finally {
  await db.close();
}
