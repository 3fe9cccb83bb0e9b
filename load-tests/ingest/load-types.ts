import type { ConsolesJob } from './console-client.ts';

/** What a load process is asked to do; `rate` (per second) paces it, absent or 0: as fast as the server answers. */
export type LoadJob =
  | {
      kind: 'osmand';
      /** Stop after this many requests (a warm-up: one per device). */
      maxRequests?: number;
      port: number;
      token: string;
      seconds: number;
      concurrency: number;
      units: number;
      baseMs: number;
      rate?: number;
    }
  | {
      kind: 'json';
      url: string;
      token: string;
      seconds: number;
      concurrency: number;
      batch: number;
      units: number;
      baseMs: number;
      rate?: number;
    }
  | { kind: 'jt808'; port: number; seconds: number; terminals: number; window: number; baseMs: number; rate?: number }
  | { kind: 'live'; url: string; token: string; seconds: number; ratePerSecond: number; units: number }
  | ConsolesJob;

export interface LoadResult {
  /** Positions sent (frames, requests × batch). */
  sent: number;
  /** Positions the server acknowledged as accepted. */
  acked: number;
  /** Positions the server asked to resend (503 / `retry`: buffer full) — back-pressure, counted apart. */
  refused: number;
  /** Anything else: refusals, failures, unanswered; by kind in errorKinds. */
  errors: number;
  errorKinds: Record<string, number>;
  /** The load process's own CPU use over its run (100 = one core), and its RSS at the end. */
  cpuPercent?: number;
  rssMb?: number;
  /** Consoles: latency histogram pairs [ms, count] and per-console frame counts. */
  latency?: [number, number][];
  frames?: number[];
  fixesDelivered?: number;
}
