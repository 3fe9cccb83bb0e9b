import type { DecodedPosition } from '../../position.ts';
import { coordinateError, KNOTS_TO_KMH, normaliseHeading, parseDecimal, roundTo } from '../common/numbers.ts';
import { fromEpochMs, isPlausibleFixTime, parseDateTimeUtc } from '../common/time.ts';
import type { OsmAndResult } from './types.ts';

/** First value of each parameter (a repeated parameter keeps its first value, except `cell` / `wifi`, ignored). */
export type Params = ReadonlyMap<string, string>;

const MAX_ID_LENGTH = 64;
const MAX_EXTRAS = 32;
const MAX_EXTRA_KEY = 64;
const MAX_EXTRA_VALUE = 256;

// Parameters with a meaning of their own; everything else goes to `extras` (as Traccar keeps them as attributes).
const KNOWN = new Set([
  'id',
  'deviceid',
  'lat',
  'lon',
  'location',
  'timestamp',
  'speed',
  'bearing',
  'heading',
  'altitude',
  'accuracy',
  'hdop',
  'batt',
  'charge',
  'valid',
  'cell',
  'wifi',
]);

/**
 * Decodes the OsmAnd query-string form (Traccar Client for Android before v9, OsmAnd's online tracking, many
 * hand-made senders): `?id=…&lat=…&lon=…&timestamp=…&speed=…` in the URL or as a form-encoded body.
 */
export function decodeQueryForm(params: Params, receivedAt: Date): OsmAndResult {
  const id = (params.get('id') ?? params.get('deviceid'))?.trim();
  if (!id) return { error: 'missing device id (id or deviceid)' };
  if (id.length > MAX_ID_LENGTH) return { error: `device id longer than ${MAX_ID_LENGTH} characters` };

  let lat: number | undefined;
  let lon: number | undefined;
  const location = params.get('location');
  if (params.has('lat') || params.has('lon')) {
    lat = parseDecimal(params.get('lat'));
    lon = parseDecimal(params.get('lon'));
  } else if (location !== undefined) {
    // `location=lat,lon`
    const parts = location.split(',');
    if (parts.length === 2) {
      lat = parseDecimal(parts[0]);
      lon = parseDecimal(parts[1]);
    }
  } else {
    return { error: 'missing position (lat and lon, or location=lat,lon)' };
  }
  if (lat === undefined || lon === undefined) return { error: 'lat/lon missing or not decimal numbers' };
  const bad = coordinateError(lat, lon);
  if (bad) return { error: bad };

  const time = params.get('timestamp');
  let fixTime = receivedAt;
  let serverTime = false;
  if (time === undefined || time.trim() === '') {
    // Traccar's choice: a sender that omits the time means "now". Flagged so the pipeline can tell.
    serverTime = true;
  } else {
    const parsed = parseQueryTimestamp(time);
    if (!parsed) return { error: `unreadable timestamp "${time.slice(0, 40)}"` };
    if (!isPlausibleFixTime(parsed)) return { error: `implausible timestamp ${parsed.toISOString()}` };
    fixTime = parsed;
  }

  const position: DecodedPosition = {
    protocol: 'osmand',
    deviceId: id,
    fixTime,
    lat,
    lon,
    // 0,0 is what phones send before their first fix.
    valid: lat === 0 && lon === 0 ? false : parseValid(params.get('valid')),
  };
  // A Map, not an object literal: parameter names are device-controlled ('__proto__', 'constructor').
  const extras = new Map<string, number | string | boolean>();
  if (serverTime) extras.set('serverTime', true);

  const speedKn = parseDecimal(params.get('speed'));
  if (speedKn !== undefined && speedKn >= 0) position.speedKmh = roundTo(speedKn * KNOTS_TO_KMH, 3);
  const course = parseDecimal(params.get('bearing') ?? params.get('heading'));
  const heading = course === undefined ? undefined : normaliseHeading(course);
  if (heading !== undefined) position.headingDeg = heading;
  const altitude = parseDecimal(params.get('altitude'));
  if (altitude !== undefined) position.altitudeM = altitude;
  const accuracy = parseDecimal(params.get('accuracy'));
  if (accuracy !== undefined && accuracy >= 0) position.accuracyM = accuracy;
  // HDOP is a dilution factor, not metres: kept apart rather than passed off as an accuracy radius.
  const hdop = parseDecimal(params.get('hdop'));
  if (hdop !== undefined && hdop >= 0) extras.set('hdop', hdop);
  const batt = parseDecimal(params.get('batt'));
  if (batt !== undefined && batt >= 0 && batt <= 100) position.batteryPct = batt;
  const charge = params.get('charge');
  if (charge !== undefined) extras.set('charging', charge === 'true' || charge === '1');

  let count = 0;
  for (const [key, value] of params) {
    if (KNOWN.has(key) || count >= MAX_EXTRAS) continue;
    if (key.length === 0 || key.length > MAX_EXTRA_KEY || value.length > MAX_EXTRA_VALUE) continue;
    if (extras.has(key)) continue;
    extras.set(key, typedValue(value));
    count += 1;
  }
  if (extras.size > 0) position.extras = Object.fromEntries(extras);
  return { positions: [position], rejected: [] };
}

/**
 * Epoch seconds or milliseconds (Traccar's rule: below 2³¹ it is seconds), or a date-time text
 * (ISO-8601, or `yyyy-MM-dd HH:mm:ss` taken as UTC).
 */
export function parseQueryTimestamp(text: string): Date | undefined {
  const n = parseDecimal(text);
  if (n !== undefined) return fromEpochMs(n < 2 ** 31 ? n * 1000 : n);
  return parseDateTimeUtc(text);
}

function parseValid(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = value.trim().toLowerCase();
  return v === 'true' || v === '1';
}

function typedValue(value: string): number | string | boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return parseDecimal(value) ?? value;
}
