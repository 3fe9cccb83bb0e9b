/**
 * Load generators for bench/ingest.ts. Each runs in a child process of its own (spawn-load.ts forks it, pinned
 * with taskset away from the server's CPU where the machine allows), so a row is the server's number, not the
 * generator's. The job arrives on the IPC channel; the result goes back on it with the process's own CPU use, so
 * a reader can see whether the generator, not the server, was the limit.
 */
import http from 'node:http';
import net from 'node:net';
import { buildJt808Frame, encodeBcdTime, FrameSplitter, Jt808MsgId, parseJt808Frame } from '@c120/gps-ingest/protocols';
import { locationBody } from '@c120/gps-ingest/testing';
import { registerBody } from '@c120/gps-ingest/testing';
import { runConsoles, type ConsolesJob } from './console-client.ts';
import type { LoadJob, LoadResult } from './load-types.ts';

const lat = (i: number) => 31.9 + (i % 100) * 0.001;
const lon = (i: number) => 119.5 + Math.floor(i / 100) * 0.001;

/** Historical fix times walk forward per unit, so every fix is distinct (no de-duplication) and plausible. */
function clock(units: number, baseMs: number, stepMs: number) {
  const next = new Array<number>(units).fill(baseMs);
  return (unit: number) => (next[unit] = (next[unit] ?? baseMs) + stepMs);
}

/** Spreads `rate` requests a second over `loops` concurrent loops (0: as fast as the server answers). */
function pacer(rate: number, loops: number) {
  if (rate <= 0) return async () => {};
  const gapMs = (1000 * loops) / rate;
  return async (startedAt: number) => {
    const wait = gapMs - (Date.now() - startedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}

function emptyResult(): LoadResult {
  return { sent: 0, acked: 0, refused: 0, errors: 0, errorKinds: {} };
}

function error(r: LoadResult, kind: string, n = 1): void {
  r.errors += n;
  r.errorKinds[kind] = (r.errorKinds[kind] ?? 0) + n;
}

async function osmand(j: Extract<LoadJob, { kind: 'osmand' }>): Promise<LoadResult> {
  const r = emptyResult();
  const end = Date.now() + j.seconds * 1000;
  const tick = clock(j.units, j.baseMs, 100);
  const pace = pacer(j.rate ?? 0, j.concurrency);
  let n = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: j.concurrency });
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const u = n++ % j.units;
      const path = `/?id=bench-os-${u}&token=${j.token}&lat=${lat(u)}&lon=${lon(u)}&timestamp=${tick(u)}&speed=5&bearing=90`;
      r.sent++;
      const req = http.request({ host: '127.0.0.1', port: j.port, path, method: 'GET', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) r.acked++;
          else if (res.statusCode === 503) r.refused++;
          else error(r, `http ${res.statusCode}`);
          resolve();
        });
      });
      req.on('error', (err) => {
        error(r, err.message);
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: j.concurrency }, async () => {
      while (Date.now() < end && n < (j.maxRequests ?? Infinity)) {
        const t0 = Date.now();
        await one();
        await pace(t0);
      }
    }),
  );
  agent.destroy();
  return r;
}

async function jsonBatch(j: Extract<LoadJob, { kind: 'json' }>): Promise<LoadResult> {
  const r = emptyResult();
  const end = Date.now() + j.seconds * 1000;
  const tick = clock(j.units, j.baseMs, 100);
  const pace = pacer((j.rate ?? 0) / j.batch, j.concurrency);
  let n = 0;
  await Promise.all(
    Array.from({ length: j.concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = Date.now();
        const positions = Array.from({ length: j.batch }, () => {
          const u = n++ % j.units;
          return {
            deviceId: `bench-js-${u}`,
            time: new Date(tick(u)).toISOString(),
            lat: lat(u),
            lon: lon(u),
            speedKmh: 20,
          };
        });
        await postBatch(j.url, j.token, positions, r);
        await pace(t0);
      }
    }),
  );
  return r;
}

/** One `POST /api/positions` with the devices' shared bench token; counts per item. */
async function postBatch(url: string, token: string, positions: object[], r: LoadResult): Promise<void> {
  r.sent += positions.length;
  try {
    const res = await fetch(`${url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ positions }),
    });
    const body = (await res.json()) as { results?: { status: string; reason?: string }[] };
    if (!body.results || body.results.length === 0) {
      if (res.status === 503) r.refused += positions.length;
      else error(r, `http ${res.status}`, positions.length);
      return;
    }
    for (const item of body.results) {
      if (item.status === 'accepted') r.acked++;
      else if (item.status === 'retry') r.refused++;
      else error(r, `${item.status}:${item.reason ?? ''}`);
    }
  } catch (err) {
    error(r, err instanceof Error ? err.message : String(err), positions.length);
  }
}

async function jt808(j: Extract<LoadJob, { kind: 'jt808' }>): Promise<LoadResult> {
  const r = emptyResult();
  const end = Date.now() + j.seconds * 1000;
  // Paced: each terminal sends at most rate/terminals frames a second (0: as many as its window allows).
  const perTerminalGapMs = j.rate ? (1000 * j.terminals) / j.rate : 0;
  await Promise.all(Array.from({ length: j.terminals }, (_, t) => terminal(t)));
  return r;

  function terminal(t: number): Promise<void> {
    return new Promise((resolve) => {
      const target = { phone: `0139${String(t).padStart(8, '0')}`, version: 2013 as const };
      const splitter = new FrameSplitter();
      let serial = 0;
      let inFlight = 0;
      let fixMs = j.baseMs;
      let authed = false;
      let nextAt = 0;
      let timer: NodeJS.Timeout | null = null;
      const socket = net.connect(j.port, '127.0.0.1', () => {
        // One vehicle per terminal: a plate or terminal id already bound to another terminal is refused (result 1).
        const plate = `SU-B${String(t).padStart(5, '0')}`;
        const terminalId = `T${String(t).padStart(6, '0')}`;
        socket.write(buildJt808Frame(target, Jt808MsgId.Register, serial++, registerBody(plate, terminalId)));
      });
      const pump = () => {
        while (authed && inFlight < j.window && Date.now() < end) {
          if (perTerminalGapMs > 0) {
            const now = Date.now();
            if (now < nextAt) {
              timer ??= setTimeout(() => ((timer = null), pump()), nextAt - now);
              break;
            }
            nextAt = Math.max(nextAt, now) + perTerminalGapMs;
          }
          fixMs += 1000; // JT/T 808 times have 1 s resolution: one distinct fix per second of device time
          const body = locationBody({
            latE6: Math.round(lat(t) * 1e6),
            lonE6: Math.round(lon(t) * 1e6),
            speedTenths: 50,
            time: encodeBcdTime(new Date(fixMs)).toString('hex'),
          });
          socket.write(buildJt808Frame(target, Jt808MsgId.Location, serial++ & 0xffff, body));
          inFlight++;
          r.sent++;
        }
        if (Date.now() >= end && inFlight === 0) {
          socket.end();
          resolve();
        } else if (Date.now() >= end) timer ??= setTimeout(() => ((timer = null), pump()), 50);
      };
      socket.on('data', (chunk: Buffer) => {
        for (const frame of splitter.push(chunk)) {
          const p = parseJt808Frame(frame);
          if (!p.ok) continue;
          if (p.header.msgId === Jt808MsgId.RegisterResponse) {
            const code = p.body.subarray(3);
            socket.write(buildJt808Frame(target, Jt808MsgId.Auth, serial++, code));
          } else if (p.header.msgId === Jt808MsgId.PlatformResponse) {
            const replyTo = p.body.readUInt16BE(2);
            const result = p.body.readUInt8(4);
            if (replyTo === Jt808MsgId.Auth) {
              authed = result === 0;
              if (!authed) error(r, `jt808 auth result ${result}`);
            } else {
              inFlight--;
              if (result === 0) r.acked++;
              else error(r, `jt808 result ${result}`);
            }
          }
        }
        pump();
      });
      socket.on('error', (err) => {
        error(r, err.message);
        resolve();
      });
      socket.on('close', () => {
        if (timer) clearTimeout(timer);
        if (inFlight > 0) error(r, 'jt808 closed with fixes unanswered', inFlight);
        resolve();
      });
    });
  }
}

/** Live fixes (fix time = now) at a steady rate, in ticks of ≥ 10 ms: the latency rows' sender. */
async function live(j: Extract<LoadJob, { kind: 'live' }>): Promise<LoadResult> {
  const r = emptyResult();
  const end = Date.now() + j.seconds * 1000;
  const perTick = Math.max(1, Math.round(j.ratePerSecond / 100));
  const tickMs = (1000 * perTick) / j.ratePerSecond; // 10 ms, longer below 100 fixes/s
  // Several requests in flight so a slow answer does not lower the offered rate.
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  let due = Date.now();
  while (Date.now() < end) {
    const positions = Array.from({ length: perTick }, () => {
      const u = n++ % j.units;
      return { deviceId: `bench-js-${u}`, time: new Date().toISOString(), lat: lat(u), lon: lon(u), speedKmh: 30 };
    });
    const p = postBatch(j.url, j.token, positions, r).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 32) await Promise.race(inFlight);
    due += tickMs;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return r;
}

async function main(job: LoadJob): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let r: LoadResult;
  if (job.kind === 'osmand') r = await osmand(job);
  else if (job.kind === 'json') r = await jsonBatch(job);
  else if (job.kind === 'jt808') r = await jt808(job);
  else if (job.kind === 'live') r = await live(job);
  else r = await runConsoles(job satisfies ConsolesJob, () => process.send?.({ ready: true }));
  const cpu = process.cpuUsage(cpu0);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
  r.cpuPercent = Math.round((100 * (cpu.user + cpu.system)) / wallUs);
  r.rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  return r;
}

process.once('message', (job: LoadJob) => {
  main(job).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
