import type { CoverageReport } from '@c120/dispatch-core/contracts';
import type { SubscribeMessage } from '@c120/dispatch-core/events';
import { t } from '../i18n/index.ts';
import { moveUpKey, type PendingMove } from '../coverage/coverage-view.ts';
import { backoffDelay, parseFrame } from '../live/stream-session.ts';
import { cancelRelocation, fetchCoverage, relocateUnit } from '../services/coverage.ts';
import { handleError } from './errors.ts';
import { toasts } from './toasts.svelte.ts';

/**
 * Live coverage for the /coverage page: GET /api/coverage once, then `sys.coverage` frames on a socket of its
 * own that asks for coverage and no positions (the dispatch stream of the layout stays as it is). The server
 * recomputes at most every COVERAGE_INTERVAL_MS and only after units changed, so frames are rare and small
 * enough (~100 KB for the demo county). Reconnects with the same backoff as the main connection.
 */
export class CoverageManager {
  report = $state<CoverageReport | null>(null);
  /** The move-up suggestion the dispatcher chose to ignore (until a different one is suggested). */
  ignored = $state<string | null>(null);
  accepting = $state(false);
  /** The unit whose move-up order is being cancelled. */
  cancelling = $state<number | null>(null);
  live = $state(false);

  #socket: WebSocket | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #stopped = true;
  #abort: AbortController | null = null;

  constructor(private readonly url?: string) {}

  /** The suggestion to show: null when there is none or it was ignored. */
  get suggestion(): CoverageReport['moveUp'] {
    const key = moveUpKey(this.report);
    return key && key !== this.ignored ? (this.report?.moveUp ?? null) : null;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#abort = new AbortController();
    fetchCoverage(this.#abort.signal)
      .then((r) => this.#apply(r))
      .catch(handleError);
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#socket?.close(1000, 'page closed');
    this.#socket = null;
    this.live = false;
  }

  ignore(): void {
    this.ignored = moveUpKey(this.report);
  }

  /** Orders the suggested move (a real relocation, recorded and announced); coverage follows as the unit moves. */
  async accept(): Promise<void> {
    const m = this.suggestion;
    if (!m || this.accepting) return;
    this.accepting = true;
    try {
      await relocateUnit(m.unitId, { stationId: m.stationId, expectedGainPopulation: m.gainPopulation });
      toasts.success(t('coverage.moveUpOrdered', { unit: m.callSign, station: m.stationName }));
      this.ignored = moveUpKey(this.report);
    } catch (error) {
      handleError(error);
    } finally {
      this.accepting = false;
    }
  }

  /** Withdraws an open move-up order (the unit stays where it is; coverage follows). */
  async cancel(move: PendingMove): Promise<void> {
    if (this.cancelling !== null) return;
    this.cancelling = move.unitId;
    try {
      await cancelRelocation(move.unitId);
      toasts.success(t('coverage.pendingCancelled', { unit: move.callSign }));
    } catch (error) {
      handleError(error);
    } finally {
      this.cancelling = null;
    }
  }

  #apply(report: CoverageReport): void {
    // Frames and the first GET may cross: keep the newest.
    if (!this.report || report.computedAt >= this.report.computedAt) this.report = report;
  }

  #connect(): void {
    if (this.#stopped) return;
    const url = this.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.onopen = () => {
      const msg: SubscribeMessage = { type: 'subscribe', positions: false, coverage: true };
      socket.send(JSON.stringify(msg));
    };
    socket.onmessage = (ev) => {
      const frame = parseFrame(ev.data);
      if (frame?.type === 'sys.synced') {
        this.#attempt = 0;
        this.live = true;
      } else if (frame?.type === 'sys.coverage') {
        this.#apply(frame.report);
      }
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.live = false;
      if (this.#stopped) return;
      this.#timer = setTimeout(() => this.#connect(), backoffDelay(this.#attempt++));
    };
  }
}
