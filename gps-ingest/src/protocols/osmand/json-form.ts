import type { DecodedPosition, RejectedItem } from '../../position.ts';
import { coordinateError, isFiniteNumber, MPS_TO_KMH, normaliseHeading, roundTo } from '../common/numbers.ts';
import { fromEpochMs, isPlausibleFixTime, parseDateTimeUtc } from '../common/time.ts';
import type { OsmAndResult } from './types.ts';

const MAX_ID_LENGTH = 64;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes the JSON body of current Traccar Client apps (the Transistorsoft background-geolocation format):
 * `{ "device_id": "…", "location": { "timestamp", "coords": { "latitude", "longitude", "speed" (m/s), "heading",
 * "accuracy", "altitude" }, "is_moving", "battery": { "level" (0..1), "is_charging" }, "activity": { "type" } } }`,
 * with `location` either one object or an array of them (batch sync). Bad array items are skipped and listed in
 * `rejected`, so one corrupt stored fix cannot block the phone's upload queue for ever.
 */
export function decodeJsonForm(
  root: unknown,
  fallbackId: string | undefined,
  receivedAt: Date,
  maxBatch: number,
): OsmAndResult {
  if (!isObject(root)) return { error: 'JSON body must be an object with "location"' };
  const rawId = root.device_id ?? fallbackId;
  const deviceId =
    typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  if (!deviceId) return { error: 'missing device_id' };
  if (deviceId.length > MAX_ID_LENGTH) return { error: `device_id longer than ${MAX_ID_LENGTH} characters` };

  const location = root.location;
  if (Array.isArray(location)) {
    if (location.length === 0) return { error: 'empty "location" array' };
    if (location.length > maxBatch)
      return { error: `"location" array has ${location.length} items, more than ${maxBatch}` };
    const positions: DecodedPosition[] = [];
    const rejected: RejectedItem[] = [];
    location.forEach((item: unknown, index) => {
      const r = decodeLocation(item, deviceId, receivedAt);
      if (typeof r === 'string') rejected.push({ index, reason: r });
      else positions.push(r);
    });
    if (positions.length === 0) return { error: `no usable location: [0] ${rejected[0]?.reason ?? ''}` };
    return { positions, rejected };
  }
  const r = decodeLocation(location, deviceId, receivedAt);
  return typeof r === 'string' ? { error: r } : { positions: [r], rejected: [] };
}

/** One Transistorsoft location object → position, or the reason it is unusable. */
function decodeLocation(location: unknown, deviceId: string, receivedAt: Date): DecodedPosition | string {
  if (!isObject(location)) return 'missing "location" object';
  const coords = location.coords;
  if (!isObject(coords)) return 'missing "location.coords"';
  const lat = coords.latitude;
  const lon = coords.longitude;
  if (!isFiniteNumber(lat) || !isFiniteNumber(lon)) return 'coords.latitude/longitude must be numbers';
  const bad = coordinateError(lat, lon);
  if (bad) return bad;

  const extras = new Map<string, number | string | boolean>();
  let fixTime = receivedAt;
  const ts = location.timestamp;
  if (ts === undefined || ts === null) {
    extras.set('serverTime', true);
  } else {
    const parsed = typeof ts === 'string' ? parseDateTimeUtc(ts) : isFiniteNumber(ts) ? fromEpochMs(ts) : undefined;
    if (!parsed) return 'unreadable location.timestamp';
    if (!isPlausibleFixTime(parsed)) return `implausible location.timestamp ${parsed.toISOString()}`;
    fixTime = parsed;
  }

  const position: DecodedPosition = {
    protocol: 'osmand',
    deviceId,
    fixTime,
    lat,
    lon,
    valid: !(lat === 0 && lon === 0),
  };
  // -1 is the SDK's "unknown" for speed, heading and battery level.
  if (isFiniteNumber(coords.speed) && coords.speed >= 0) position.speedKmh = roundTo(coords.speed * MPS_TO_KMH, 3);
  const heading = isFiniteNumber(coords.heading) ? normaliseHeading(coords.heading) : undefined;
  if (heading !== undefined) position.headingDeg = heading;
  if (isFiniteNumber(coords.altitude)) position.altitudeM = coords.altitude;
  if (isFiniteNumber(coords.accuracy) && coords.accuracy >= 0) position.accuracyM = coords.accuracy;
  if (typeof location.is_moving === 'boolean') position.moving = location.is_moving;

  const battery = location.battery;
  if (isObject(battery)) {
    if (isFiniteNumber(battery.level) && battery.level >= 0 && battery.level <= 1) {
      position.batteryPct = roundTo(battery.level * 100, 1);
    }
    if (typeof battery.is_charging === 'boolean') extras.set('charging', battery.is_charging);
  }
  const activity = location.activity;
  if (isObject(activity) && typeof activity.type === 'string' && activity.type.length <= 32) {
    extras.set('activity', activity.type);
  }
  if (isFiniteNumber(location.odometer) && location.odometer >= 0) extras.set('odometerM', location.odometer);
  if (typeof location.event === 'string' && location.event.length <= 32) extras.set('event', location.event);
  if (location.mock === true) extras.set('mock', true);
  if (extras.size > 0) position.extras = Object.fromEntries(extras);
  return position;
}
