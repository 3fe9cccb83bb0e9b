import { describe, expect, it } from 'vitest';
import { haversineM } from './geo.ts';
import { mulberry32, seedFrom } from './random.ts';
import { envBool, envChoice, envInt, envPort, SettingsError } from './settings.ts';
import { isFixStale } from './staleness.ts';

describe('shared', () => {
  it('haversine: one degree of latitude is ~111.2 km on the ST_DistanceSphere sphere', () => {
    expect(haversineM(119.6, 32.0, 119.6, 33.0)).toBeCloseTo(111_195, 0);
    expect(haversineM(119.6, 32.0, 119.6, 32.0)).toBe(0);
  });

  it('mulberry32 is reproducible and seedFrom separates streams', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(seedFrom(1, 'villages')).not.toBe(seedFrom(1, 'roads'));
    expect(seedFrom(1, 'villages')).toBe(seedFrom(1, 'villages'));
  });

  it('settings: defaults when unset, the name and the value in every error', () => {
    expect(envInt({}, 'X', 7, 0, 10)).toBe(7);
    expect(envInt({ X: ' 3 ' }, 'X', 7, 0, 10)).toBe(3);
    expect(() => envInt({ X: '11' }, 'X', 7, 0, 10)).toThrow(SettingsError);
    expect(() => envInt({ X: '1.5' }, 'X', 7, 0, 10)).toThrow('X must be an integer between 0 and 10, got "1.5"');
    expect(envPort({ P: 'off' }, 'P', 5055)).toBeNull();
    expect(envBool({ B: 'yes' }, 'B', false)).toBe(true);
    expect(() => envBool({ B: 'maybe' }, 'B', false)).toThrow('B must be true or false');
    expect(() => envChoice({ C: 'x' }, 'C', ['a', 'b'], 'a')).toThrow(SettingsError);
  });

  it('staleness: older than the limit, or no fix at all', () => {
    expect(isFixStale(null, 100_000, 90)).toBe(true);
    expect(isFixStale(0, 100_000, 90)).toBe(true);
    expect(isFixStale(10_000, 100_000, 90)).toBe(false);
    expect(isFixStale(9_999, 100_000, 90)).toBe(true);
  });
});
