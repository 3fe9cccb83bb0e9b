/**
 * npm run bench:analytics — cost of the analytics summary over a year of a county's runs (aggregation and
 * percentiles in SQL) next to a baseline that fetches the same run rows and aggregates them in JavaScript with
 * the domain functions, in the same run on the same database; and the cost of an incident replay and of a
 * county-wide hour replay. Uses DATABASE_URL when set, else the embedded PGlite.
 * Options: BENCH_INCIDENTS (default 36500 — 100 calls a day for a year), BENCH_ITERATIONS (default 10).
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createCore } from '../src/core.ts';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_DEFINITIONS, INTERVAL_NAMES, intervalStats, shanghaiDay } from '../src/domain/analytics.ts';
import { fmt, summarize } from './stats.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 36_500);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10);
const FROM = new Date('2025-01-01T00:00:00+08:00');
const TO = new Date(FROM.getTime() + 366 * 86_400_000);
const UNITS = 30;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const core = createCore(db, loadConfig({}), (err) => console.error(err));
  console.log(
    `bench:analytics on ${testEngine()} (${db.description}); ${INCIDENTS} incidents, ${ITERATIONS} iterations`,
  );
  try {
    await db.query(
      `INSERT INTO units (code, call_sign, kind, capabilities, status)
       SELECT 'bench-' || i, 'B' || i, 'basic_ambulance', ARRAY['bls'], 'available' FROM generate_series(1, $1::int) i`,
      [UNITS],
    );
    const t0 = performance.now();
    // Calls spread over the year; every incident gets a run with plausible, randomised stamps.
    await db.query(
      `INSERT INTO incidents (status, priority, complaint, geom, call_received_at, created_at, first_dispatched_at, closed_at)
       SELECT 'closed', 1 + i % 4, 'bench', ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326), c, c, c + make_interval(secs => 20 + i % 60),
              c + interval '1 hour'
       FROM (SELECT i, $1::timestamptz + (i * ($2::float8 / $3::int)) * interval '1 second' AS c
             FROM generate_series(1, $3::int) i) s`,
      [FROM, (TO.getTime() - FROM.getTime()) / 1000, INCIDENTS],
    );
    await db.query(
      `INSERT INTO assignments (incident_id, unit_id, status, assigned_at, en_route_at, on_scene_at, ended_at, outcome)
       SELECT i.id, (SELECT min(id) FROM units) + i.id % $1::int, 'completed', d, d + make_interval(secs => 30 + (i.id * 7) % 240),
              d + make_interval(secs => 300 + (i.id * 13) % 1200), d + interval '50 minutes',
              (ARRAY['transported','transported','transported','transported','declined','gone_on_arrival','deceased'])[1 + i.id % 7]
       FROM (SELECT id, first_dispatched_at AS d FROM incidents) i`,
      [UNITS],
    );
    await db.query('ANALYZE incidents');
    await db.query('ANALYZE assignments');
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const range = { from: FROM, to: TO };
    const sql = summarize(await time(() => core.analytics.summary(range, 'day', DEFAULT_DEFINITIONS)));
    // Baseline: the same run rows to the application, grouped and aggregated there.
    const js = summarize(
      await time(async () => {
        const runs = await core.analytics.runs(range, DEFAULT_DEFINITIONS);
        const byDay = new Map<string, typeof runs>();
        for (const r of runs) {
          const day = shanghaiDay(r.stamps.callReceived!);
          let list = byDay.get(day);
          if (!list) byDay.set(day, (list = []));
          list.push(r);
        }
        for (const list of byDay.values()) {
          const responding = list.filter((r) => r.responding);
          for (const n of INTERVAL_NAMES) {
            intervalStats(
              responding.map((r) => r.intervals[n]),
              DEFAULT_DEFINITIONS[n].targetSeconds,
            );
          }
        }
      }),
    );
    const csv = summarize(await time(() => core.analytics.runs(range, DEFAULT_DEFINITIONS)));

    // Replay: one unit reporting every 5 s for a day around one incident, and 30 units for the county hour.
    const { rows } = await db.query<{ id: number; unit_id: number; assigned_at: Date }>(
      `SELECT incident_id AS id, unit_id, assigned_at FROM assignments ORDER BY id DESC LIMIT 1`,
    );
    const run = rows[0]!;
    const hourFrom = new Date(run.assigned_at.getTime() - 30 * 60_000);
    await db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source)
       SELECT u.id, $1::timestamptz + make_interval(secs => s), ST_SetSRID(ST_MakePoint(119.6 + s / 1e5, 32.0), 4326), 'bench'
       FROM units u, generate_series(0, 3595, 5) s WHERE u.code LIKE 'bench-%'
       ON CONFLICT DO NOTHING`,
      [hourFrom],
    );
    const incident = summarize(await time(() => core.replay.incident(run.id)));
    const county = summarize(
      await time(() =>
        core.replay.county(hourFrom.toISOString(), new Date(hourFrom.getTime() + 3_600_000).toISOString()),
      ),
    );

    const line = (name: string, s: ReturnType<typeof summarize>) => `| ${name} | ${fmt(s.p50)} | ${fmt(s.max)} |`;
    console.log('');
    console.log('| operation | p50 | max |');
    console.log('| --- | --- | --- |');
    console.log(line(`summary by day, ${INCIDENTS} incidents (SQL percentile_cont)`, sql));
    console.log(line('baseline: same rows aggregated in JS', js));
    console.log(line('runs for the CSV (all rows)', csv));
    console.log(line('incident replay (1 run)', incident));
    console.log(line(`county replay, 1 h, ${UNITS} units × 720 fixes`, county));
    console.log('');
    console.log(`SQL summary vs JS baseline: ${(js.p50 / sql.p50).toFixed(1)}× faster (p50 ratio)`);
  } finally {
    await db.close();
  }
}

await main();
