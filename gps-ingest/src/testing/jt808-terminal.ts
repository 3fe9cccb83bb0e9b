/**
 * Test support: a raw JT/T 808 connection over a real TCP socket for server tests — it sends whatever frames a
 * test builds (malformed ones too) and collects the platform's answers. The behaving terminal (register once,
 * authenticate, heartbeat, back-fill) is the simulator's; both build frames with protocols/jt808/terminal-frames.
 */
import net from 'node:net';
import {
  buildJt808Frame,
  FrameSplitter,
  parseJt808Frame,
  type Jt808Header,
  type Jt808Target,
} from '../protocols/index.ts';
import { registerBody as terminalRegisterBody } from '../protocols/jt808/terminal-frames.ts';

export interface PlatformMessage {
  header: Jt808Header;
  body: Buffer;
}

export class TestTerminal {
  readonly target: Jt808Target;
  private socket!: net.Socket;
  private readonly splitter = new FrameSplitter();
  private readonly inbox: PlatformMessage[] = [];
  private waiting: (() => void) | null = null;
  private serial = 0;
  closed = false;

  constructor(
    private readonly port: number,
    phone = '013511221122',
  ) {
    this.target = { phone, version: 2013 };
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = net.connect(this.port, '127.0.0.1', () => resolve());
      this.socket.once('error', reject);
      this.socket.on('close', () => {
        this.closed = true;
        this.waiting?.();
      });
      this.socket.on('data', (chunk: Buffer) => {
        for (const frame of this.splitter.push(chunk)) {
          const parsed = parseJt808Frame(frame);
          if (parsed.ok) this.inbox.push({ header: parsed.header, body: parsed.body });
        }
        this.waiting?.();
      });
    });
  }

  /** Sends a message; returns its serial. */
  send(msgId: number, body: Buffer): number {
    const serial = this.serial++;
    this.socket.write(buildJt808Frame(this.target, msgId, serial, body));
    return serial;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next platform message matching `match` (earlier non-matching ones are discarded). */
  async next(match: (m: PlatformMessage) => boolean, timeoutMs = 5000): Promise<PlatformMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching platform message');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiting = null;
    }
  }

  /** The 0x8001 answering our message `serial`: its result byte. */
  async generalResponse(serial: number): Promise<{ msgId: number; result: number }> {
    const m = await this.next((x) => x.header.msgId === 0x8001 && x.body.readUInt16BE(0) === serial);
    return { msgId: m.body.readUInt16BE(2), result: m.body.readUInt8(4) };
  }

  /** The 0x8100 answering our registration `serial`. */
  async registerResponse(serial: number): Promise<{ result: number; authCode: string }> {
    const m = await this.next((x) => x.header.msgId === 0x8100 && x.body.readUInt16BE(0) === serial);
    return { result: m.body.readUInt8(2), authCode: m.body.subarray(3).toString('latin1') };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A 2013 0x0100 body of a test terminal: Jiangsu/Danyang, maker TEST1, model MODEL-X, yellow plate. */
export function registerBody(plate = 'SU-A12345', terminalId = 'T000001'): Buffer {
  return terminalRegisterBody({
    phone: '',
    province: 32,
    city: 1181,
    makerId: 'TEST1',
    model: 'MODEL-X',
    terminalId,
    plateColor: 2,
    plate,
  });
}

/** A 0x0704 body from 0x0200 bodies. */
export function batchBody(items: readonly Buffer[], backfill = true): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt16BE(items.length, 0);
  head.writeUInt8(backfill ? 1 : 0, 2);
  const parts: Buffer[] = [head];
  for (const item of items) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(item.length, 0);
    parts.push(len, item);
  }
  return Buffer.concat(parts);
}
