/**
 * Issue 14, point 6 (JT/T 808): 200 idle half-frames from one address stayed open. Now one address may hold at
 * most `maxConnectionsPerAddress` connections (JT808_MAX_CONNECTIONS_PER_ADDRESS) — other addresses are not
 * affected — and a connection is judged idle by complete frames, not bytes: a trickled half-frame is closed.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../../ingest.ts';
import { buildJt808Frame, Jt808MsgId } from '../../protocols/index.ts';

const CAP = 5;

/** A raw TCP connection from `localAddress`; resolves once connected. */
function open(port: number, localAddress = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(s));
    s.once('error', reject);
    s.on('data', () => {});
  });
}

const closed = (s: net.Socket) => s.destroyed || s.readyState === 'closed';

async function until(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A heartbeat frame; the platform answers 0x8001 (the connection delivered a complete frame). */
function heartbeat(serial: number): Buffer {
  return buildJt808Frame({ phone: '013700000000', version: 2013 }, Jt808MsgId.Heartbeat, serial, Buffer.alloc(0));
}

function answered(s: net.Socket): Promise<void> {
  return new Promise((resolve) => s.once('data', () => resolve()));
}

describe(`JT/T 808 connections per address on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let port: number;
  const sockets: net.Socket[] = [];
  const keep = (s: net.Socket) => {
    sockets.push(s);
    s.on('close', () => {});
    s.on('error', () => {});
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ingest = createIngest({
      db,
      config: { jt808: { maxConnectionsPerAddress: CAP, firstFrameTimeoutMs: 400, idleTimeoutMs: 1500 } },
    });
    port = (await ingest.startServers({ jt808Port: 0, host: '127.0.0.1' })).jt808Port!;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await ingest?.stop();
    await db?.close();
  });

  it('refuses connection N+1 from one address; another address is not affected; a closed one frees a place', async () => {
    const mine: net.Socket[] = [];
    for (let i = 0; i < CAP; i++) {
      const s = keep(await open(port));
      const reply = answered(s);
      s.write(heartbeat(i));
      await reply; // each one is a live connection the server answers
      mine.push(s);
    }
    const extra = keep(await open(port));
    await until(() => closed(extra));
    expect(ingest.metrics().jt808_address_limited_total).toBe(1);
    expect(mine.every((s) => !closed(s))).toBe(true);

    const elsewhere = keep(await open(port, '127.0.0.2'));
    const reply = answered(elsewhere);
    elsewhere.write(heartbeat(99));
    await reply;
    expect(closed(elsewhere)).toBe(false);

    mine[0]!.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const again = keep(await open(port));
    const replyAgain = answered(again);
    again.write(heartbeat(100));
    await replyAgain;
    expect(ingest.metrics().jt808_address_limited_total).toBe(1);
    for (const s of [...mine, elsewhere, again]) s.destroy();
  });

  it('closes a connection that only trickles a half-frame; one that sends frames stays', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const before = ingest.metrics().jt808_idle_timeouts_total ?? 0;
    const trickler = keep(await open(port));
    const talker = keep(await open(port));
    const half = heartbeat(1).subarray(0, 8);
    let i = 0;
    const timer = setInterval(() => {
      // A byte every 50 ms keeps the socket busy but never completes a frame.
      if (!closed(trickler)) trickler.write(half.subarray(i % half.length, (i % half.length) + 1));
      if (!closed(talker) && i % 4 === 0) talker.write(heartbeat(i));
      i++;
    }, 50);
    try {
      await until(() => closed(trickler), 3000);
      expect(closed(talker)).toBe(false);
      expect(ingest.metrics().jt808_idle_timeouts_total).toBe(before + 1);
    } finally {
      clearInterval(timer);
      talker.destroy();
    }
  });
});
