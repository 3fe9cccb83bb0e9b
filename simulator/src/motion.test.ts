import { describe, expect, it } from 'vitest';
import { metres, offsetMetres, type LonLat } from './geo.ts';
import { Motion } from './motion.ts';
import { createRng } from './random.ts';
import { Route } from './route.ts';

const A: LonLat = [119.6, 31.95];
const B = offsetMetres(A, 3000, 0); // due east

describe('vehicle motion and its GPS', () => {
  it('reports a parked vehicle within a few metres of where it is, speed 0', () => {
    const rng = createRng(1);
    const m = new Motion(A, rng);
    const d = Array.from({ length: 2000 }, () => m.fix(rng, 5)).map((f) => {
      expect(f.speedKmh).toBe(0);
      return metres([f.lon, f.lat], A);
    });
    const rms = Math.sqrt(d.reduce((a, x) => a + x * x, 0) / d.length);
    expect(rms).toBeGreaterThan(2.5);
    expect(rms).toBeLessThan(7.5);
    expect(Math.max(...d)).toBeLessThan(25);
  });

  it('drives the route at the leg speed, heading along it, and arrives with the route’s token', () => {
    const rng = createRng(2);
    const m = new Motion(A, rng);
    m.drive(new Route([A, B], [54], 'direct'), 17); // 15 m/s
    expect(m.step(100)).toBeNull();
    expect(metres(m.position, offsetMetres(A, 1500, 0))).toBeLessThan(15);
    const fixes = Array.from({ length: 500 }, () => m.fix(rng, 5));
    const meanSpeed = fixes.reduce((a, f) => a + f.speedKmh, 0) / fixes.length;
    expect(meanSpeed).toBeGreaterThan(52);
    expect(meanSpeed).toBeLessThan(56);
    for (const f of fixes) expect(Math.abs(f.headingDeg - 90)).toBeLessThan(10);
    expect(m.step(200)).toBe(17);
    expect(m.moving).toBe(false);
    expect(m.position).toEqual(B);
    expect(m.fix(rng, 5).speedKmh).toBe(0);
  });

  it('speeds driving up by the movement scale and counts the odometer', () => {
    const rng = createRng(3);
    const m = new Motion(A, rng);
    const start = m.odometerKm;
    m.drive(new Route([A, B], [36], 'direct'), 1); // 10 m/s
    m.step(10, 10); // 10 s ×10 = 1000 m
    expect(m.odometerKm - start).toBeCloseTo(1, 3);
    expect(m.remainingM).toBeCloseTo(metres(A, B) - 1000, 3);
  });
});
