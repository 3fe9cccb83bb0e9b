/**
 * A position feeder in a process of its own, for `npm run bench:assign`: writes fixes of the bench fleet into the
 * database through the real position writer (DbSink: history insert + latest-position update of the unit rows,
 * one transaction per batch), at FEED_RATE positions/s (default 2,000) in batches of FEED_BATCH (default 100).
 * Each fix jitters a unit (code LIKE FEED_CODE_PREFIX%) ~20 m around where it is. Prints its achieved rate every
 * 5 s and at SIGTERM ("feeder: N positions in S s = R/s").
 * FEED_DATABASE_URL=postgres://… node --import tsx load-tests/ingest/db-feeder.ts
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@c120/db';
import { DbSink, type UnitFix } from '@c120/gps-ingest';

const url = process.env.FEED_DATABASE_URL;
if (!url) throw new Error('FEED_DATABASE_URL is required');
const rate = Number(process.env.FEED_RATE ?? 2000);
const batch = Number(process.env.FEED_BATCH ?? 100);
const prefix = process.env.FEED_CODE_PREFIX ?? 'bench-';

const db = await openDatabase({ engine: 'postgres', url, poolSize: 2, connectTimeoutMs: 5000 });
const sink = new DbSink(db);
let units: { id: number; lon: number; lat: number }[] = [];
const refresh = async () => {
  const { rows } = await db.query<{ id: number; lon: number; lat: number }>(
    `SELECT id, ST_X(position) AS lon, ST_Y(position) AS lat FROM units WHERE code LIKE $1 AND position IS NOT NULL`,
    [`${prefix}%`],
  );
  units = rows;
};
await refresh();
let sent = 0;
let windowSent = 0;
const t0 = performance.now();
let windowStart = t0;
let stopping = false;
const report = (label: string, n: number, since: number) => {
  const s = (performance.now() - since) / 1000;
  process.stdout.write(`feeder${label}: ${n} positions in ${s.toFixed(1)} s = ${Math.round(n / s)}/s\n`);
};
process.on('SIGTERM', () => {
  stopping = true;
});
let lastRefresh = performance.now();
const intervalMs = (1000 * batch) / rate;
let next = performance.now();
while (!stopping) {
  if (performance.now() - lastRefresh > 5000) {
    await refresh();
    lastRefresh = performance.now();
    report(' (5 s)', windowSent, windowStart);
    windowSent = 0;
    windowStart = performance.now();
  }
  if (units.length > 0) {
    const now = Date.now();
    const fixes: UnitFix[] = [];
    for (let i = 0; i < batch; i++) {
      const u = units[Math.floor(Math.random() * units.length)] as { id: number; lon: number; lat: number };
      fixes.push({
        unitId: u.id,
        // In the past, distinct per fix.
        fixAt: new Date(now - 2000 + i),
        lon: u.lon + (Math.random() - 0.5) * 4e-4,
        lat: u.lat + (Math.random() - 0.5) * 4e-4,
        speedKmh: 40,
        headingDeg: 90,
        source: 'json',
        valid: true,
        late: false,
        receivedAt: new Date(now),
      });
    }
    try {
      await sink.write(fixes);
      sent += fixes.length;
      windowSent += fixes.length;
    } catch (err) {
      // As the real writer: a failed batch (a deadlock with a bench statement, say) is reported, the feed goes on.
      process.stdout.write(`feeder: batch failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  next += intervalMs;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  else next = performance.now(); // behind: do not burst to catch up
}
report('', sent, t0);
await db.close();
