import { describe, expect, it } from 'vitest';
import { farFromScene } from './arrival-check.ts';

describe('到达现场 far from the scene', () => {
  const scene = { lon: 119.6, lat: 32 };
  it('asks beyond the limit and gives the distance', () => {
    expect(Math.round((farFromScene({ lon: 119.6, lat: 32.018 }, scene, 500) ?? 0) / 100)).toBe(20);
  });
  it('does not ask within the limit, without a position, or when switched off', () => {
    expect(farFromScene({ lon: 119.6, lat: 32.003 }, scene, 500)).toBeNull();
    expect(farFromScene(null, scene, 500)).toBeNull();
    expect(farFromScene({ lon: 119.6, lat: 32.5 }, scene, 0)).toBeNull();
  });
});
