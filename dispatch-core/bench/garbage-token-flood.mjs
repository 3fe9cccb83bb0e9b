/**
 * Load generator for auth-flood.ts, run as its own process: GET <url> with a fresh random, well-formed session
 * token (43 base64url characters, like a real one) on every request, CONCURRENCY at a time, for DURATION_MS;
 * with RATE > 0 at most RATE requests/s in all (open loop: the same offered load whatever the server answers),
 * else as fast as the answers come. Prints `{"sent": n, "statuses": {...}, "perSecond": r}` when done.
 * Usage: node garbage-token-flood.mjs <url> <concurrency> <durationMs> [rate]
 */
import { randomBytes } from 'node:crypto';

const [url, concurrencyArg, durationArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg ?? 32);
const durationMs = Number(durationArg ?? 10_000);
const rate = Number(process.argv[5] ?? 0);
/** Each worker's pace when a total rate is set: one request per `concurrency / rate` seconds. */
const intervalMs = rate > 0 ? (1000 * concurrency) / rate : 0;
const statuses = {};
let sent = 0;
const start = Date.now();
const deadline = start + durationMs;

async function worker(index) {
  let next = start + (intervalMs * index) / concurrency;
  while (Date.now() < deadline) {
    if (intervalMs > 0) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += intervalMs;
    }
    const token = randomBytes(32).toString('base64url');
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    } catch {
      statuses.error = (statuses.error ?? 0) + 1;
    }
    sent++;
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
const seconds = (Date.now() - start) / 1000;
console.log(JSON.stringify({ sent, statuses, perSecond: Math.round(sent / seconds) }));
