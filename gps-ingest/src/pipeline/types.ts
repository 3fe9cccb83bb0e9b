import type { DecodedPosition, ProtocolName } from '../position.ts';

export type CoordSystem = 'wgs84' | 'gcj02';

/**
 * A clean, attributed position: what the writer stores and what core receives after the commit.
 * Coordinates are WGS-84 whatever the device sent.
 */
export interface UnitFix {
  unitId: number;
  fixAt: Date;
  lon: number;
  lat: number;
  speedKmh?: number;
  headingDeg?: number;
  altitudeM?: number;
  accuracyM?: number;
  source: ProtocolName;
  /** The device had a GNSS lock. Invalid fixes are history only: they never move the unit's latest position. */
  valid: boolean;
  /** Older than the unit's latest position when it arrived: stored as history, never shown as "where it is now". */
  late: boolean;
  receivedAt: Date;
}

/** A device already tied to a unit by its transport (an authenticated JT/T 808 session, a logged-in crew tablet). */
export interface BoundDevice {
  unitId: number;
  coordSystem: CoordSystem;
}

/** What the transport knows about the message besides its content. */
export interface TransportMeta {
  protocol: ProtocolName;
  receivedAt: Date;
  /** Peer address, for logs. */
  remote?: string | undefined;
  /** The secret the sender presented (HTTP `Authorization: Bearer …` or `token=`), checked against `secret_hash`. */
  secret?: string | undefined;
  /** Set when the transport has already authenticated the device: no credential lookup. */
  bound?: BoundDevice | undefined;
  /**
   * The request carries a sign-in session that core has checked (crew tablet, in-process simulator): no device
   * secret is needed, but each device must still be known, and when `unitId` is set (a crew account) it must
   * belong to that unit. `unitId` null: a service account that may report for any unit.
   */
  session?: { unitId: number | null } | undefined;
}

/** Filtered by policy: acknowledged to the device (it must not resend) but not stored. */
export type DropReason =
  'duplicate' | 'future_time' | 'absurd_time' | 'no_position' | 'impossible_jump' | 'invalid_fix';

/** The sender is not allowed to report: HTTP 401/403, JT/T 808 result 1. */
export type RejectReason = 'unknown_device' | 'bad_secret' | 'not_authenticated' | 'other_unit';

/**
 * Not taken now: the device should resend later (JT/T 808 result 1). HTTP 503 for our faults, 429 for
 * `rate_limited` (the device sends faster than its allowance, see `deviceMaxFixesPerSecond`).
 */
export type RetryReason = 'buffer_full' | 'auth_unavailable' | 'stopping' | 'rate_limited';

export type PositionResult =
  | { status: 'accepted'; unitId: number; late: boolean }
  | { status: 'dropped'; reason: DropReason }
  | { status: 'rejected'; reason: RejectReason }
  | { status: 'retry'; reason: RetryReason };

/** One decoded position on its way through the pipeline. Steps read and refine it, or settle its outcome. */
export interface PipelineItem {
  /** Index in the batch as given; results come back in this order. */
  readonly index: number;
  readonly decoded: DecodedPosition;
  outcome: PositionResult | null;
  unitId: number | null;
  coordSystem: CoordSystem;
  fixAtMs: number;
  /** For the unit's live position: `fixAtMs`, but never later than the receipt (see `liveFixAtMs`). */
  liveAtMs: number;
  lon: number;
  lat: number;
  valid: boolean;
  late: boolean;
  /** Optional fields left out of the stored fix (out of range: step `field-bounds`). */
  omit?: Set<'speedKmh' | 'headingDeg' | 'altitudeM' | 'accuracyM'>;
}
