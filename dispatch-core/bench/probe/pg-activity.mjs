// Where the core's database connections spend their time: samples pg_stat_activity of the core's connections
// (application_name c120) every ~20 ms and prints state | wait event | statement, most frequent first.
// DATABASE_URL=postgres://…/c120_loop DELAY=12 DUR=20 node dispatch-core/bench/probe/pg-activity.mjs
// Run it beside a k6 loop (docs/DESIGN-NOTES.md "The dispatcher's loop"). Measures, changes nothing.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../../db/package.json', import.meta.url));
const pg = require('pg');
const c = new pg.Client({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
await c.connect();
const agg = new Map();
let n = 0;
await new Promise((r) => setTimeout(r, Number(process.env.DELAY ?? 0) * 1000));
const end = Date.now() + Number(process.env.DUR ?? 20) * 1000;
while (Date.now() < end) {
  const { rows } = await c.query(
    `SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q
     FROM pg_stat_activity WHERE application_name = 'c120' AND state <> 'idle'`,
  );
  n++;
  for (const r of rows) {
    const k = `${r.state}|${r.wait_event_type ?? ''}|${r.wait_event ?? ''}|${r.q}`;
    agg.set(k, (agg.get(k) ?? 0) + 1);
  }
  await new Promise((r) => setTimeout(r, 20));
}
console.log(`${n} samples`);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) {
  console.log(String(v).padStart(6), k);
}
await c.end();
