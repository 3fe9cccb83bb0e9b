/**
 * npm run bench:ingest — positions/s acknowledged AND durable for single-position HTTP (OsmAnd), batched JSON
 * and JT/T 808 frames, and p99 position → console WebSocket latency with 100 consoles subscribed, against a
 * real server (DATABASE_URL → PostgreSQL/PostGIS, else the embedded PGlite). Load comes from worker threads.
 * Options: BENCH_SECONDS (default 8), BENCH_UNITS (default 1000).
 */
import { Worker } from 'node:worker_threads';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { startServer } from '../../dispatch-core/src/server.ts';
import { loadConfig } from '../../dispatch-core/src/config.ts';
import { hashDeviceSecret } from '../src/pipeline/credentials.ts';
import { BENCH_OSMAND_TOKEN } from './bench-token.ts';
import type { LoadJob, LoadResult } from './load-worker.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const UNITS = Number(process.env.BENCH_UNITS ?? 1000);

function startWorker(job: LoadJob, onReady?: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./load-worker-entry.mjs', import.meta.url), { workerData: job });
    w.on('message', (m: { ready?: boolean; result?: LoadResult }) => {
      if (m.ready) onReady?.();
      if (m.result) resolve(m.result);
    });
    w.on('error', reject);
  });
}

function p(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

const db = await createTestDatabase();
await db.query(`INSERT INTO regions (code, name, geom)
  VALUES ('b', 'bench', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 0.6)))`);
await db.query(
  `INSERT INTO units (code, call_sign, kind, capabilities) SELECT 'bench-' || i, 'B' || i, 'basic_ambulance', ARRAY['bls']
   FROM generate_series(0, $1::int - 1) AS i`,
  [UNITS],
);
await db.query(
  // A Traccar Client credential needs a token (migration 0007): every bench phone sends BENCH_OSMAND_TOKEN.
  `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash)
   SELECT u.id, d.protocol, CASE d.protocol WHEN 'osmand' THEN 'bench-os-' WHEN 'json' THEN 'bench-js-' ELSE '139' END ||
          CASE d.protocol WHEN 'jt808' THEN lpad((substr(u.code, 7))::text, 8, '0') ELSE substr(u.code, 7) END,
          CASE d.protocol WHEN 'osmand' THEN $1 END
   FROM units u CROSS JOIN (VALUES ('osmand'), ('json'), ('jt808')) AS d(protocol) WHERE u.code LIKE 'bench-%'`,
  [hashDeviceSecret(BENCH_OSMAND_TOKEN)],
);
const server = await startServer(
  db,
  loadConfig(
    {},
    { port: 0, logLevel: 'warn', positionTickMs: 25, staleAfterSeconds: 86_400, httpRateLimitPerMinute: 0 },
  ),
  () => {},
  {
    ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' },
    // The load generators send far faster per device and per connection than any real unit: flood guards off.
    config: { pipeline: { deviceMaxFixesPerSecond: 0 }, jt808: { maxFramesPerSecond: 0 } },
  },
);
const count = async () => (await db.query<{ n: number }>('SELECT count(*) AS n FROM positions')).rows[0]?.n ?? 0;

console.log(`bench:ingest on ${testEngine()} (${db.description}); ${UNITS} units, ${SECONDS} s per phase`);
const base = Date.now() - 6 * 3600_000;
const phases: [string, LoadJob, number][] = [
  [
    'single-position HTTP (OsmAnd)',
    { kind: 'osmand', port: server.devices.osmandPort!, seconds: SECONDS, concurrency: 64, units: UNITS, baseMs: base },
    10_000,
  ],
  [
    'batched JSON (500/request)',
    {
      kind: 'json',
      url: server.url,
      seconds: SECONDS,
      concurrency: 4,
      batch: 500,
      units: UNITS,
      baseMs: base + 3600_000,
    },
    25_000,
  ],
  [
    'JT/T 808 frames (100 terminals)',
    { kind: 'jt808', port: server.devices.jt808Port!, seconds: SECONDS, terminals: 100, window: 32, baseMs: base },
    10_000,
  ],
];
try {
  for (const [name, job, target] of phases) {
    const before = await count();
    const t0 = Date.now();
    const r = await startWorker(job);
    await server.app.core.ingest.flush();
    const elapsed = (Date.now() - t0) / 1000;
    const stored = (await count()) - before;
    const rate = stored / elapsed;
    console.log(
      `${name}: ${Math.round(r.acked / SECONDS)}/s acknowledged, ${Math.round(rate)}/s durable ` +
        `(${stored} stored, ${r.errors} errors) — target ≥ ${target}/s: ${rate >= target ? 'met' : 'NOT met'}`,
    );
  }
  // Latency: 100 consoles listening while live fixes arrive at a steady 2,000/s.
  let ready: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => (ready = resolve));
  const consoles = startWorker({ kind: 'consoles', url: server.url, seconds: SECONDS + 2, consoles: 100 }, () =>
    ready(),
  );
  await subscribed;
  const sender = await startWorker({
    kind: 'live',
    url: server.url,
    seconds: SECONDS,
    ratePerSecond: 2000,
    units: UNITS,
  });
  const c = await consoles;
  const l = c.latenciesMs ?? [];
  console.log(
    `position → console WebSocket (100 consoles, ${Math.round(sender.acked / SECONDS)}/s live): ` +
      `p50 ${p(l, 0.5)} ms, p99 ${p(l, 0.99)} ms over ${l.length} deliveries — target p99 ≤ 50 ms: ${p(l, 0.99) <= 50 ? 'met' : 'NOT met'}`,
  );
} finally {
  await server.close();
  await db.close();
}
