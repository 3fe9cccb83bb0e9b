/**
 * Load generators for bench/ingest.ts, run in a worker thread so that the client does not steal the server's
 * event loop. Each kind sends for `seconds` and reports what was acknowledged.
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { buildJt808Frame, encodeBcdTime, FrameSplitter, Jt808MsgId, parseJt808Frame } from '../src/protocols/index.ts';
import { locationBody } from '../src/protocols/testing/jt808-vectors.ts';
import { registerBody } from '../src/transports/jt808/test-terminal.ts';
import { BENCH_OSMAND_TOKEN } from './bench-token.ts';

export type LoadJob =
  | { kind: 'osmand'; port: number; seconds: number; concurrency: number; units: number; baseMs: number }
  | { kind: 'json'; url: string; seconds: number; concurrency: number; batch: number; units: number; baseMs: number }
  | { kind: 'jt808'; port: number; seconds: number; terminals: number; window: number; baseMs: number }
  | { kind: 'live'; url: string; seconds: number; ratePerSecond: number; units: number }
  | { kind: 'consoles'; url: string; seconds: number; consoles: number };

export interface LoadResult {
  sent: number;
  acked: number;
  errors: number;
  latenciesMs?: number[];
}

const job = workerData as LoadJob;
const lat = (i: number) => 31.9 + (i % 100) * 0.001;
const lon = (i: number) => 119.5 + Math.floor(i / 100) * 0.001;

/** Historical fix times walk forward per unit, so every fix is distinct (no de-duplication) and plausible. */
function clock(units: number, baseMs: number, stepMs: number) {
  const next = new Array<number>(units).fill(baseMs);
  return (unit: number) => (next[unit] = (next[unit] ?? baseMs) + stepMs);
}

async function osmand(j: Extract<LoadJob, { kind: 'osmand' }>): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, errors: 0 };
  const end = Date.now() + j.seconds * 1000;
  const tick = clock(j.units, j.baseMs, 100);
  let n = 0;
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: j.concurrency });
  const http = await import('node:http');
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const u = n++ % j.units;
      const path = `/?id=bench-os-${u}&token=${BENCH_OSMAND_TOKEN}&lat=${lat(u)}&lon=${lon(u)}&timestamp=${tick(u)}&speed=5&bearing=90`;
      r.sent++;
      const req = http.request({ host: '127.0.0.1', port: j.port, path, method: 'GET', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) r.acked++;
          else r.errors++;
          resolve();
        });
      });
      req.on('error', () => {
        r.errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: j.concurrency }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  agent.destroy();
  return r;
}

async function jsonBatch(j: Extract<LoadJob, { kind: 'json' }>): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, errors: 0 };
  const end = Date.now() + j.seconds * 1000;
  const tick = clock(j.units, j.baseMs, 100);
  let n = 0;
  await Promise.all(
    Array.from({ length: j.concurrency }, async () => {
      while (Date.now() < end) {
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
        r.sent += positions.length;
        const res = await fetch(`${j.url}/api/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ positions }),
        }).catch(() => null);
        if (res?.status === 200) r.acked += ((await res.json()) as { accepted: number }).accepted;
        else r.errors += positions.length;
      }
    }),
  );
  return r;
}

async function jt808(j: Extract<LoadJob, { kind: 'jt808' }>): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, errors: 0 };
  const end = Date.now() + j.seconds * 1000;
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
      const socket = net.connect(j.port, '127.0.0.1', () => {
        socket.write(buildJt808Frame(target, Jt808MsgId.Register, serial++, registerBody()));
      });
      const pump = () => {
        while (authed && inFlight < j.window && Date.now() < end) {
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
        }
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
              if (!authed) r.errors++;
            } else {
              inFlight--;
              if (result === 0) r.acked++;
              else r.errors++;
            }
          }
        }
        pump();
      });
      socket.on('error', () => {
        r.errors++;
        resolve();
      });
      socket.on('close', () => resolve());
    });
  }
}

/** Live fixes (fix time = now) for the latency measurement, at a steady rate. */
async function live(j: Extract<LoadJob, { kind: 'live' }>): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, errors: 0 };
  const end = Date.now() + j.seconds * 1000;
  const perTick = Math.max(1, Math.round(j.ratePerSecond / 100));
  let n = 0;
  while (Date.now() < end) {
    const t0 = Date.now();
    const positions = Array.from({ length: perTick }, () => {
      const u = n++ % j.units;
      return { deviceId: `bench-js-${u}`, time: new Date().toISOString(), lat: lat(u), lon: lon(u), speedKmh: 30 };
    });
    r.sent += positions.length;
    const res = await fetch(`${j.url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ positions }),
    }).catch(() => null);
    if (res?.status === 200) r.acked += ((await res.json()) as { accepted: number }).accepted;
    else r.errors += positions.length;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (Date.now() - t0))));
  }
  return r;
}

/** Consoles subscribed to the stream; latency = arrival − the fix time the sender stamped (same clock). */
async function consoles(j: Extract<LoadJob, { kind: 'consoles' }>): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, errors: 0, latenciesMs: [] };
  const sockets = await Promise.all(
    Array.from(
      { length: j.consoles },
      () =>
        new Promise<WebSocket>((resolve) => {
          const ws = new WebSocket(`${j.url.replace('http', 'ws')}/ws`);
          ws.on('open', () => {
            ws.send(JSON.stringify({ type: 'subscribe', positions: true }));
            resolve(ws);
          });
          ws.on('message', (data: Buffer) => {
            const now = Date.now();
            const frame = JSON.parse(data.toString()) as { type: string; units?: number[][] };
            if (frame.type !== 'sys.positions' || !frame.units) return;
            for (const u of frame.units) {
              const fixAt = u[5] ?? 0;
              if (now - fixAt < 60_000) r.latenciesMs!.push(now - fixAt);
            }
            r.acked++;
          });
          ws.on('error', () => r.errors++);
        }),
    ),
  );
  parentPort?.postMessage({ ready: true });
  await new Promise((resolve) => setTimeout(resolve, j.seconds * 1000));
  for (const ws of sockets) ws.close();
  return r;
}

const run = { osmand, json: jsonBatch, jt808, live, consoles } as const;
const result = await (run[job.kind] as (j: LoadJob) => Promise<LoadResult>)(job);
parentPort?.postMessage({ result });
