/**
 * One simulated JT/T 808 vehicle terminal on its own TCP connection, behaving like a real one: register
 * (0x0100) once and keep the auth code it is given, authenticate (0x0102) on every connection, report
 * locations (0x0200), heartbeat (0x0002) when otherwise silent, answer platform commands (0x8103, 0x8300) with
 * 0x0001, and while disconnected keep the latest fixes to back-fill them (0x0704) after reconnecting.
 * It owns no timers: the simulator's single tick calls `tick(now)` for handshake timeouts, heartbeats and
 * reconnect back-off.
 */
import net from 'node:net';
import { FrameSplitter, Jt808MsgId } from '@c120/gps-ingest/protocols';
import {
  authFrame,
  heartbeatFrame,
  locationBatchFrame,
  locationFrame,
  readPlatformFrame,
  registerFrame,
  terminalResponseFrame,
  type PlatformMessage,
  type TerminalFix,
  type TerminalIdentity,
} from '@c120/gps-ingest/jt808-client';

export interface Jt808TerminalOptions {
  host: string;
  port: number;
  identity: TerminalIdentity;
  /** Who this is in logs (the unit's call sign). */
  label: string;
  log: (line: string) => void;
  /** Heartbeat after this much silence, ms (terminals default to 30–60 s; the platform drops at 180 s). */
  heartbeatMs?: number;
  /** Give up on a register/auth answer after this long, ms. */
  handshakeTimeoutMs?: number;
  /** The platform sent a text (0x8300): dispatch job text, read aloud on a real terminal. */
  onText?: (text: string) => void;
  /** The platform set the default reporting interval (0x8103 parameter 0x0029), seconds. */
  onReportingInterval?: (seconds: number) => void;
  /**
   * An auth code the terminal already holds (a demo terminal the seed registered: `demoAuthCode`): it
   * authenticates with it and registers only if the code is refused.
   */
  authCode?: string;
}

type State = 'idle' | 'connecting' | 'registering' | 'authenticating' | 'online' | 'backoff' | 'stopped';

const BLIND_AREA_MAX = 20; // one 0x0704 frame stays well under the 1023-byte body limit

export class Jt808Terminal {
  private state: State = 'idle';
  private socket: net.Socket | null = null;
  private splitter = new FrameSplitter();
  private serial = 0;
  private authCode: Buffer | null = null;
  private awaitingSerial = -1;
  private deadline = 0;
  private retryAt = 0;
  private failures = 0;
  private lastSentAt = 0;
  private readonly blindArea: TerminalFix[] = [];
  readonly stats = { sent: 0, acked: 0, refused: 0, connects: 0, texts: 0 };

  constructor(private readonly o: Jt808TerminalOptions) {
    if (o.authCode) this.authCode = Buffer.from(o.authCode, 'latin1');
  }

  get online(): boolean {
    return this.state === 'online';
  }

  start(now: number): void {
    if (this.state === 'idle') this.connect(now);
  }

  /** Sends the fix if online; otherwise keeps it for the back-fill. */
  report(fix: TerminalFix, now: number): void {
    if (this.state !== 'online') {
      this.blindArea.push(fix);
      if (this.blindArea.length > BLIND_AREA_MAX) this.blindArea.shift();
      return;
    }
    this.write(locationFrame(this.o.identity.phone, this.nextSerial(), fix), now);
    this.stats.sent++;
  }

  tick(now: number): void {
    switch (this.state) {
      case 'registering':
      case 'authenticating':
      case 'connecting':
        if (now > this.deadline) {
          this.o.log(`${this.o.label}: JT/T 808 ${this.state} timed out; reconnecting`);
          this.fail(now);
        }
        break;
      case 'online':
        if (now - this.lastSentAt >= (this.o.heartbeatMs ?? 30_000)) {
          this.write(heartbeatFrame(this.o.identity.phone, this.nextSerial()), now);
        }
        break;
      case 'backoff':
        if (now >= this.retryAt) this.connect(now);
        break;
      default:
        break;
    }
  }

  stop(): void {
    this.state = 'stopped';
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(now: number): void {
    this.state = 'connecting';
    this.deadline = now + (this.o.handshakeTimeoutMs ?? 10_000);
    this.splitter = new FrameSplitter();
    const socket = net.connect(this.o.port, this.o.host);
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (this.socket !== socket) return;
      this.stats.connects++;
      this.handshake(Date.now());
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      for (const f of this.splitter.push(chunk)) this.onPlatform(readPlatformFrame(f));
    });
    socket.on('error', () => {}); // 'close' follows and handles it
    socket.on('close', () => {
      if (this.socket !== socket || this.state === 'stopped') return;
      this.socket = null;
      if (this.state === 'online') this.o.log(`${this.o.label}: JT/T 808 connection lost; reconnecting`);
      this.fail(Date.now());
    });
  }

  /** Registers only the first time: a terminal keeps its auth code across connections, as the standard intends. */
  private handshake(now: number): void {
    this.deadline = now + (this.o.handshakeTimeoutMs ?? 10_000);
    if (this.authCode) {
      this.state = 'authenticating';
      this.awaitingSerial = this.nextSerial();
      this.write(authFrame(this.o.identity.phone, this.awaitingSerial, this.authCode), now);
    } else {
      this.state = 'registering';
      this.awaitingSerial = this.nextSerial();
      this.write(registerFrame(this.o.identity, this.awaitingSerial), now);
    }
  }

  private onPlatform(m: PlatformMessage): void {
    const now = Date.now();
    switch (m.kind) {
      case 'register':
        if (this.state !== 'registering' || m.replySerial !== this.awaitingSerial) return;
        if (m.result !== 0) {
          // 4: not a known terminal; 1/3: registered already (it registers once) — an administrator must rotate
          // its code (POST /api/admin/devices/:id/jt808/rotate) before it may register again.
          this.o.log(
            `${this.o.label}: JT/T 808 registration refused (result ${m.result}: ` +
              `${m.result === 4 ? 'unknown terminal' : 'registered already; an administrator must rotate its code'})`,
          );
          this.fail(now, 30_000);
          return;
        }
        this.authCode = m.authCode;
        this.handshake(now);
        return;
      case 'general':
        if (this.state === 'authenticating' && m.replySerial === this.awaitingSerial) {
          if (m.result === 0) {
            this.state = 'online';
            this.failures = 0;
            this.o.log(`${this.o.label}: JT/T 808 terminal ${this.o.identity.phone} online`);
            this.backfill(now);
          } else {
            // The code is no longer valid (credential re-issued): register again for a new one.
            this.authCode = null;
            this.handshake(now);
          }
          return;
        }
        if (m.replyMsgId === Jt808MsgId.Location || m.replyMsgId === Jt808MsgId.LocationBatch) {
          if (m.result === 0) this.stats.acked++;
          else this.stats.refused++;
        }
        return;
      case 'parameters':
        for (const p of m.params) {
          if (p.id === 0x0029 && p.value.length === 4) this.o.onReportingInterval?.(p.value.readUInt32BE(0));
        }
        this.write(
          terminalResponseFrame(this.o.identity.phone, this.nextSerial(), m.header.serial, m.header.msgId),
          now,
        );
        return;
      case 'text':
        this.stats.texts++;
        this.o.onText?.(m.text);
        this.write(
          terminalResponseFrame(this.o.identity.phone, this.nextSerial(), m.header.serial, m.header.msgId),
          now,
        );
        return;
      default:
        return;
    }
  }

  private backfill(now: number): void {
    if (this.blindArea.length === 0) return;
    const fixes = this.blindArea.splice(0);
    this.write(locationBatchFrame(this.o.identity.phone, this.nextSerial(), fixes), now);
    this.stats.sent += fixes.length;
  }

  private fail(now: number, minDelayMs = 0): void {
    this.socket?.destroy();
    this.socket = null;
    if (this.state === 'stopped') return;
    this.failures++;
    // 1 s, 2 s, 4 s … 30 s, with jitter so a restarted server is not hit by every terminal at once.
    const delay = Math.max(minDelayMs, Math.min(30_000, 1000 * 2 ** Math.min(this.failures - 1, 5)));
    this.retryAt = now + delay * (0.75 + Math.random() * 0.5);
    this.state = 'backoff';
  }

  private write(bytes: Buffer, now: number): void {
    if (!this.socket) return;
    this.socket.write(bytes);
    this.lastSentAt = now;
  }

  private nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }
}
