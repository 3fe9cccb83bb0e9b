// Sign-in for the scenarios: every API route and /ws needs a session. By default the demo dispatcher (the demo
// county's published 演示账号, present on a server that loaded the demo seed); -e K6_USERNAME/K6_PASSWORD for others.
import http from 'k6/http';
import { BASE_URL } from './config.js';

export function signIn(username = __ENV.K6_USERNAME || 'demo-dispatcher', password = __ENV.K6_PASSWORD) {
  const pw = password || (username.startsWith('demo-') ? `${username}-120` : '');
  const res = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ username, password: pw }), {
    headers: { 'content-type': 'application/json' },
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${res.body}`);
  return res.json('token');
}

/** Request params with the session token (and JSON content type). */
export function authed(token, headers = {}) {
  return { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers } };
}
