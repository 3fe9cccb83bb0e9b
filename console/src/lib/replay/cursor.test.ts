import { describe, expect, it } from 'vitest';
import { clampTime, stepCursor } from './cursor.ts';

describe('replay cursor', () => {
  it('advances at speed × wall time and stops at the end', () => {
    // one second of wall time at 60× is one minute of replay
    expect(stepCursor(1_000_000, 1000, 60, 1_000_000, 1_600_000)).toEqual({ t: 1_060_000, ended: false });
    expect(stepCursor(1_590_000, 1000, 60, 1_000_000, 1_600_000)).toEqual({ t: 1_600_000, ended: true });
  });

  it('clamps a seek into the span', () => {
    expect(clampTime(0, 1000, 2000)).toBe(1000);
    expect(clampTime(5000, 1000, 2000)).toBe(2000);
    expect(clampTime(1500, 1000, 2000)).toBe(1500);
  });
});
