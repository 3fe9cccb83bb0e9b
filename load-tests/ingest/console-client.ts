/**
 * A light console for the fan-out rows: many WebSockets in one process, each signed in (Bearer session) and
 * subscribed to the position stream like the console's board. Per frame it only time-stamps and counts; every
 * distinct position frame is parsed once (all consoles receive the same bytes), and the latency of each fix in
 * it (arrival − the fix time the sender stamped, same machine clock) goes into a 1 ms histogram.
 */
import WebSocket from 'ws';
import { Histogram } from './histogram.ts';
import type { LoadResult } from './load-types.ts';

export interface ConsolesJob {
  kind: 'consoles';
  url: string;
  /** A dispatcher's session token (the upgrade needs a session). */
  token: string;
  consoles: number;
  /** Longest listen after every console is subscribed; the bench ends it earlier with a `stop` message. */
  seconds: number;
}

const POSITIONS_PREFIX = '{"type":"sys.positions","t":';
/** Only fixes stamped within this long before arrival are the bench sender's live fixes. */
const LIVE_WINDOW_MS = 60_000;

export async function runConsoles(j: ConsolesJob, ready: () => void): Promise<LoadResult> {
  const r: LoadResult = { sent: 0, acked: 0, refused: 0, errors: 0, errorKinds: {}, frames: [], fixesDelivered: 0 };
  const hist = new Histogram();
  // Fix times of each distinct frame, keyed by its `t` and length; the last few hundred kept.
  const frames = new Map<string, number[]>();
  const fixTimes = (data: Buffer): number[] => {
    const head = data.toString('latin1', 0, Math.min(data.length, 48));
    if (!head.startsWith(POSITIONS_PREFIX)) return [];
    const key = `${head.slice(POSITIONS_PREFIX.length, head.indexOf(',', POSITIONS_PREFIX.length))}/${data.length}`;
    let times = frames.get(key);
    if (!times) {
      const frame = JSON.parse(data.toString()) as { units: [number, number, number, unknown, unknown, number][] };
      times = frame.units.map((u) => u[5]);
      frames.set(key, times);
      if (frames.size > 500) frames.delete(frames.keys().next().value!);
    }
    return times;
  };
  const counts = new Array<number>(j.consoles).fill(0);
  const error = (kind: string) => {
    r.errors++;
    r.errorKinds[kind] = (r.errorKinds[kind] ?? 0) + 1;
  };
  const open = (i: number) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${j.url.replace(/^http/, 'ws')}/ws`, {
        headers: { authorization: `Bearer ${j.token}` },
        perMessageDeflate: false,
      });
      let synced = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', positions: true })));
      ws.on('message', (data: Buffer) => {
        const at = Date.now();
        if (!synced) {
          if (data.includes('"sys.synced"')) {
            synced = true;
            resolve(ws);
          }
          return;
        }
        counts[i]!++;
        for (const fixAt of fixTimes(data)) {
          const ms = at - fixAt;
          if (ms < LIVE_WINDOW_MS) {
            hist.add(ms);
            r.fixesDelivered!++;
          }
        }
      });
      ws.on('unexpected-response', (_req, res) =>
        reject(new Error(`console ${i}: upgrade answered ${res.statusCode}`)),
      );
      ws.on('error', (err) => (synced ? error(err.message) : reject(err)));
      ws.on('close', (code) => {
        if (!closing) error(`closed by server ${code}`);
      });
    });
  let closing = false;
  // Connect in groups: a thousand simultaneous upgrades measure the accept queue, not the stream.
  const sockets: WebSocket[] = [];
  for (let i = 0; i < j.consoles; i += 50) {
    const group = Array.from({ length: Math.min(50, j.consoles - i) }, (_, k) => open(i + k));
    sockets.push(...(await Promise.all(group)));
  }
  ready();
  // Until the bench says stop (its sender is done and the last tick is out), at most `seconds`.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, j.seconds * 1000);
    process.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  closing = true;
  for (const ws of sockets) ws.close();
  r.latency = hist.toPairs();
  r.frames = counts;
  r.acked = counts.reduce((a, b) => a + b, 0);
  return r;
}
