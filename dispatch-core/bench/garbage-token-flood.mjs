/**
 * Load generator for auth-flood.ts, run as its own process: GET <url> with a fresh random, well-formed session
 * token (43 base64url characters, like a real one) on every request, CONCURRENCY at a time, for DURATION_MS.
 * Prints `{"sent": n, "statuses": {...}, "perSecond": r}` as one JSON line when done.
 * Usage: node garbage-token-flood.mjs <url> <concurrency> <durationMs>
 */
import { randomBytes } from 'node:crypto';

const [url, concurrencyArg, durationArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg ?? 32);
const durationMs = Number(durationArg ?? 10_000);
const statuses = {};
let sent = 0;
const start = Date.now();
const deadline = start + durationMs;

async function worker() {
  while (Date.now() < deadline) {
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

await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (Date.now() - start) / 1000;
console.log(JSON.stringify({ sent, statuses, perSecond: Math.round(sent / seconds) }));
