/**
 * npm run bench:ingest — positions/s acknowledged AND durable for single-position HTTP (OsmAnd), batched JSON
 * and JT/T 808 frames; position → console WebSocket latency with 100 and 1,000 consoles; memory and scale
 * figures. Against a real server in this process (DATABASE_URL → PostgreSQL/PostGIS, else the embedded PGlite),
 * pinned to BENCH_SERVER_CPUS; every load generator is a process of its own pinned to BENCH_LOAD_CPUS.
 *
 * Every row is checked, not only printed: a row that measures zero, has errors other than back-pressure, stores
 * fewer (or more) positions than were acknowledged, or leaves a console without frames is a FAILURE, and the
 * process exits 1. Budget rows say met / NOT met (that does not fail the run; the smoke has no budget).
 *
 * Options (environment): BENCH_SECONDS (8) per row; BENCH_UNITS (1000); BENCH_SMOKE=1 (2 s rows at small rates,
 * for CI); BENCH_ROWS (comma list of osmand,json,jt808,fanout100,fanout1000,scale,ramp; default all, smoke:
 * the first five); BENCH_SERVER_CPUS ("0"), BENCH_LOAD_CPUS ("1") — taskset lists, "" to not pin;
 * BENCH_DB_PREFIX (c120_bench) for the PostgreSQL database it creates and drops.
 */
import os from 'node:os';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { startServer } from '@c120/dispatch-core';
import { loadConfig } from '@c120/dispatch-core';
import { hashDeviceSecret } from '@c120/gps-ingest';
import { BENCH_TOKEN } from './bench-token.ts';
import { Histogram } from './histogram.ts';
import type { LoadJob, LoadResult } from './load-types.ts';
import { pin, startLoad } from './spawn-load.ts';

const SMOKE = process.env.BENCH_SMOKE === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SMOKE ? 2 : 8));
const UNITS = Number(process.env.BENCH_UNITS ?? (SMOKE ? 200 : 1000));
const SCALE_UNITS = [1000, 3000, 10_000];
const ALL_ROWS = ['osmand', 'json', 'jt808', 'fanout100', 'fanout1000', 'scale', 'ramp'];
const ROWS = new Set(
  (process.env.BENCH_ROWS ?? (SMOKE ? ALL_ROWS.slice(0, 5).join() : ALL_ROWS.join())).split(',').filter(Boolean),
);
const cpuList = (name: string, fallback: string) => {
  const v = process.env[name] ?? fallback;
  return v === '' || os.cpus().length < 2 ? null : v;
};
const SERVER_CPUS = cpuList('BENCH_SERVER_CPUS', '0');
const LOAD_CPUS = cpuList('BENCH_LOAD_CPUS', '1');
const MAX_UNITS = ROWS.has('scale') || ROWS.has('ramp') ? Math.max(UNITS, ...SCALE_UNITS) : UNITS;

const failures: string[] = [];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Server-side figures over one row: CPU of this process (100 = one core) and its largest RSS. */
function serverMeter() {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  let rss = process.memoryUsage().rss;
  const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 200);
  return () => {
    clearInterval(timer);
    const c = process.cpuUsage(cpu0);
    const cpu = Math.round((100 * (c.user + c.system)) / ((Date.now() - t0) * 1000));
    return { cpu, rssMb: Math.round(Math.max(rss, process.memoryUsage().rss) / 2 ** 20) };
  };
}

function check(row: string, problems: string[]): string {
  for (const p of problems) failures.push(`${row}: ${p}`);
  return problems.length ? ` — FAILED: ${problems.join('; ')}` : '';
}

function errorProblems(r: LoadResult, what: string): string[] {
  const out: string[] = [];
  if (r.errors > 0) out.push(`${r.errors} ${what} errors (${JSON.stringify(r.errorKinds)})`);
  // Small rates never fill the buffer: back-pressure in the smoke is a fault, in a full run it is the limit.
  if (SMOKE && r.refused > 0) out.push(`${r.refused} ${what} positions refused (buffer full) at a small rate`);
  return out;
}

if (SERVER_CPUS) pin(process.pid, SERVER_CPUS);
const db = await createTestDatabase({ namePrefix: process.env.BENCH_DB_PREFIX ?? 'c120_bench', poolSize: 10 });
await db.query(`INSERT INTO regions (code, name, geom)
  VALUES ('b', 'bench', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 0.6)))`);
await db.query(
  `INSERT INTO units (code, call_sign, kind, capabilities) SELECT 'bench-' || i, 'B' || i, 'basic_ambulance', ARRAY['bls']
   FROM generate_series(0, $1::int - 1) AS i`,
  [MAX_UNITS],
);
await db.query(
  // HTTP devices need their token (migration 0007): every bench Traccar Client and JSON device sends BENCH_TOKEN.
  `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash)
   SELECT u.id, d.protocol, CASE d.protocol WHEN 'osmand' THEN 'bench-os-' WHEN 'json' THEN 'bench-js-' ELSE '139' END ||
          CASE d.protocol WHEN 'jt808' THEN lpad((substr(u.code, 7))::text, 8, '0') ELSE substr(u.code, 7) END,
          CASE WHEN d.protocol IN ('osmand', 'json') THEN $1 END
   FROM units u CROSS JOIN (VALUES ('osmand'), ('json'), ('jt808')) AS d(protocol) WHERE u.code LIKE 'bench-%'`,
  [hashDeviceSecret(BENCH_TOKEN)],
);
// The consoles' sign-in: a dispatcher (no password: it cannot use the login route) with a session minted here.
const { rows: users } = await db.query<{ id: number }>(
  `INSERT INTO users (username, display_name, password_hash, role) VALUES ('bench-console', '压测调度台', '!', 'dispatcher')
   RETURNING id`,
);
const server = await startServer(
  db,
  loadConfig(
    // Settings a bench run may vary (README's table); everything else is the product's default.
    { POSITION_TICK_MS: process.env.POSITION_TICK_MS, COVERAGE_INTERVAL_MS: process.env.COVERAGE_INTERVAL_MS },
    { port: 0, logLevel: 'warn', staleAfterSeconds: 86_400, httpRateLimitPerMinute: 0 },
  ),
  () => {},
  {
    ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' },
    // The load generators send far faster per device and per connection than any real unit: flood guards off.
    config: {
      pipeline: { deviceMaxFixesPerSecond: 0 },
      jt808: { maxFramesPerSecond: 0 },
      ...(process.env.INGEST_WRITER_MAX_BATCH
        ? { writer: { maxBatch: Number(process.env.INGEST_WRITER_MAX_BATCH) } }
        : {}),
    },
  },
);
const session = await server.app.core.auth.openSession(Number(users[0]!.id));
// Round trips the server makes (statements outside a transaction, and transactions): a count the machine's load
// does not change, so a fix that removes a query per request shows even when the rates are noise.
const trips = { queries: 0, transactions: 0 };
const query = db.query.bind(db);
const transaction = db.transaction.bind(db);
db.query = ((text: string, params?: readonly unknown[]) => {
  trips.queries++;
  return query(text, params);
}) as typeof db.query;
db.transaction = (<T>(fn: Parameters<typeof transaction<T>>[0]) => {
  trips.transactions++;
  return transaction(fn);
}) as typeof db.transaction;
const count = async () => Number((await query<{ n: number }>('SELECT count(*) AS n FROM positions')).rows[0]?.n);
/** Statements outside transactions and transactions, per 1,000 positions, since `from`. */
const tripsSince = (from: typeof trips, positions: number) => {
  const per = (n: number) => (positions > 0 ? ((1000 * n) / positions).toFixed(1) : '–');
  return `DB ${per(trips.queries - from.queries)} statements + ${per(trips.transactions - from.transactions)} transactions per 1,000 positions`;
};

console.log(
  `bench:ingest on ${testEngine()} (${db.description}); ${UNITS} units, ${SECONDS} s per row${SMOKE ? ', SMOKE (small rates)' : ''}; ` +
    `server on CPU ${SERVER_CPUS ?? 'any'}, load generators on CPU ${LOAD_CPUS ?? 'any'} (own processes), PostgreSQL unpinned`,
);

let base = Date.now() - 12 * 3600_000;
/** A throughput row: one load process, then everything flushed; acknowledged must equal stored. */
async function throughput(name: string, job: LoadJob, target: number | null): Promise<void> {
  const before = await count();
  const trips0 = { ...trips };
  const meter = serverMeter();
  const t0 = Date.now();
  const r = await startLoad(job, LOAD_CPUS).result;
  await server.app.core.ingest.flush();
  const elapsed = (Date.now() - t0) / 1000;
  const m = meter();
  const stored = (await count()) - before;
  const rate = stored / elapsed;
  const problems = errorProblems(r, name);
  if (r.acked === 0 || stored === 0) problems.push('measured zero: nothing acknowledged or stored');
  if (stored < r.acked) problems.push(`lost ${r.acked - stored} acknowledged positions`);
  if (stored > r.acked) problems.push(`stored ${stored - r.acked} more than acknowledged (unanswered requests?)`);
  const verdict = target === null || SMOKE ? '' : ` — target ≥ ${target}/s: ${rate >= target ? 'met' : 'NOT met'}`;
  console.log(
    `${name}: ${Math.round(r.acked / job.seconds)}/s acknowledged, ${Math.round(rate)}/s durable ` +
      `(${stored} stored of ${r.acked} acknowledged, ${r.refused} refused as back-pressure, ${r.errors} errors; ` +
      `${tripsSince(trips0, stored)}; server CPU ${m.cpu}%, RSS ${m.rssMb} MB; generator CPU ${r.cpuPercent}%; load ${load()})` +
      verdict +
      check(name, problems),
  );
}

/** A fan-out row: consoles subscribe (own process), then a live sender (own process) posts fixes stamped now. */
async function fanout(
  consoles: number,
  rate: number,
  units: number,
  budgetMs: number | null,
  label = '',
): Promise<void> {
  const name = `position → console WebSocket (${consoles} consoles, ${rate}/s offered, ${units} units${label})`;
  const listening = startLoad(
    { kind: 'consoles', url: server.url, token: session.token, consoles, seconds: SECONDS + 60 },
    LOAD_CPUS,
  );
  await listening.ready;
  const trips0 = { ...trips };
  const meter = serverMeter();
  const sender = await startLoad(
    { kind: 'live', url: server.url, token: BENCH_TOKEN, seconds: SECONDS, ratePerSecond: rate, units },
    LOAD_CPUS,
  ).result;
  // The sender's last fixes: durable, then out with the next ticks, then on the consoles' sockets.
  await server.app.core.ingest.flush();
  await new Promise((resolve) => setTimeout(resolve, 500));
  listening.stop();
  const c = await listening.result;
  const m = meter();
  const h = Histogram.fromPairs(c.latency ?? []);
  const problems = [...errorProblems(sender, 'sender'), ...errorProblems(c, 'console')];
  if (sender.acked === 0) problems.push('measured zero: no live fix accepted');
  if (h.total === 0) problems.push('measured zero: no fix reached a console');
  const silent = (c.frames ?? []).filter((n) => n === 0).length;
  if (silent > 0) problems.push(`${silent} of ${consoles} consoles received no frame`);
  const share = sender.acked ? (c.fixesDelivered ?? 0) / (sender.acked * consoles) : 0;
  const p99 = h.quantile(0.99);
  const verdict =
    budgetMs === null || SMOKE ? '' : ` — target p99 ≤ ${budgetMs} ms: ${p99 <= budgetMs ? 'met' : 'NOT met'}`;
  console.log(
    `${name}: ${Math.round(sender.acked / SECONDS)}/s accepted; p50 ${h.quantile(0.5)} ms, p99 ${p99} ms, ` +
      `max ${h.quantile(1)} ms over ${h.total} deliveries (${(100 * share).toFixed(1)}% of accepted × consoles; ` +
      `${tripsSince(trips0, sender.acked)}; server CPU ${m.cpu}%, RSS ${m.rssMb} MB; ` +
      `consoles process CPU ${c.cpuPercent}%, sender CPU ${sender.cpuPercent}%; load ${load()})` +
      verdict +
      check(name, problems),
  );
}

const small = (rate: number) => (SMOKE ? { rate } : {});
try {
  if (ROWS.has('osmand')) {
    const job: LoadJob = {
      kind: 'osmand',
      port: server.devices.osmandPort!,
      token: BENCH_TOKEN,
      seconds: SECONDS,
      concurrency: SMOKE ? 4 : 64,
      units: UNITS,
      baseMs: base,
      ...small(200),
    };
    // Warm-up, not measured: one fix per phone, so the row measures a running server, not the first lookup of
    // each device's credential and track (two queries per device, once).
    const warm = await startLoad({ ...job, baseMs: base - 3600_000, seconds: 120, maxRequests: UNITS }, LOAD_CPUS)
      .result;
    if (warm.acked !== UNITS) failures.push(`OsmAnd warm-up: ${warm.acked} of ${UNITS} acknowledged`);
    await server.app.core.ingest.flush(); // its fixes stored before the row counts
    await throughput('single-position HTTP (OsmAnd)', job, 10_000);
  }
  base += 3600_000;
  if (ROWS.has('json')) {
    const job: LoadJob = {
      kind: 'json',
      url: server.url,
      token: BENCH_TOKEN,
      seconds: SECONDS,
      concurrency: SMOKE ? 2 : 4,
      batch: SMOKE ? 50 : 500,
      units: UNITS,
      baseMs: base,
      ...small(1000),
    };
    await throughput(`batched JSON (${job.batch}/request)`, job, 25_000);
  }
  base += 3600_000;
  if (ROWS.has('jt808')) {
    const terminals = Math.min(100, UNITS);
    const job: LoadJob = {
      kind: 'jt808',
      port: server.devices.jt808Port!,
      seconds: SECONDS,
      terminals,
      window: SMOKE ? 4 : 32,
      baseMs: base,
      ...small(200),
    };
    await throughput(`JT/T 808 frames (${terminals} terminals)`, job, 10_000);
  }
  if (ROWS.has('fanout100')) await fanout(100, SMOKE ? 200 : 2000, UNITS, 50);
  if (ROWS.has('fanout1000')) await fanout(1000, SMOKE ? 50 : 2000, UNITS, 250);
  if (ROWS.has('scale')) {
    // Growing fleets: every unit reports (batched JSON, as fast as the server takes it), then the latency row
    // at the budget's 2,000/s. Run in increasing order: the RSS at N units is that of a core that has seen N.
    for (const units of SCALE_UNITS) {
      base += 3600_000;
      await throughput(
        `scale ${units} units: batched JSON (500/request)`,
        {
          kind: 'json',
          url: server.url,
          token: BENCH_TOKEN,
          seconds: SECONDS,
          concurrency: 4,
          batch: 500,
          units,
          baseMs: base,
        },
        25_000,
      );
      await fanout(100, 2000, units, 50, `, scale`);
    }
  }
  if (ROWS.has('ramp')) {
    // Where one core process saturates: offered live rate up, 100 consoles listening, 10,000 units.
    for (const rate of [2000, 5000, 10_000, 20_000]) await fanout(100, rate, 10_000, null, ', ramp');
  }
} finally {
  // Bounded: after the 10,000-unit rows a coverage recompute in flight can hold core.stop() for a minute on a
  // loaded machine (LiveCoverage.stop waits for it); the report must not wait for it.
  const closed = await Promise.race([
    server.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000).unref()),
  ]);
  if (!closed)
    console.log('note: the server took more than 30 s to close (a coverage recompute in flight); not waited for');
  const dropped = await Promise.race([
    db.close().then(
      () => true,
      (err: unknown) => (console.log(`note: dropping the bench database failed: ${String(err)}`), true),
    ),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
  ]);
  if (!dropped) console.log(`note: the bench database ${db.description} was not dropped in 15 s: drop it by hand`);
}
if (failures.length) {
  console.error(`bench:ingest FAILED (${failures.length}):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('bench:ingest: every row measured something and lost nothing');
process.exit(0); // a server that did not finish closing must not keep the report waiting
