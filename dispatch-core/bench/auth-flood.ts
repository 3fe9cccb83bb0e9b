/**
 * npx tsx dispatch-core/bench/auth-flood.ts — what an unauthenticated flood of garbage session tokens costs the
 * people who are signed in: a dispatcher's `GET /api/state` p50 and a correct sign-in's p50, first on a quiet
 * server, then while a separate process (garbage-token-flood.mjs) sends well-formed random tokens as fast as
 * FLOOD_CONCURRENCY connections allow. Also counts the session lookups the database answered during the flood.
 * Uses DATABASE_URL when set (the meaningful numbers), else PGlite. Options: FLOOD_CONCURRENCY (32),
 * FLOOD_MS (12000), FLOOD_RATE (requests/s in all; 0 = as fast as the answers come, the default), STATE_SAMPLES
 * (150), LOGIN_SAMPLES (20). A fixed FLOOD_RATE compares two servers under the same offered load (a server that
 * refuses cheaply otherwise just receives more of the flood).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { startServer } from '../src/server.ts';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/auth/secrets.ts';
import { fmt, summarize } from './stats.ts';

const CONCURRENCY = Number(process.env.FLOOD_CONCURRENCY ?? 32);
const FLOOD_MS = Number(process.env.FLOOD_MS ?? 12_000);
const FLOOD_RATE = Number(process.env.FLOOD_RATE ?? 0);
const STATE_SAMPLES = Number(process.env.STATE_SAMPLES ?? 150);
const LOGIN_SAMPLES = Number(process.env.LOGIN_SAMPLES ?? 20);
const PASSWORD = 'flood-bench-password';

const db = await createTestDatabase({ seed: true });
// A region exists (seeded), so the server loads nothing more; the dispatcher is an ordinary account.
await db.query(
  `INSERT INTO users (username, display_name, password_hash, role) VALUES ('bench-dispatcher', '压测调度员', $1, 'dispatcher')`,
  [await hashPassword(PASSWORD)],
);
const server = await startServer(db, loadConfig({}, { port: 0, logLevel: 'silent' }));

async function login(): Promise<{ ms: number; token: string }> {
  const t = performance.now();
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-dispatcher', password: PASSWORD }),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`login: ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t, token: body.token };
}

async function measure(token: string): Promise<{ state: number[]; login: number[] }> {
  const state: number[] = [];
  const logins: number[] = [];
  for (let i = 0; i < STATE_SAMPLES; i++) {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/state`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/api/state: ${res.status}`);
    state.push(performance.now() - t);
  }
  for (let i = 0; i < LOGIN_SAMPLES; i++) logins.push((await login()).ms);
  return { state, login: logins };
}

const sessionLookups = async (): Promise<number> => {
  // pg_stat_statements is not installed everywhere: count index scans of sessions' token index instead.
  const { rows } = await db.query<{ n: number }>(
    `SELECT coalesce(sum(idx_scan), 0)::bigint AS n FROM pg_stat_user_indexes WHERE relname = 'sessions'`,
  );
  return Number(rows[0]?.n ?? 0);
};

try {
  const { token } = await login();
  await measure(token); // warm-up
  const quiet = await measure(token);
  const flood = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('./garbage-token-flood.mjs', import.meta.url)),
      `${server.url}/api/state`,
      String(CONCURRENCY),
      String(FLOOD_MS),
      String(FLOOD_RATE),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let floodOut = '';
  flood.stdout.on('data', (d: Buffer) => (floodOut += d.toString()));
  const floodDone = new Promise<void>((resolve) => flood.on('exit', () => resolve()));
  await new Promise((r) => setTimeout(r, 1000)); // let the flood reach full speed
  const before = await sessionLookups();
  const loaded = await measure(token);
  const after = await sessionLookups();
  await floodDone;
  const q = { state: summarize(quiet.state), login: summarize(quiet.login) };
  const l = { state: summarize(loaded.state), login: summarize(loaded.login) };
  console.log(
    `bench:auth-flood on ${testEngine()} (${db.description}); flood ${CONCURRENCY} connections, ${FLOOD_RATE || 'max'} req/s, ${FLOOD_MS} ms`,
  );
  console.log(`flood (separate process): ${floodOut.trim()}`);
  console.log(`session index scans during the measured window: ${after - before}`);
  console.log(
    `GET /api/state  quiet p50 ${fmt(q.state.p50)} p95 ${fmt(q.state.p95)} | flood p50 ${fmt(l.state.p50)} p95 ${fmt(l.state.p95)}`,
  );
  console.log(
    `POST login      quiet p50 ${fmt(q.login.p50)} p95 ${fmt(q.login.p95)} | flood p50 ${fmt(l.login.p50)} p95 ${fmt(l.login.p95)}`,
  );
} finally {
  await server.close();
  await db.close();
}
