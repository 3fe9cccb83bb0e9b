import { getContext, setContext } from 'svelte';
import type { StateSnapshot } from '@c120/dispatch-core/contracts';
import { WS_CLOSE } from '@c120/dispatch-core/events';
import { backoffDelay, parseFrame, StreamSession } from '../live/stream-session.ts';
import { fetchState } from '../services/state.ts';
import { t } from '../i18n/index.ts';
import { errorText } from './errors.ts';
import type { LiveState } from './live-state.svelte.ts';

/**
 * - connecting: first load of the state and the first subscribe;
 * - live: subscribed and caught up (`sys.synced` received);
 * - reconnecting: the socket dropped (or the state could not be loaded); retrying with backoff;
 * - offline: the browser reports no network; retried as soon as it is back (and slowly meanwhile).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface ConnectionOptions {
  /** Receive position ticks (default true). */
  positions?: boolean;
  /** WebSocket URL; default `/ws` on this origin. */
  url?: string;
  loadState?: (signal?: AbortSignal) => Promise<StateSnapshot>;
}

/**
 * The console's one WebSocket: loads GET /api/state, subscribes with its `seq`, applies events in order, and on
 * any drop reconnects with exponential backoff and resubscribes from the last applied seq (the server replays
 * what was missed). A gap in the stream triggers a resubscribe; a fatal "too far behind" reloads the state.
 */
export class Connection {
  state = $state<ConnectionState>('connecting');
  /** Consecutive failed attempts (0 while live). */
  attempt = $state(0);
  /** When the next attempt is due (epoch ms), while waiting. */
  retryAt = $state<number | null>(null);
  lastError = $state<string | null>(null);
  /** Resubscribes caused by a gap in the event stream (diagnostics). */
  gaps = $state(0);

  #socket: WebSocket | null = null;
  #session: StreamSession;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #syncDeadline: ReturnType<typeof setTimeout> | null = null;
  #stopped = true;
  #needsState = true;
  #everLive = false;
  #abort: AbortController | null = null;
  readonly #options: Required<Omit<ConnectionOptions, 'url'>> & { url: string | undefined };

  constructor(
    private readonly live: LiveState,
    options: ConnectionOptions = {},
  ) {
    this.#options = {
      positions: options.positions ?? true,
      url: options.url,
      loadState: options.loadState ?? fetchState,
    };
    this.#session = new StreamSession(live.model, this.#options.positions);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('offline', this.#onOffline);
    void this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('offline', this.#onOffline);
    this.#clearTimer();
    this.#clearSyncDeadline();
    this.#abort?.abort();
    this.#socket?.close(1000, 'page closed');
    this.#socket = null;
  }

  /** Skip the backoff wait (the indicator's "reconnect now"). */
  retryNow(): void {
    if (this.#stopped || this.#socket) return;
    this.#clearTimer();
    void this.#connect();
  }

  /**
   * Back online: a socket that survived is asked to resubscribe (the server replays what we missed and answers
   * `sys.synced`, which proves the socket works); a dead one fails the sync deadline and is replaced.
   */
  #onOnline = () => {
    const socket = this.#socket;
    if (socket && socket.readyState === WebSocket.OPEN) this.#subscribe(socket);
    else this.retryNow();
  };
  #onOffline = () => {
    this.state = 'offline';
  };

  #url(): string {
    if (this.#options.url) return this.#options.url;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws`;
  }

  async #connect(): Promise<void> {
    this.retryAt = null;
    if (this.#needsState || !this.live.loaded) {
      this.#abort = new AbortController();
      try {
        this.live.load(await this.#options.loadState(this.#abort.signal));
        this.#needsState = false;
      } catch (error) {
        if (this.#stopped) return;
        this.lastError = `${t('error.loadState')}: ${errorText(error)}`;
        this.#scheduleRetry();
        return;
      }
    }
    if (this.#stopped) return;
    this.#open();
  }

  #open(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url());
    } catch (error) {
      this.lastError = errorText(error);
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => this.#subscribe(socket);
    socket.onmessage = (ev: MessageEvent) => {
      const frame = parseFrame(ev.data);
      if (!frame) return;
      const outcome = this.#session.onFrame(frame);
      if (outcome.send) {
        this.gaps++;
        this.#subscribe(socket);
      }
      if (outcome.synced) this.#onSynced();
      if (outcome.error) this.lastError = outcome.error;
      if (outcome.reload) {
        // Start again from GET /api/state: close this socket; the retry reloads the state and subscribes.
        this.lastError = outcome.reload;
        this.#needsState = true;
        socket.close(4000, 'reloading state');
      }
    };
    socket.onclose = (ev: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#clearSyncDeadline();
      // Session ended (4401): the state reload answers 401, which signs the console out (login page).
      if (ev.code === WS_CLOSE.resync || ev.code === WS_CLOSE.sessionEnded) this.#needsState = true;
      if (this.#stopped) return;
      this.#scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  /** Subscribes (again) from the last applied seq; a socket that does not answer `sys.synced` in time is replaced. */
  #subscribe(socket: WebSocket): void {
    try {
      socket.send(JSON.stringify(this.#session.subscribe()));
    } catch {
      return; // closing: onclose schedules the retry
    }
    this.#clearSyncDeadline();
    this.#syncDeadline = setTimeout(() => {
      this.lastError = 'no answer to subscribe';
      socket.close(4001, 'no answer to subscribe');
    }, SYNC_DEADLINE_MS);
  }

  #clearSyncDeadline(): void {
    if (this.#syncDeadline) clearTimeout(this.#syncDeadline);
    this.#syncDeadline = null;
  }

  #onSynced(): void {
    this.#clearSyncDeadline();
    const reconnected = this.#everLive;
    this.#everLive = true;
    this.state = 'live';
    this.attempt = 0;
    this.lastError = null;
    // Ticks carry only units that moved since the previous tick: after a gap in the connection, fetch the
    // current positions once so that units that moved and stopped meanwhile are drawn where they are.
    if (reconnected) {
      this.#options
        .loadState()
        .then((snapshot) => this.live.refreshPositions(snapshot))
        .catch(() => undefined);
    }
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    this.state = navigator.onLine === false ? 'offline' : 'reconnecting';
    const delay = backoffDelay(this.attempt);
    this.attempt++;
    this.retryAt = Date.now() + delay;
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** A (re)subscribe must be answered with `sys.synced` within this time, or the socket is considered dead. */
const SYNC_DEADLINE_MS = 15_000;

const KEY = Symbol('connection');

export function setConnectionContext(connection: Connection): Connection {
  return setContext(KEY, connection);
}

export function getConnectionContext(): Connection {
  const connection = getContext<Connection | undefined>(KEY);
  if (!connection) throw new Error('Connection missing: the root layout provides it');
  return connection;
}
