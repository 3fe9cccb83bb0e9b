// Measurement preload for the dispatcher's loop (docs/DESIGN-NOTES.md "Where the loop's tail came from").
// node --import tsx --import ./dispatch-core/bench/probe/loop-probe.mjs dispatch-core/src/main.ts
// Every PROBE_EVERY_MS (default 5000) prints one line to stderr: event-loop delay p50/p99/max, pg pool
// acquisition wait p50/p99/max and how many acquisitions waited > 1 ms, and per-HTTP-request server time
// (request received → response finished) p50/p99/max. Measures, changes nothing.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import http from 'node:http';

const require = createRequire(new URL('../../../db/package.json', import.meta.url));
const pg = require('pg');
const every = Number(process.env.PROBE_EVERY_MS ?? 5000);
const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();

const poolWaits = [];
const origConnect = pg.Pool.prototype.connect;
pg.Pool.prototype.connect = function (cb) {
  if (cb) return origConnect.call(this, cb);
  const t0 = performance.now();
  return origConnect.call(this).then((c) => {
    poolWaits.push(performance.now() - t0);
    return c;
  });
};
const reqTimes = new Map();
const origEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (name, req, res) {
  if (name === 'request' && req.url?.startsWith('/api/incidents')) {
    const t0 = performance.now();
    const key = `${req.method} ${req.url.replace(/\d+/g, ':id').replace(/\?.*/, '')}`;
    res.on('finish', () => {
      let a = reqTimes.get(key);
      if (!a) reqTimes.set(key, (a = []));
      a.push(performance.now() - t0);
    });
  }
  return origEmit.apply(this, arguments);
};
const q = (a, p) => {
  if (!a.length) return 0;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const f = (n) => n.toFixed(1);
setInterval(() => {
  const parts = [
    `eld p50 ${f(eld.percentile(50) / 1e6)} p99 ${f(eld.percentile(99) / 1e6)} max ${f(eld.max / 1e6)} ms`,
    `pool n=${poolWaits.length} p50 ${f(q(poolWaits, 0.5))} p99 ${f(q(poolWaits, 0.99))} max ${f(Math.max(0, ...poolWaits))} >1ms ${poolWaits.filter((w) => w > 1).length}`,
  ];
  for (const [k, a] of reqTimes)
    parts.push(`${k} n=${a.length} p50 ${f(q(a, 0.5))} p99 ${f(q(a, 0.99))} max ${f(Math.max(...a))}`);
  process.stderr.write(`[probe] ${parts.join(' | ')}\n`);
  eld.reset();
  poolWaits.length = 0;
  reqTimes.clear();
}, every).unref();
