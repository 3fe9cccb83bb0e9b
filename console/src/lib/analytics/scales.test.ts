import { describe, expect, it } from 'vitest';
import { addDays, dayRange, dayStart, lastDays, shanghaiDay } from './range.ts';
import { bands, linearScale, niceTicks } from './scales.ts';

describe('chart scales', () => {
  it('picks 1-2-5 ticks covering the maximum', () => {
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.9)).toEqual([0, 0.5, 1]);
    expect(niceTicks(1230)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('maps linearly, also onto a reversed (SVG y) range', () => {
    const y = linearScale(0, 200, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(50)).toBe(75);
    expect(y(200)).toBe(0);
    expect(linearScale(5, 5, 10, 20)(7)).toBe(10);
  });

  it('splits the width into padded bands', () => {
    expect(bands(2, 100, 0.2)).toEqual([
      { x: 5, width: 40 },
      { x: 55, width: 40 },
    ]);
    expect(bands(0, 100)).toEqual([]);
  });
});

describe('Shanghai day ranges', () => {
  it('turns calendar days into UTC instants', () => {
    expect(dayStart('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(dayRange('2026-03-02', '2026-03-03')).toEqual({
      from: '2026-03-01T16:00:00.000Z',
      to: '2026-03-03T16:00:00.000Z',
    });
    expect(shanghaiDay(Date.parse('2026-03-02T16:00:00Z'))).toBe('2026-03-03');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(lastDays(Date.parse('2026-03-02T17:00:00Z'), 7)).toEqual({ first: '2026-02-25', last: '2026-03-03' });
  });
});
