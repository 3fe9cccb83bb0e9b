import type net from 'node:net';
import {
  decodeJt808Body,
  decodeJt808Message,
  encodeGeneralResponse,
  encodeRegisterResponse,
  FrameSplitter,
  Jt808RegisterResult,
  Jt808Result,
  SubpackageAssembler,
  type Jt808Header,
  type Jt808Message,
  type Jt808Register,
  type Jt808RegisterResultCode,
  type Jt808ResultCode,
  type Jt808Target,
} from '../../protocols/index.ts';
import { errorMessage, type IngestLogger } from '../../telemetry/log.ts';
import type { Metrics } from '../../telemetry/metrics.ts';
import type { CoordSystem } from '../../pipeline/types.ts';
import type { AcceptPositions } from '../osmand-http.ts';
import { summarise } from '../outcome.ts';
import { TokenBucket } from '@c120/shared/token-bucket';
import type { RefusalGate } from '../refusal-gate.ts';
import type { Jt808Config } from './config.ts';
import type { AuthOutcome, RegisterOutcome, TerminalAuthenticator } from './terminal-auth.ts';

/** A terminal authenticated on this connection. */
export interface Jt808Binding {
  terminalId: string;
  unitId: number;
  coordSystem: CoordSystem;
  /** Addressing for messages we send it (its phone field and protocol version, as it sent them). */
  target: Jt808Target;
  /** Hash of the auth code it authenticated with: a rotation or reset makes it invalid and ends the session. */
  authCodeHash: string;
  /** When the credential was last checked against the (cached) directory, epoch ms. */
  checkedAt: number;
}

export type DownlinkResult =
  | { status: 'acked' }
  /** The terminal answered 0x0001 with a non-zero result: 1 failed, 2 bad message, 3 unsupported. */
  | { status: 'refused'; result: number }
  /** No authenticated connection for the unit. */
  | { status: 'offline' }
  | { status: 'timeout' };

export interface SessionDeps {
  config: Jt808Config;
  metrics: Metrics;
  log: IngestLogger;
  auth: TerminalAuthenticator;
  accept: AcceptPositions;
  /** Refused registrations/authentications: unknown phones per address, wrong codes per terminal (refusal-gate.ts). */
  refusals: RefusalGate;
  onBind(session: Jt808Session, binding: Jt808Binding): void;
  onUnbind(session: Jt808Session, binding: Jt808Binding): void;
  onClose(session: Jt808Session): void;
}

interface PendingDownlink {
  msgId: number;
  resolve: (r: DownlinkResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection from a terminal (or from a gateway multiplexing several: bindings are per phone number).
 * Frames are handled strictly in arrival order — authentication must precede the locations behind it — and
 * every terminal message is answered (0x8001 with its serial, or 0x8100 for a registration). Broken frames are
 * counted and dropped; what closes the connection is silence (idle timeout), a sustained flood (see
 * `maxFramesPerSecond`) or too many failed registrations/authentications from its address (`refused`).
 */
export class Jt808Session {
  readonly remote: string;
  private readonly splitter: FrameSplitter;
  private readonly assembler = new SubpackageAssembler();
  private readonly bindings = new Map<string, Jt808Binding>();
  private readonly downlinks = new Map<string, PendingDownlink>();
  private serial = 0;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private paused = false;
  private closed = false;
  private readonly frameBudget: TokenBucket;
  /** Frames discarded in a row by the flood guard. */
  private floodStreak = 0;
  /** When the connection opened, and when it last delivered a decodable frame (epoch ms; 0: none yet). */
  readonly openedAt = Date.now();
  private lastFrameAt = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly deps: SessionDeps,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.splitter = new FrameSplitter({ maxFrameLength: deps.config.maxFrameLength });
    this.frameBudget = new TokenBucket(deps.config.maxFramesPerSecond, deps.config.burstFrames, Date.now());
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(deps.config.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => {
      deps.metrics.inc('jt808_idle_timeouts_total');
      socket.destroy();
    });
    socket.on('error', () => deps.metrics.inc('jt808_socket_errors_total'));
    socket.on('close', () => this.onClosed());
  }

  get terminalIds(): string[] {
    return [...this.bindings.keys()];
  }

  binding(terminalId: string): Jt808Binding | undefined {
    return this.bindings.get(terminalId);
  }

  close(): void {
    this.socket.destroy();
  }

  /**
   * No decodable frame for `idleTimeoutMs` (or none at all within `firstFrameTimeoutMs` of opening): the server's
   * sweep closes it. Bytes of a half-frame do not count.
   */
  silentTooLong(now: number): boolean {
    const { idleTimeoutMs, firstFrameTimeoutMs } = this.deps.config;
    return this.lastFrameAt === 0
      ? now - this.openedAt > Math.min(firstFrameTimeoutMs, idleTimeoutMs)
      : now - this.lastFrameAt > idleTimeoutMs;
  }

  /**
   * A phone number that is not a terminal: counted against the address. Past the limit, hang up — a connection
   * that brings unknown phones is not a fleet's; the address's known terminals may still connect.
   */
  private unknownPhone(): void {
    if (!this.deps.refusals.unknownDevice(this.socket.remoteAddress) || this.closed) return;
    this.hangUp('too many unknown terminals from this address');
  }

  private hangUp(reason: string): void {
    this.deps.metrics.inc('ingest_refusal_limited_total', { transport: 'jt808' });
    this.deps.log.warn(`JT/T 808 ${this.remote}: ${reason}, closing`);
    // The refusal just written goes out first (end flushes), then the connection is gone either way.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** The address is over its unknown-terminal limit and this phone is not one this process knows. */
  private refusedUnseen(phone: string): boolean {
    return this.deps.refusals.admit(this.socket.remoteAddress, 'jt808', [phone]) > 0;
  }

  /** Sends a platform message to a terminal bound here and waits for its 0x0001 answer. */
  send(
    terminalId: string,
    msgId: number,
    build: (target: Jt808Target, serial: number) => Buffer,
  ): Promise<DownlinkResult> {
    const binding = this.bindings.get(terminalId);
    if (!binding || this.closed) return Promise.resolve({ status: 'offline' });
    const serial = this.nextSerial();
    const frame = build(binding.target, serial);
    const key = `${terminalId}:${serial}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.downlinks.delete(key);
        resolve({ status: 'timeout' });
      }, this.deps.config.downlinkTimeoutMs);
      this.downlinks.set(key, { msgId, resolve, timer });
      this.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    const receivedAt = new Date();
    const { droppedBytes, oversizeFrames } = this.splitter;
    const frames = this.splitter.push(chunk);
    const m = this.deps.metrics;
    if (this.splitter.oversizeFrames > oversizeFrames) {
      m.inc('jt808_oversize_frames_total', undefined, this.splitter.oversizeFrames - oversizeFrames);
    }
    if (this.splitter.droppedBytes > droppedBytes) {
      m.inc('jt808_dropped_bytes_total', undefined, this.splitter.droppedBytes - droppedBytes);
    }
    const now = receivedAt.getTime();
    for (const frame of frames) {
      if (this.frameBudget.take(now)) {
        this.floodStreak = 0;
        this.enqueue(frame, receivedAt);
        continue;
      }
      m.inc('jt808_frames_rate_limited_total');
      if (++this.floodStreak >= this.deps.config.floodCloseAfterFrames && !this.closed) {
        m.inc('jt808_flood_disconnects_total');
        this.deps.log.warn(`JT/T 808 ${this.remote}: flooding (${this.floodStreak} frames over the limit), closed`);
        this.close();
        return;
      }
    }
  }

  private enqueue(frame: Buffer, receivedAt: Date): void {
    this.queued += 1;
    if (this.queued >= this.deps.config.maxQueuedFrames && !this.paused) {
      // A terminal (or a replay tool) sending faster than we answer: stop reading until we catch up.
      this.paused = true;
      this.socket.pause();
    }
    this.chain = this.chain
      .then(() => this.handleFrame(frame, receivedAt))
      .catch((err: unknown) => {
        this.deps.metrics.inc('jt808_handler_errors_total');
        this.deps.log.error(`JT/T 808 ${this.remote}: ${errorMessage(err)}`);
      })
      .finally(() => {
        this.queued -= 1;
        if (this.paused && this.queued <= this.deps.config.maxQueuedFrames / 2) {
          this.paused = false;
          if (!this.closed) this.socket.resume();
        }
      });
  }

  private async handleFrame(frame: Buffer, receivedAt: Date): Promise<void> {
    if (this.closed) return;
    const { verifyChecksum, verifyLength } = this.deps.config;
    const msg = decodeJt808Message(frame, { verifyChecksum, verifyLength });
    await this.handleMessage(msg, receivedAt, null);
  }

  /** `replyTo`: for a reassembled message, the packet that completed it (its serial is the one awaited). */
  private async handleMessage(msg: Jt808Message, receivedAt: Date, replyTo: Jt808Header | null): Promise<void> {
    const m = this.deps.metrics;
    if (msg.kind === 'invalid') {
      if (!msg.header) {
        m.inc('jt808_malformed_frames_total');
        return; // nothing in it can be trusted, not even whom to answer
      }
      m.inc('jt808_bad_messages_total');
      this.lastFrameAt = Date.now();
      return this.respond(replyTo ?? msg.header, Jt808Result.BadMessage);
    }
    m.inc('jt808_messages_total', { kind: msg.kind });
    this.lastFrameAt = Date.now();
    const header = replyTo ?? msg.header;
    switch (msg.kind) {
      case 'fragment': {
        const r = this.assembler.push(msg.header, msg.body);
        if (r.status === 'rejected') {
          m.inc('jt808_bad_messages_total');
          return this.respond(msg.header, Jt808Result.BadMessage);
        }
        if (r.status === 'pending') return this.respond(msg.header, Jt808Result.Ok);
        return this.handleMessage(decodeJt808Body(r.header, r.body), receivedAt, msg.header);
      }
      case 'register':
        return this.register(header, msg.header.terminalId, msg.register);
      case 'auth':
        return this.authenticate(header, msg.header, msg.auth.authCode);
      case 'heartbeat':
        return this.respond(header, Jt808Result.Ok);
      case 'logout': {
        const b = this.bindings.get(msg.header.terminalId);
        if (b) {
          this.bindings.delete(b.terminalId);
          this.deps.onUnbind(this, b);
        }
        return this.respond(header, Jt808Result.Ok);
      }
      case 'terminalResponse': {
        const key = `${msg.header.terminalId}:${msg.response.replySerial}`;
        const pending = this.downlinks.get(key);
        if (pending && pending.msgId === msg.response.replyMsgId) {
          this.downlinks.delete(key);
          clearTimeout(pending.timer);
          pending.resolve(
            msg.response.result === 0 ? { status: 'acked' } : { status: 'refused', result: msg.response.result },
          );
        }
        return; // responses are not answered
      }
      case 'location':
      case 'locationBatch':
        return this.locations(header, msg.header.terminalId, msg.positions, msg.rejected.length, receivedAt);
      case 'unknown':
        return this.respond(header, Jt808Result.Unsupported);
    }
  }

  private async register(header: Jt808Header, terminalId: string, claim: Jt808Register): Promise<void> {
    const m = this.deps.metrics;
    const gate = this.deps.refusals;
    const answer = (result: Jt808RegisterResultCode, authCode?: string) =>
      this.write(
        encodeRegisterResponse(targetOf(header), this.nextSerial(), {
          replySerial: header.serial,
          result,
          ...(authCode !== undefined ? { authCode } : {}),
        }),
      );
    if (this.refusedUnseen(terminalId)) {
      m.inc('jt808_registrations_total', { result: 'limited' });
      answer(Jt808RegisterResult.NoSuchTerminal);
      return this.hangUp('too many unknown terminals from this address');
    }
    if (gate.deviceBlocked('jt808', terminalId)) {
      // Refused over and over lately: answer without asking the database (a registered terminal never needs to).
      m.inc('jt808_registrations_total', { result: 'limited' });
      return answer(Jt808RegisterResult.TerminalAlreadyRegistered);
    }
    let outcome: RegisterOutcome;
    try {
      outcome = await this.deps.auth.register(terminalId, {
        makerId: claim.makerId,
        model: claim.model,
        terminalId: claim.terminalId,
        plate: claim.plate,
      });
    } catch (err) {
      // 0x8100 has no "try later": stay silent and the terminal registers again.
      m.inc('jt808_registrations_total', { result: 'error' });
      this.deps.log.warn(`JT/T 808 registration of ${terminalId} failed: ${errorMessage(err)}`);
      return;
    }
    m.inc('jt808_registrations_total', { result: outcome.status });
    switch (outcome.status) {
      case 'ok':
        return answer(Jt808RegisterResult.Ok, outcome.authCode);
      case 'unknown':
        this.deps.log.warn(
          `JT/T 808 terminal ${terminalId} (${this.remote}) tried to register: not in device_credentials`,
        );
        answer(Jt808RegisterResult.NoSuchTerminal);
        return this.unknownPhone();
      case 'terminal_registered':
      case 'vehicle_registered':
        // No code: a phone number is not a secret. Only an administrator's rotate/reset allows a new registration.
        this.deps.log.warn(
          `JT/T 808 terminal ${terminalId} (${this.remote}) tried to register again (${outcome.status}); ` +
            'an administrator must rotate its code or reset it',
        );
        answer(
          outcome.status === 'terminal_registered'
            ? Jt808RegisterResult.TerminalAlreadyRegistered
            : Jt808RegisterResult.VehicleAlreadyRegistered,
        );
        gate.failed('jt808', terminalId);
        return;
    }
  }

  private async authenticate(replyTo: Jt808Header, header: Jt808Header, code: string): Promise<void> {
    const m = this.deps.metrics;
    const phone = header.terminalId;
    if (this.refusedUnseen(phone)) {
      m.inc('jt808_auth_total', { result: 'limited' });
      this.respond(replyTo, Jt808Result.Fail);
      return this.hangUp('too many unknown terminals from this address');
    }
    let outcome: AuthOutcome;
    try {
      // A terminal over its failure limit is checked against the cache only: the right code still gets in.
      outcome = await this.deps.auth.authenticate(phone, code, !this.deps.refusals.deviceBlocked('jt808', phone));
    } catch (err) {
      m.inc('jt808_auth_total', { result: 'error' });
      this.deps.log.warn(`JT/T 808 authentication of ${phone} failed: ${errorMessage(err)}`);
      return this.respond(replyTo, Jt808Result.Fail);
    }
    m.inc('jt808_auth_total', { result: outcome.status });
    if (outcome.status !== 'ok') {
      this.respond(replyTo, Jt808Result.Fail);
      if (outcome.status === 'unknown') return this.unknownPhone();
      this.deps.refusals.failed('jt808', phone);
      return;
    }
    const binding: Jt808Binding = {
      terminalId: phone,
      unitId: outcome.credential.unitId,
      coordSystem: outcome.credential.coordSystem,
      target: targetOf(header),
      authCodeHash: outcome.credential.authCodeHash ?? '',
      checkedAt: Date.now(),
    };
    this.bindings.set(binding.terminalId, binding);
    this.deps.onBind(this, binding);
    return this.respond(replyTo, Jt808Result.Ok);
  }

  /** Ends the binding of `terminalId` here (code rotated, registration reset, credential revoked). */
  unbind(terminalId: string): boolean {
    const b = this.bindings.get(terminalId);
    if (!b) return false;
    this.bindings.delete(terminalId);
    this.deps.onUnbind(this, b);
    // A connection left without terminals has nothing more to say: hang up, the terminal re-authenticates.
    if (this.bindings.size === 0) this.close();
    return true;
  }

  /**
   * A bound terminal's credential, re-read from the (cached) directory every `credentialCheckMs`: an auth code
   * rotated or reset, or a credential revoked, by another process ends the session within that time (this
   * process's administrator routes end it at once through `disconnectTerminal`).
   */
  private async stillValid(binding: Jt808Binding): Promise<boolean> {
    const t = Date.now();
    if (t - binding.checkedAt < this.deps.config.credentialCheckMs) return true;
    binding.checkedAt = t;
    try {
      if (await this.deps.auth.holds(binding.terminalId, binding.authCodeHash)) return true;
    } catch {
      return true; // the database is away: keep the session, the writer buffers
    }
    this.deps.log.warn(`JT/T 808 terminal ${binding.terminalId}: its auth code is no longer valid, session ended`);
    this.unbind(binding.terminalId);
    return false;
  }

  private async locations(
    header: Jt808Header,
    terminalId: string,
    positions: Parameters<AcceptPositions>[0],
    undecodable: number,
    receivedAt: Date,
  ): Promise<void> {
    const m = this.deps.metrics;
    if (undecodable) m.inc('ingest_decode_errors_total', { protocol: 'jt808' }, undecodable);
    let binding = this.bindings.get(terminalId);
    if (binding && !(await this.stillValid(binding))) binding = undefined;
    if (!binding && !this.deps.config.acceptBeforeAuth) {
      m.inc('ingest_positions_received_total', { protocol: 'jt808' }, positions.length);
      m.inc('ingest_positions_rejected_total', { reason: 'not_authenticated' }, positions.length);
      return this.respond(header, Jt808Result.Fail);
    }
    // An unusable fix (e.g. a bad time) is acknowledged: resending it would not make it better.
    if (positions.length === 0) return this.respond(header, Jt808Result.Ok);
    const results = await this.deps.accept(positions, {
      protocol: 'jt808',
      receivedAt,
      remote: this.remote,
      bound: binding ? { unitId: binding.unitId, coordSystem: binding.coordSystem } : undefined,
    });
    const outcome = summarise(results);
    return this.respond(header, outcome.kind === 'ok' ? Jt808Result.Ok : Jt808Result.Fail);
  }

  private respond(header: Jt808Header, result: Jt808ResultCode): void {
    this.write(
      encodeGeneralResponse(targetOf(header), this.nextSerial(), {
        replySerial: header.serial,
        replyMsgId: header.msgId,
        result,
      }),
    );
  }

  private write(frame: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(frame);
  }

  private nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.downlinks.values()) {
      clearTimeout(p.timer);
      p.resolve({ status: 'offline' });
    }
    this.downlinks.clear();
    this.deps.onClose(this);
  }
}

function targetOf(header: Jt808Header): Jt808Target {
  return { phone: header.phone, version: header.version, protocolVersion: header.protocolVersion };
}
