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

export const KNOTS_TO_KMH = 1.852;
export const MPS_TO_KMH = 3.6;

/** Rounds away floating-point noise from unit conversions (10.000000000000002 → 10) without losing precision. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
