import type { DecodedPosition, RejectedItem } from '../../position.ts';
import { coordinateError, fixFieldError, isFiniteNumber, normaliseHeading, type FixField } from '../common/numbers.ts';
import { fromEpochMs, isPlausibleFixTime, parseDateTimeUtc } from '../common/time.ts';

export interface JsonBatchOptions {
  /** Most items accepted in one request (default 5000); a larger batch is refused whole. */
  maxPositions?: number;
}

export type JsonBatchResult = { positions: DecodedPosition[]; rejected: RejectedItem[] } | { error: string };

export const DEFAULT_MAX_JSON_BATCH = 5000;
const MAX_ID_LENGTH = 64;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes our own batch format, used by gateways and vendor platforms that forward many units at once:
 * `{ "positions": [ { "deviceId", "time", "lat", "lon", "speedKmh"?, "headingDeg"?, "altitudeM"?, "accuracyM"?,
 * "batteryPct"?, "valid"?, "moving"? } ] }`.
 *
 * `body` is the raw text or the already-parsed JSON value. Structural problems (not JSON, no array, too many
 * items) refuse the request; a bad item is listed in `rejected` and the rest are kept. Optional fields are
 * either absent/null or valid: an out-of-range value rejects its item rather than being silently dropped,
 * because this is our format and the sender should hear about its bug. Never throws.
 *
 * `positions` keeps request order, so request item i is `rejected` (by `index`) or the next entry of
 * `positions`; transports rely on this to answer per item.
 */
export function decodeJsonBatch(body: unknown, options: JsonBatchOptions = {}): JsonBatchResult {
  try {
    const max = options.maxPositions ?? DEFAULT_MAX_JSON_BATCH;
    let root = body;
    if (typeof body === 'string') {
      try {
        root = JSON.parse(body);
      } catch {
        return { error: 'body is not valid JSON' };
      }
    }
    if (!isObject(root) || !Array.isArray(root.positions)) return { error: 'body must be { "positions": [ … ] }' };
    const items: unknown[] = root.positions;
    if (items.length > max) return { error: `${items.length} positions in one request, more than ${max}` };
    const positions: DecodedPosition[] = [];
    const rejected: RejectedItem[] = [];
    items.forEach((item, index) => {
      const r = decodeItem(item);
      if (typeof r === 'string') rejected.push({ index, reason: r });
      else positions.push(r);
    });
    return { positions, rejected };
  } catch (error) {
    return { error: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function decodeItem(item: unknown): DecodedPosition | string {
  if (!isObject(item)) return 'item is not an object';
  const { deviceId, time, lat, lon } = item;
  if (typeof deviceId !== 'string' || deviceId.trim() === '') return 'deviceId must be a non-empty string';
  if (deviceId.length > MAX_ID_LENGTH) return `deviceId longer than ${MAX_ID_LENGTH} characters`;
  if (!isFiniteNumber(lat) || !isFiniteNumber(lon)) return 'lat and lon must be numbers';
  const bad = coordinateError(lat, lon);
  if (bad) return bad;

  let fixTime: Date | undefined;
  if (typeof time === 'string') fixTime = parseDateTimeUtc(time);
  else if (isFiniteNumber(time)) fixTime = fromEpochMs(time);
  else return 'time must be an ISO-8601 string or epoch milliseconds';
  if (!fixTime) return 'unreadable time';
  // Also catches epoch *seconds* sent by mistake: they land in 1970.
  if (!isPlausibleFixTime(fixTime)) return `implausible time ${fixTime.toISOString()} (epoch milliseconds expected)`;

  const position: DecodedPosition = { protocol: 'json', deviceId: deviceId.trim(), fixTime, lat, lon, valid: true };

  const speed = optionalNumber(item, 'speedKmh');
  if (typeof speed === 'string') return speed;
  if (speed !== undefined) position.speedKmh = speed;
  const heading = optionalNumber(item, 'headingDeg');
  if (typeof heading === 'string') return heading;
  if (heading !== undefined) position.headingDeg = normaliseHeading(heading) ?? 0;
  const altitude = optionalNumber(item, 'altitudeM');
  if (typeof altitude === 'string') return altitude;
  if (altitude !== undefined) position.altitudeM = altitude;
  const accuracy = optionalNumber(item, 'accuracyM');
  if (typeof accuracy === 'string') return accuracy;
  if (accuracy !== undefined) position.accuracyM = accuracy;
  const battery = item.batteryPct;
  if (battery !== undefined && battery !== null) {
    if (!isFiniteNumber(battery)) return 'batteryPct must be a number';
    if (battery < 0 || battery > 100) return `batteryPct ${battery} out of range [0, 100]`;
    position.batteryPct = battery;
  }

  for (const key of ['valid', 'moving'] as const) {
    const v = item[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') return `${key} must be a boolean`;
    position[key] = v;
  }
  return position;
}

/** The field's value, undefined when absent/null, or the reason it is unacceptable. */
/** An optional fix field: absent, a number within `FIX_FIELD_BOUNDS`, or the reason the item is refused. */
function optionalNumber(item: Json, key: FixField): number | undefined | string {
  const v = item[key];
  if (v === undefined || v === null) return undefined;
  if (!isFiniteNumber(v)) return `${key} must be a number`;
  return fixFieldError(key, v) ?? v;
}
