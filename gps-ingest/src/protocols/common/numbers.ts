/** Number and coordinate checks shared by the decoders. */

// Plain decimal notation only: Number() would also accept '', ' ', '0x1f', 'Infinity' and '1_000'.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal string → finite number, else undefined. */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Why a coordinate pair is unusable, or undefined when it is fine. */
export function coordinateError(lat: number, lon: number): string | undefined {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return 'lat/lon must be finite numbers';
  if (lat < -90 || lat > 90) return `lat ${lat} out of range [-90, 90]`;
  if (lon < -180 || lon > 180) return `lon ${lon} out of range [-180, 180]`;
  return undefined;
}

/** Course in degrees → [0, 360); negative (the usual "unknown" is -1) or non-finite → undefined. */
export function normaliseHeading(deg: number): number | undefined {
  if (!Number.isFinite(deg) || deg < 0) return undefined;
  return deg % 360;
}

/**
 * Plausible ranges of a fix's optional fields, the same for every protocol (JSON batch, OsmAnd/Traccar, JT/T 808,
 * forwarded fixes): speed km/h (an ambulance never does 1000), heading degrees [0, 360], altitude metres (the
 * Dead Sea to well above any road), accuracy radius metres. The JSON batch refuses an item outside them (400 with
 * the reason); the device decoders' values are checked by the pipeline step `field-bounds`, which drops the field
 * (the position stays) and counts it; a forwarded fix outside them is refused.
 */
export const FIX_FIELD_BOUNDS = {
  speedKmh: { min: 0, max: 1000 },
  headingDeg: { min: 0, max: 360 },
  altitudeM: { min: -1000, max: 10000 },
  accuracyM: { min: 0, max: 100000 },
} as const;

export type FixField = keyof typeof FIX_FIELD_BOUNDS;
export const FIX_FIELDS = Object.keys(FIX_FIELD_BOUNDS) as FixField[];

/** Why a fix field's value is unusable (not finite, or outside `FIX_FIELD_BOUNDS`), or undefined when it is fine. */
export function fixFieldError(field: FixField, value: number): string | undefined {
  const { min, max } = FIX_FIELD_BOUNDS[field];
  if (!Number.isFinite(value)) return `${field} must be a finite number`;
  if (value < min || value > max) return `${field} ${value} out of range [${min}, ${max}]`;
  return undefined;
}

export const KNOTS_TO_KMH = 1.852;
export const MPS_TO_KMH = 3.6;

/** Rounds away floating-point noise from unit conversions (10.000000000000002 → 10) without losing precision. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
