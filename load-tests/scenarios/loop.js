// The dispatcher's loop end to end, with concurrent writers: take a call → recommendations → assign nearest →
// cancel (the incident, which releases the unit), at a constant arrival rate, while a second scenario feeds
// positions (the fleet's GPS) over HTTP. Budget (../shared/DESIGN.md): every step p99 ≤ 25 ms at 10 loops/s,
// ≤ 50 ms at 50 loops/s. The threshold is P99_MS (default 25; pass -e P99_MS=50 at RATE=50).
// k6 run -e BASE_URL=http://127.0.0.1:8120 -e RATE=10 -e DURATION=30s -e POS_RATE=200 -e BATCH=10 load-tests/scenarios/loop.js
// Positions: POS_RATE requests/s of BATCH fixes each, spread over UNITS demo devices (DY120-01 …); POS_RATE=0 off.
// Start the server with HTTP_RATE_LIMIT_PER_MINUTE=0 INGEST_DEVICE_MAX_FIXES_PER_SECOND=0 (as smoke.sh does).
// WARMUP_S (default 10): the same loops and writers run this long first, unmeasured, so the thresholds judge a
// running core, not V8 compiling the hot path in the first seconds after boot. Those first loops are not hidden:
// every step of them is in `loop_warmup_step_ms` (no threshold). WARMUP_S=0 measures from the first loop.
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, RESULTS_DIR, num, randomPoint } from '../lib/config.js';
import { summarize } from '../lib/summary.js';
import { authed, signIn } from '../lib/auth.js';
import { issueJsonDeviceSecrets } from '../lib/devices.js';

const createMs = new Trend('loop_create_ms', true);
const recommendMs = new Trend('loop_recommend_ms', true);
const assignMs = new Trend('loop_assign_ms', true);
const cancelMs = new Trend('loop_cancel_ms', true);
const loopMs = new Trend('loop_total_ms', true);
const warmupMs = new Trend('loop_warmup_step_ms', true);
const loops = new Counter('loops_ok');
const noUnit = new Counter('loops_no_unit_available');
const failed = new Counter('loops_failed');
const positions = new Counter('positions_sent');
const P99 = num('P99_MS', 25);
const DURATION = __ENV.DURATION || '30s';
const WARMUP_S = num('WARMUP_S', 10);
/** '30s', '2m', '1m30s' → seconds. */
function seconds(d) {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  if (!m || (!m[1] && !m[2])) throw new Error(`DURATION: use s or m (30s, 2m, 1m30s), not ${d}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}
const POS_RATE = num('POS_RATE', 200);
const UNITS = num('UNITS', 30);
const BATCH = num('BATCH', 10);
const PREFIX = __ENV.DEVICE_PREFIX || 'DY120-';
const PAD = num('DEVICE_PAD', 2);
const OFFSET = num('DEVICE_OFFSET', 1);

const loopScenario = (startS, duration) => ({
  executor: 'constant-arrival-rate',
  rate: num('RATE', 10),
  timeUnit: '1s',
  duration,
  startTime: `${startS}s`,
  preAllocatedVUs: num('VUS', 20),
  maxVUs: num('MAX_VUS', 200),
  exec: 'loop',
});
const scenarios = { loop: loopScenario(2 + WARMUP_S, DURATION) };
if (WARMUP_S > 0) scenarios.warmup = loopScenario(2, `${WARMUP_S}s`);
if (POS_RATE > 0) {
  scenarios.writers = {
    executor: 'constant-arrival-rate',
    rate: POS_RATE,
    timeUnit: '1s',
    // Writers run through the warm-up and the measured loops alike (and start a second before both).
    duration: `${WARMUP_S + 1 + seconds(DURATION)}s`,
    startTime: '1s',
    preAllocatedVUs: num('POS_VUS', 20),
    maxVUs: num('POS_MAX_VUS', 100),
    exec: 'feed',
  };
}

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios,
  thresholds: {
    loop_create_ms: [`p(99)<${P99}`],
    loop_recommend_ms: [`p(99)<${P99}`],
    loop_assign_ms: [`p(99)<${P99}`],
    loop_cancel_ms: [`p(99)<${P99}`],
    loops_failed: ['count==0'],
    loops_ok: ['count>0'],
  },
};

const deviceOf = (u) => `${PREFIX}${String(u + OFFSET).padStart(PAD, '0')}`;

export function setup() {
  const secrets = POS_RATE > 0 ? issueJsonDeviceSecrets(UNITS, deviceOf) : {};
  return { secrets, token: signIn() };
}

export function loop(data) {
  const measured = exec.scenario.name === 'loop';
  const step = (trend, ms) => (measured ? trend : warmupMs).add(ms);
  const json = authed(data.token);
  const t0 = Date.now();
  const created = http.post(
    `${BASE_URL}/api/incidents`,
    JSON.stringify({ location: randomPoint(), complaint: 'k6 loop', priority: 1 + Math.floor(Math.random() * 4) }),
    json,
  );
  step(createMs, created.timings.duration);
  if (!check(created, { 'incident created': (r) => r.status === 201 })) {
    failed.add(1);
    return;
  }
  const id = created.json('id');
  const rec = http.get(`${BASE_URL}/api/incidents/${id}/recommendations`, json);
  step(recommendMs, rec.timings.duration);
  if (!check(rec, { 'recommendations 200': (r) => r.status === 200 })) failed.add(1);
  const res = http.post(`${BASE_URL}/api/incidents/${id}/assignments`, JSON.stringify({ unitId: 'nearest' }), json);
  step(assignMs, res.timings.duration);
  if (res.status === 409 && String(res.json('code')) === 'no_unit_available') noUnit.add(1);
  else if (!check(res, { 'assigned 201': (r) => r.status === 201 })) failed.add(1);
  const cancel = http.post(`${BASE_URL}/api/incidents/${id}/cancel`, JSON.stringify({ reason: 'k6 loop' }), json);
  step(cancelMs, cancel.timings.duration);
  if (!check(cancel, { 'cancelled 200': (r) => r.status === 200 })) failed.add(1);
  else if (res.status === 201 && measured) loops.add(1);
  if (measured) loopMs.add(Date.now() - t0);
}

let n = 0;
export function feed(data) {
  const now = Date.now();
  const u = (__VU * 7919 + n++) % UNITS;
  const deviceId = deviceOf(u);
  const batch = [];
  for (let i = 0; i < BATCH; i++) {
    batch.push({
      deviceId,
      // In the past (fixes ahead of the clock are dropped), increasing per unit.
      time: new Date(now - BATCH + i).toISOString(),
      lat: 31.95 + (u % 10) * 0.01 + Math.random() * 1e-4,
      lon: 119.55 + Math.floor(u / 10) * 0.01 + Math.random() * 1e-4,
      speedKmh: 40,
      headingDeg: 90,
    });
  }
  const r = http.post(
    `${BASE_URL}/api/positions`,
    JSON.stringify({ positions: batch }),
    authed(data.secrets[deviceId]),
  );
  if (r.status === 200) positions.add(batch.length);
}

export function handleSummary(data) {
  return summarize(`loop-${num('RATE', 10)}`, data, RESULTS_DIR);
}
