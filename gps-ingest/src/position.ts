/**
 * The one shape every device protocol decodes into. Decoders only translate what the device said into these
 * units; plausibility against the unit's history, datum conversion (GCJ-02 → WGS-84) and storage happen later
 * in the pipeline.
 */
import type { DeviceProtocol } from '@c120/shared/vocabulary';

/** A device protocol's name: one of `DEVICE_PROTOCOLS` (@c120/shared/vocabulary; see protocols/registry.ts). */
export type ProtocolName = DeviceProtocol;

export interface DecodedPosition {
  protocol: ProtocolName;
  /**
   * The device's own identifier, as text.
   * - OsmAnd / Traccar Client: the `id` / `deviceid` query parameter or the JSON `device_id`, trimmed.
   * - JSON batch: `deviceId` as sent.
   * - JT/T 808: the terminal phone number with the BCD padding zeros removed ("013511221122" in a 2013 header and
   *   "00000000013511221122" in a 2019 header are both "13511221122"), so one terminal keeps one id whichever
   *   protocol revision it speaks and the id is the SIM number people read off the unit. The raw field, padding
   *   included, stays in the JT/T 808 header (`Jt808Header.phone`) for building replies.
   */
  deviceId: string;
  /** UTC instant of the fix (JT/T 808 sends Beijing time; decoders have already converted). */
  fixTime: Date;
  /** Degrees, in whatever datum the device uses (Chinese in-vehicle terminals are usually GCJ-02 or WGS-84). */
  lat: number;
  lon: number;
  /** The device says it had a GNSS fix. An invalid fix usually repeats the last known position. */
  valid: boolean;
  /** Ground speed, km/h (converted from knots / m·s⁻¹ / 0.1 km/h). Absent when the device did not know. */
  speedKmh?: number;
  /** Course over ground, degrees clockwise from north, 0 ≤ h < 360. */
  headingDeg?: number;
  /** Metres above sea level (JT/T 808) or as the phone reports it (OsmAnd). */
  altitudeM?: number;
  /** Horizontal accuracy radius in metres, when the device reports one. */
  accuracyM?: number;
  /** Battery charge, 0–100. */
  batteryPct?: number;
  /** The device's own motion detection (Traccar Client `is_moving`); not inferred from speed. */
  moving?: boolean;
  /** JT/T 808 alarm DWORD, raw bits (bit 0 = emergency button, …). */
  alarmFlags?: number;
  /** JT/T 808 status DWORD, raw bits (bit 0 = ACC on, bit 1 = positioned, bits 2/3 = south/west, …). */
  statusFlags?: number;
  /**
   * Anything else the device reported that is worth keeping, with units in the key where they matter:
   * `mileageKm`, `fuelL`, `signal`, `satellites`, `hdop`, `charging`, `acc`, `activity`, …
   */
  extras?: Record<string, number | string | boolean>;
}

/** One item of a batch that could not be decoded; `index` is its position in the batch as sent. */
export interface RejectedItem {
  index: number;
  reason: string;
}
