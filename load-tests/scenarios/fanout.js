// Console fan-out: many WebSocket subscribers while incidents are created; every event seq must arrive once,
// in order, on every subscriber.
// k6 run -e BASE_URL=http://127.0.0.1:8120 -e CONSOLES=100 -e DURATION=20s load-tests/scenarios/fanout.js
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { WebSocket } from '../lib/websocket.js';
import { BASE_URL, RESULTS_DIR, WS_URL, num, randomPoint } from '../lib/config.js';
import { summarize } from '../lib/summary.js';
import { authed, signIn } from '../lib/auth.js';

const gaps = new Counter('event_seq_gaps');
const dups = new Counter('event_seq_duplicates');
const received = new Counter('events_received');
const eventLag = new Trend('event_delivery_ms', true);
const DURATION_S = num('DURATION_S', 20);

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    consoles: {
      executor: 'per-vu-iterations',
      vus: num('CONSOLES', 50),
      iterations: 1,
      maxDuration: `${DURATION_S + 30}s`,
      exec: 'subscriber',
    },
    calls: {
      executor: 'constant-arrival-rate',
      rate: num('RATE', 5),
      timeUnit: '1s',
      duration: `${DURATION_S}s`,
      startTime: '3s',
      preAllocatedVUs: 5,
      exec: 'call',
    },
  },
  thresholds: {
    event_seq_gaps: ['count==0'],
    event_seq_duplicates: ['count==0'],
    events_received: ['count>0'],
  },
};

// One snapshot for all consoles: this scenario measures the event stream, not 1,000 simultaneous state loads.
export function setup() {
  const token = signIn();
  return { token, seq: http.get(`${BASE_URL}/api/state`, authed(token)).json('seq') };
}

export function subscriber(data) {
  let last = data.seq;
  const ws = new WebSocket(WS_URL, null, authed(data.token));
  ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', afterSeq: last, positions: false }));
  ws.onmessage = (msg) => {
    const frame = JSON.parse(msg.data);
    if (typeof frame.seq !== 'number' || frame.type.startsWith('sys.')) return;
    if (frame.seq <= last) dups.add(1);
    else if (frame.seq !== last + 1) gaps.add(1);
    last = Math.max(last, frame.seq);
    received.add(1);
    eventLag.add(Date.now() - Date.parse(frame.at));
  };
  setTimeout(() => ws.close(), (DURATION_S + 8) * 1000);
}

export function call(data) {
  const res = http.post(
    `${BASE_URL}/api/incidents`,
    JSON.stringify({ location: randomPoint(), complaint: 'k6 fan-out', priority: 4 }),
    authed(data.token),
  );
  check(res, { 'incident created': (r) => r.status === 201 });
  if (res.status === 201) {
    http.post(
      `${BASE_URL}/api/incidents/${res.json('id')}/cancel`,
      JSON.stringify({ reason: 'k6' }),
      authed(data.token),
    );
  }
}

export function handleSummary(data) {
  return summarize('fanout', data, RESULTS_DIR);
}
