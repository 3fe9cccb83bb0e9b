import { MAX_ESCAPED_FRAME_LENGTH } from '../../protocols/index.ts';

export interface Jt808Config {
  /**
   * A connection that delivered no complete, decodable frame for this long is closed (terminals heartbeat every
   * 30–60 s by default). Bytes alone do not count: a half-frame trickled byte by byte does not keep it open.
   */
  idleTimeoutMs: number;
  /** A new connection must deliver its first complete frame within this time (a terminal registers or authenticates at once). */
  firstFrameTimeoutMs: number;
  /**
   * Open connections from one source address; the next one is closed at once (`jt808_address_limited_total`).
   * A carrier NAT may put many terminals behind one address: raise it there. 0: no limit.
   */
  maxConnectionsPerAddress: number;
  /** How often an authenticated session re-checks (cached) that its auth code is still the terminal's. */
  credentialCheckMs: number;
  /** Longest escaped frame; longer segments are dropped (and counted), the connection stays. */
  maxFrameLength: number;
  /**
   * Location reports from a terminal that has not authenticated on this connection: false (default) answers
   * 0x8001 result 1 (the terminal re-authenticates and resends); true accepts them if the phone number is a
   * known terminal, for models that skip 0x0102 after a reconnect.
   */
  acceptBeforeAuth: boolean;
  /** How long `setReportingInterval` / `sendText` wait for the terminal's 0x0001 answer. */
  downlinkTimeoutMs: number;
  maxConnections: number;
  /** Frames waiting to be processed on one connection before reading from it pauses. */
  maxQueuedFrames: number;
  /** Decoder strictness (see Jt808DecodeOptions); keep both true unless a terminal model needs otherwise. */
  verifyChecksum: boolean;
  verifyLength: boolean;
  /**
   * Flood guard per TCP connection, before any decoding: frames per second on average, with a burst. Frames
   * beyond it are discarded unanswered (the terminal resends after its answer timeout) and counted
   * (`jt808_frames_rate_limited_total`); a connection that keeps flooding (`floodCloseAfterFrames` discarded
   * in a row) is closed. 0: off. Per-unit fix limits are the pipeline's (`deviceMaxFixesPerSecond`).
   */
  maxFramesPerSecond: number;
  burstFrames: number;
  floodCloseAfterFrames: number;
}

export const DEFAULT_JT808_CONFIG: Jt808Config = {
  idleTimeoutMs: 180_000,
  firstFrameTimeoutMs: 30_000,
  maxConnectionsPerAddress: 200,
  credentialCheckMs: 30_000,
  maxFrameLength: MAX_ESCAPED_FRAME_LENGTH,
  acceptBeforeAuth: false,
  downlinkTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxQueuedFrames: 256,
  verifyChecksum: true,
  verifyLength: true,
  // A terminal sends a frame every 1–30 s; a gateway multiplexing a fleet may send far more: raise it there.
  maxFramesPerSecond: 200,
  burstFrames: 2_000,
  floodCloseAfterFrames: 5_000,
};
