import net from 'node:net';
import {
  encodeSetParameters,
  encodeTextMessage,
  Jt808MsgId,
  Jt808ParamId,
  type Jt808Target,
} from '../../protocols/index.ts';
import type { IngestLogger } from '../../telemetry/log.ts';
import type { Metrics } from '../../telemetry/metrics.ts';
import type { AcceptPositions } from '../osmand-http.ts';
import type { RefusalGate } from '../refusal-gate.ts';
import type { Jt808Config } from './config.ts';
import { Jt808Session, type DownlinkResult, type Jt808Binding } from './session.ts';
import type { TerminalAuthenticator } from './terminal-auth.ts';

export interface TextOptions {
  /** Read aloud by the terminal (TTS). Default true: a crew on the move should not have to look. */
  tts?: boolean;
  /** Show on the terminal's screen. Default true. */
  display?: boolean;
  emergency?: boolean;
}

interface UnitRoute {
  session: Jt808Session;
  terminalId: string;
}

/**
 * The JT/T 808 TCP server: accepts connections, runs one `Jt808Session` each, and knows which session
 * carries which unit so core can send it commands.
 */
export class Jt808Server {
  private readonly server: net.Server;
  private readonly sessions = new Set<Jt808Session>();
  private readonly units = new Map<number, UnitRoute>();
  /** Open connections per source address (`maxConnectionsPerAddress`). */
  private readonly perAddress = new Map<string, number>();
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: Jt808Config,
    private readonly auth: TerminalAuthenticator,
    private readonly accept: AcceptPositions,
    private readonly metrics: Metrics,
    private readonly log: IngestLogger,
    private readonly refusals: RefusalGate,
  ) {
    this.server = net.createServer((socket) => this.onConnection(socket));
    this.server.maxConnections = config.maxConnections;
    this.server.on('error', (err) => log.error(`JT/T 808 server: ${err.message}`));
    metrics.gauge('jt808_sessions_open', () => this.sessions.size);
    metrics.gauge('jt808_units_online', () => this.units.size);
  }

  /** Listens; resolves with the bound port (pass 0 for an ephemeral one). */
  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        this.startSweep();
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Stops accepting and closes every connection (terminals reconnect to whoever listens next). */
  async close(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sessions) s.close();
    if (this.server.listening) await closed;
  }

  isOnline(unitId: number): boolean {
    return this.units.has(unitId);
  }

  /** Sends a platform message to the unit's terminal and waits for its 0x0001 answer. */
  send(unitId: number, msgId: number, build: (target: Jt808Target, serial: number) => Buffer): Promise<DownlinkResult> {
    const route = this.units.get(unitId);
    const result = route
      ? route.session.send(route.terminalId, msgId, build)
      : Promise.resolve<DownlinkResult>({ status: 'offline' });
    return result.then((r) => {
      this.metrics.inc('jt808_downlink_total', { msg: `0x${msgId.toString(16).padStart(4, '0')}`, result: r.status });
      return r;
    });
  }

  /** 0x8103, parameter 0x0029 (default time reporting interval, seconds). */
  setReportingInterval(unitId: number, seconds: number): Promise<DownlinkResult> {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
      throw new RangeError(`reporting interval must be 1–86400 s, got ${seconds}`);
    }
    return this.send(unitId, Jt808MsgId.SetParameters, (target, serial) =>
      encodeSetParameters(target, serial, [{ id: Jt808ParamId.DefaultReportInterval, type: 'dword', value: seconds }]),
    );
  }

  /** 0x8300 text message, read aloud by default. */
  sendText(unitId: number, text: string, options: TextOptions = {}): Promise<DownlinkResult> {
    return this.send(unitId, Jt808MsgId.TextMessage, (target, serial) =>
      encodeTextMessage(target, serial, {
        text,
        tts: options.tts ?? true,
        display: options.display ?? true,
        emergency: options.emergency ?? false,
      }),
    );
  }

  /** Ends every session of this terminal (phone number as decoded or as stored); returns how many. */
  disconnectTerminal(phone: string): number {
    const bare = phone.replace(/^0+(?=.)/, '');
    let n = 0;
    for (const s of this.sessions) {
      for (const id of s.terminalIds) if (id.replace(/^0+(?=.)/, '') === bare && s.unbind(id)) n++;
    }
    return n;
  }

  /** Closes connections silent (no decodable frame) for too long; a half-frame's bytes do not keep one open. */
  private startSweep(): void {
    if (this.sweep) return;
    const { idleTimeoutMs, firstFrameTimeoutMs } = this.config;
    const every = Math.max(50, Math.min(5_000, Math.min(idleTimeoutMs, firstFrameTimeoutMs) / 4));
    this.sweep = setInterval(() => {
      const now = Date.now();
      for (const s of this.sessions) {
        if (!s.silentTooLong(now)) continue;
        this.metrics.inc('jt808_idle_timeouts_total');
        s.close();
      }
    }, every);
    this.sweep.unref();
  }

  private onConnection(socket: net.Socket): void {
    this.metrics.inc('jt808_connections_total');
    const address = socket.remoteAddress ?? '?';
    const open = this.perAddress.get(address) ?? 0;
    const cap = this.config.maxConnectionsPerAddress;
    if (cap > 0 && open >= cap) {
      // One address may not hold the server's connections; other addresses are unaffected.
      this.metrics.inc('jt808_address_limited_total');
      socket.destroy();
      return;
    }
    this.perAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
    const session = new Jt808Session(socket, {
      config: this.config,
      metrics: this.metrics,
      log: this.log,
      auth: this.auth,
      accept: this.accept,
      refusals: this.refusals,
      onBind: (s, b) => this.bind(s, b),
      onUnbind: (s, b) => {
        if (this.units.get(b.unitId)?.session === s) this.units.delete(b.unitId);
      },
      onClose: (s) => {
        this.sessions.delete(s);
        for (const [unitId, route] of this.units) if (route.session === s) this.units.delete(unitId);
      },
    });
    this.sessions.add(session);
  }

  private bind(session: Jt808Session, binding: Jt808Binding): void {
    const previous = this.units.get(binding.unitId);
    this.units.set(binding.unitId, { session, terminalId: binding.terminalId });
    if (!previous || previous.session === session) return;
    // The same terminal authenticated on a new connection. Authentication needs the auth code, which only the
    // terminal that registered received (a re-registration gets no code), so this is the terminal itself and
    // its old connection is half-open (it would not reconnect otherwise): end the old binding, and close the
    // connection unless it carries other terminals (a gateway).
    this.metrics.inc('jt808_sessions_replaced_total');
    this.log.info(
      `JT/T 808 terminal ${binding.terminalId} authenticated again from ${session.remote}; ` +
        `its previous connection ${previous.session.remote} is ended`,
    );
    previous.session.unbind(previous.terminalId);
  }
}
