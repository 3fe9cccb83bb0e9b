// Positions in over HTTP at a constant arrival rate while consoles listen on WebSockets; a custom Trend measures
// position → console delivery (the sender's timestamp travels in the fix time and comes back in the position tick;
// sender and listeners are the same k6 process, so one clock).
// k6 run -e BASE_URL=http://127.0.0.1:8120 -e DEVICE_PREFIX=DY120- -e UNITS=30 -e RATE=200 load-tests/scenarios/ingest.js
// The whole load comes from one address and a few devices: start the server with HTTP_RATE_LIMIT_PER_MINUTE=0
// INGEST_DEVICE_MAX_FIXES_PER_SECOND=0 (as smoke.sh does), or the per-client / per-device limits refuse it.
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { WebSocket } from '../lib/websocket.js';
import { BASE_URL, RESULTS_DIR, WS_URL, num } from '../lib/config.js';
import { summarize } from '../lib/summary.js';
import { authed, signIn } from '../lib/auth.js';
import { issueJsonDeviceSecrets } from '../lib/devices.js';

const delivery = new Trend('position_delivery_ms', true);
const accepted = new Counter('positions_accepted');
const refused = new Counter('positions_refused');
const DURATION_S = num('DURATION_S', 20);
const UNITS = num('UNITS', 30);
const BATCH = num('BATCH', 10);
// Device ids of `json` credentials: the demo county's units are DY120-01 … DY120-30.
const PREFIX = __ENV.DEVICE_PREFIX || 'DY120-';
const PAD = num('DEVICE_PAD', 2);
const OFFSET = num('DEVICE_OFFSET', 1);

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    consoles: {
      executor: 'per-vu-iterations',
      vus: num('CONSOLES', 20),
      iterations: 1,
      maxDuration: `${DURATION_S + 30}s`,
      exec: 'listen',
    },
    positions: {
      executor: 'constant-arrival-rate',
      rate: num('RATE', 100),
      timeUnit: '1s',
      duration: `${DURATION_S}s`,
      startTime: '2s',
      preAllocatedVUs: num('VUS', 20),
      maxVUs: num('MAX_VUS', 100),
      exec: 'send',
    },
  },
  thresholds: {
    position_delivery_ms: [`p(99)<${num('P99_MS', 250)}`],
    positions_refused: ['count==0'],
    positions_accepted: ['count>0'],
  },
};

const deviceOf = (u) => `${PREFIX}${String(u + OFFSET).padStart(PAD, '0')}`;

// Each unit's `json` device gets a fresh credential; the senders get the secrets.
export function setup() {
  const secrets = issueJsonDeviceSecrets(UNITS, deviceOf);
  return { secrets, token: signIn() };
}

let n = 0;
export function send(data) {
  const now = Date.now();
  const positions = [];
  // One device per request (each device presents its own secret); BATCH fixes of it.
  const u = (__VU * 7919 + n++) % UNITS;
  const deviceId = deviceOf(u);
  for (let i = 0; i < BATCH; i++) {
    positions.push({
      deviceId,
      // Distinct, increasing fix times per unit (ms resolution) carrying the send time.
      time: new Date(now + i).toISOString(),
      lat: 31.95 + (u % 10) * 0.01 + Math.random() * 1e-4,
      lon: 119.55 + Math.floor(u / 10) * 0.01 + Math.random() * 1e-4,
      speedKmh: 40,
      headingDeg: 90,
    });
  }
  const res = http.post(`${BASE_URL}/api/positions`, JSON.stringify({ positions }), authed(data.secrets[deviceId]));
  check(res, { 'batch 200': (r) => r.status === 200 });
  if (res.status === 200) {
    for (const item of res.json('results')) {
      if (item.status === 'accepted') accepted.add(1);
      else if (item.status !== 'dropped') refused.add(1);
    }
  } else refused.add(positions.length);
}

export function listen(data) {
  const ws = new WebSocket(WS_URL, null, authed(data.token));
  ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', positions: true }));
  ws.onmessage = (msg) => {
    const now = Date.now();
    const frame = JSON.parse(msg.data);
    if (frame.type !== 'sys.positions') return;
    for (const u of frame.units) {
      // Only fixes sent by this test run (fix times within the last minute).
      if (now - u[5] < 60000) delivery.add(now - u[5]);
    }
  };
  setTimeout(() => ws.close(), (DURATION_S + 6) * 1000);
}

export function handleSummary(data) {
  return summarize('ingest', data, RESULTS_DIR);
}
