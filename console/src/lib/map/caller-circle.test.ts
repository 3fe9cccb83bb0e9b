import { describe, expect, it } from 'vitest';
import { accuracyRing } from './caller-circle.ts';

const metres = (a: [number, number], b: [number, number]) => {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad * Math.cos(a[1] * rad);
  return r * Math.hypot(dLat, dLon);
};

describe('accuracy circle', () => {
  it('is a closed ring whose points lie the radius away from the caller', () => {
    const c: [number, number] = [119.6, 32];
    const ring = accuracyRing(c, 800);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const p of ring) expect(Math.abs(metres(c, p) - 800)).toBeLessThan(5);
  });
});
