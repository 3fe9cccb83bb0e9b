import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from './coords.ts';

describe('WGS-84 ↔ GCJ-02', () => {
  it('shifts points in China by a few hundred metres and back within centimetres', () => {
    const danyang: [number, number] = [119.57, 32.0];
    const g = wgs84ToGcj02(danyang);
    const shiftM = Math.hypot((g[0] - danyang[0]) * 94_000, (g[1] - danyang[1]) * 111_000);
    expect(shiftM).toBeGreaterThan(200);
    expect(shiftM).toBeLessThan(800);
    const back = gcj02ToWgs84(g);
    expect(Math.abs(back[0] - danyang[0])).toBeLessThan(1e-7);
    expect(Math.abs(back[1] - danyang[1])).toBeLessThan(1e-7);
  });

  it('leaves points outside China alone', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
  });
});
