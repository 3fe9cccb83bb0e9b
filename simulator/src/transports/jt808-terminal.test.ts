/** The simulated terminal against a scripted platform on a real TCP socket (no database). */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeJt808Message,
  encodeGeneralResponse,
  encodeRegisterResponse,
  encodeTextMessage,
  FrameSplitter,
  type Jt808Message,
} from '@c120/gps-ingest/protocols';
import { Jt808Terminal } from './jt808-terminal.ts';
import type { TerminalFix } from '@c120/gps-ingest/jt808-client';

interface Platform {
  port: number;
  received: Jt808Message[];
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** Answers like the ingest server: 0x8100 with a code, 0x8001 to the rest (auth ok only with the right code). */
async function platform(code = 'c0de42'): Promise<Platform> {
  const received: Jt808Message[] = [];
  const sockets: net.Socket[] = [];
  let serial = 0;
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const splitter = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const f of splitter.push(chunk)) {
        const m = decodeJt808Message(f);
        received.push(m);
        if (m.kind === 'invalid' || m.kind === 'terminalResponse') continue;
        const h = m.header;
        if (m.kind === 'register') {
          socket.write(encodeRegisterResponse(h, serial++, { replySerial: h.serial, result: 0, authCode: code }));
        } else {
          const ok = m.kind !== 'auth' || m.auth.authCode === code;
          socket.write(
            encodeGeneralResponse(h, serial++, { replySerial: h.serial, replyMsgId: h.msgId, result: ok ? 0 : 1 }),
          );
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const fix = (t: number): TerminalFix => ({
  time: new Date(t),
  lat: 32,
  lon: 119.57,
  speedKmh: 0,
  headingDeg: 0,
  altitudeM: 8,
  mileageKm: 1000,
  satellites: 9,
  signal: 28,
});

async function until(probe: () => boolean, tick: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    tick();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simulated JT/T 808 terminal', () => {
  let p: Platform;
  let terminal: Jt808Terminal | null = null;
  afterEach(async () => {
    terminal?.stop();
    await p?.close();
  });

  it('registers, authenticates with the code, reports, back-fills what it kept, answers a text', async () => {
    p = await platform();
    const texts: string[] = [];
    const lines: string[] = [];
    terminal = new Jt808Terminal({
      host: '127.0.0.1',
      port: p.port,
      label: '丹阳120-01',
      log: (l) => lines.push(l),
      identity: {
        phone: '013800006000',
        province: 32,
        city: 1181,
        makerId: 'SIM01',
        model: 'M',
        terminalId: 'T1',
        plateColor: 1,
        plate: '苏L·B1201',
      },
      onText: (t) => texts.push(t),
    });
    const t0 = Date.now();
    terminal.start(t0);
    terminal.report(fix(t0 - 2000), t0); // before the handshake: kept for the back-fill
    const term = terminal;
    await until(
      () => term.online,
      () => term.tick(Date.now()),
    );
    terminal.report(fix(t0), Date.now());
    await until(
      () => term.stats.acked >= 2,
      () => term.tick(Date.now()),
    );
    expect(p.received.map((m) => m.kind)).toEqual(['register', 'auth', 'locationBatch', 'location']);
    expect(lines.some((l) => l.includes('online'))).toBe(true);

    p.sockets[0]?.write(
      encodeTextMessage({ phone: '013800006000', version: 2013 }, 99, { text: '120派车：胸痛', tts: true }),
    );
    await until(
      () => p.received.some((m) => m.kind === 'terminalResponse'),
      () => term.tick(Date.now()),
    );
    expect(texts).toEqual(['120派车：胸痛']);
    const answer = p.received.find((m) => m.kind === 'terminalResponse');
    expect(answer?.kind === 'terminalResponse' && answer.response).toEqual({
      replySerial: 99,
      replyMsgId: 0x8300,
      result: 0,
    });

    // Heartbeat after silence.
    terminal.tick(Date.now() + 31_000);
    await until(
      () => p.received.some((m) => m.kind === 'heartbeat'),
      () => {},
    );
  });

  it('after a dropped connection authenticates again with the kept code, without registering', async () => {
    p = await platform();
    terminal = new Jt808Terminal({
      host: '127.0.0.1',
      port: p.port,
      label: 'u',
      log: () => {},
      identity: {
        phone: '13800006001',
        province: 32,
        city: 1181,
        makerId: 'S',
        model: 'M',
        terminalId: 'T',
        plateColor: 1,
        plate: 'P',
      },
    });
    const term = terminal;
    term.start(Date.now());
    await until(
      () => term.online,
      () => term.tick(Date.now()),
    );
    p.sockets[0]?.destroy();
    await until(
      () => !term.online,
      () => {},
    );
    // Back-off is at least ~1 s: let the tick run past it.
    await until(
      () => term.online,
      () => term.tick(Date.now() + 5_000),
      8000,
    );
    expect(p.received.filter((m) => m.kind === 'register')).toHaveLength(1);
    expect(p.received.filter((m) => m.kind === 'auth')).toHaveLength(2);
  });
});
