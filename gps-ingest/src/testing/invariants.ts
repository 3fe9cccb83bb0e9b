/** Test support: what every decoded position must satisfy, whatever the input was. */
import { expect } from 'vitest';
import type { DecodedPosition } from '../position.ts';

export function expectSanePosition(p: DecodedPosition): void {
  expect(typeof p.deviceId).toBe('string');
  expect(p.deviceId.length).toBeGreaterThan(0);
  expect(Number.isFinite(p.fixTime.getTime())).toBe(true);
  expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
  expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
  for (const key of ['speedKmh', 'headingDeg', 'altitudeM', 'accuracyM', 'batteryPct'] as const) {
    const v = p[key];
    if (v !== undefined) expect(Number.isFinite(v), key).toBe(true);
  }
  if (p.speedKmh !== undefined) expect(p.speedKmh).toBeGreaterThanOrEqual(0);
  if (p.headingDeg !== undefined) expect(p.headingDeg >= 0 && p.headingDeg < 360).toBe(true);
  if (p.batteryPct !== undefined) expect(p.batteryPct >= 0 && p.batteryPct <= 100).toBe(true);
  for (const v of Object.values(p.extras ?? {})) expect(['number', 'string', 'boolean']).toContain(typeof v);
}

/** Random JSON-ish values, nested up to `depth`, mixing in the shapes the decoders look for. */
export function randomJson(next: () => number, depth: number, keys: readonly string[]): unknown {
  const r = next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  if (depth <= 0 || r < 0.35) {
    return pick<unknown>([
      null,
      true,
      false,
      0,
      -1,
      1e308,
      -1e-308,
      91,
      31.99,
      119.58,
      1742025600123,
      1742025600,
      '',
      '2025-03-15T08:00:00Z',
      '2025-02-30T00:00:00Z',
      'x'.repeat(100),
      '__proto__',
      '31.9',
      Math.floor(next() * 1e6) / 1e3 - 500,
    ]);
  }
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth - 1, keys));
  const obj: Record<string, unknown> = {};
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) obj[pick(keys)] = randomJson(next, depth - 1, keys);
  return obj;
}
