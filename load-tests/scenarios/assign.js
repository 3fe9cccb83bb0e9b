// Assignment loop under a constant arrival rate: take a call → recommendations → assign nearest → release.
// k6 run -e BASE_URL=http://127.0.0.1:8120 -e RATE=20 -e DURATION=30s load-tests/scenarios/assign.js
// The whole load comes from one address and a few devices: start the server with HTTP_RATE_LIMIT_PER_MINUTE=0
// INGEST_DEVICE_MAX_FIXES_PER_SECOND=0 (as smoke.sh does), or the per-client / per-device limits refuse it.
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, RESULTS_DIR, num, randomPoint, uuid } from '../lib/config.js';
import { summarize } from '../lib/summary.js';
import { authed, signIn } from '../lib/auth.js';

const createMs = new Trend('step_create_incident_ms', true);
const recommendMs = new Trend('step_recommend_ms', true);
const assignMs = new Trend('step_assign_ms', true);
const assigned = new Counter('assignments_ok');
const noUnit = new Counter('assignments_no_unit_available');
const failed = new Counter('assignments_failed');
const duplicates = new Counter('assignments_duplicate');

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    calls: {
      executor: 'constant-arrival-rate',
      rate: num('RATE', 10),
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: num('VUS', 20),
      maxVUs: num('MAX_VUS', 100),
    },
  },
  thresholds: {
    step_create_incident_ms: [`p(95)<${num('P95_MS', 100)}`, `p(99)<${num('P99_MS', 250)}`],
    step_recommend_ms: [`p(95)<${num('P95_MS', 100)}`, `p(99)<${num('P99_MS', 250)}`],
    step_assign_ms: [`p(95)<${num('P95_MS', 100)}`, `p(99)<${num('P99_MS', 250)}`],
    assignments_failed: ['count==0'],
    assignments_duplicate: ['count==0'],
  },
};

export function setup() {
  return { token: signIn() };
}

export default function (data) {
  const json = authed(data.token);
  const scene = randomPoint();
  const created = http.post(
    `${BASE_URL}/api/incidents`,
    JSON.stringify({ location: scene, complaint: 'k6 负载测试', priority: 1 + Math.floor(Math.random() * 4) }),
    json,
  );
  createMs.add(created.timings.duration);
  if (!check(created, { 'incident created': (r) => r.status === 201 })) {
    failed.add(1);
    return;
  }
  const incident = created.json();
  const rec = http.get(`${BASE_URL}/api/incidents/${incident.id}/recommendations`, json);
  recommendMs.add(rec.timings.duration);
  check(rec, { 'recommendations 200': (r) => r.status === 200 });

  const key = uuid();
  const res = http.post(`${BASE_URL}/api/incidents/${incident.id}/assignments`, JSON.stringify({ unitId: 'nearest' }), {
    ...authed(data.token, { 'idempotency-key': key }),
  });
  assignMs.add(res.timings.duration);
  if (res.status === 409 && String(res.json('code')) === 'no_unit_available') {
    noUnit.add(1);
    http.post(`${BASE_URL}/api/incidents/${incident.id}/cancel`, JSON.stringify({ reason: 'k6: no unit' }), json);
    return;
  }
  if (!check(res, { 'assigned 201': (r) => r.status === 201 })) {
    failed.add(1);
    return;
  }
  assigned.add(1);
  const out = res.json();
  // The same key again must replay the same assignment, never make a second one.
  const retry = http.post(
    `${BASE_URL}/api/incidents/${incident.id}/assignments`,
    JSON.stringify({ unitId: 'nearest' }),
    authed(data.token, { 'idempotency-key': key }),
  );
  if (retry.status !== 201 || retry.json('assignment.id') !== out.assignment.id) duplicates.add(1);
  // Release the unit so the fleet stays available for the next calls.
  http.post(`${BASE_URL}/api/incidents/${incident.id}/cancel`, JSON.stringify({ reason: 'k6: done' }), json);
}

export function teardown(data) {
  // No unit may hold more than one live run (the database refuses it; this checks it from outside).
  const units = http.get(`${BASE_URL}/api/units`, authed(data.token)).json();
  const seen = {};
  for (const u of units) {
    if (u.activeIncidentId !== null) {
      if (seen[u.activeIncidentId] === u.id) duplicates.add(1);
      seen[u.activeIncidentId] = u.id;
    }
  }
}

export function handleSummary(data) {
  return summarize('assign', data, RESULTS_DIR);
}
