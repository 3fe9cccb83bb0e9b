import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOKING_TIMING, draftBooking } from './transfer-bookings.ts';
import { createRng } from './random.ts';

const hospitals = [
  { id: 1, level: '三级' as const },
  { id: 2, level: '二级' as const },
  { id: 3, level: '一级' as const },
  { id: 4, level: '一级' as const },
];

describe('transfer bookings', () => {
  it('books between a 卫生院 and a county hospital, mostly upwards, with a window ahead', () => {
    const rng = createRng(3);
    const now = Date.parse('2026-12-06T02:07:00Z');
    let up = 0;
    for (let i = 0; i < 400; i++) {
      const b = draftBooking(rng, hospitals, now, DEFAULT_BOOKING_TIMING);
      expect(b).not.toBeNull();
      if (!b) continue;
      expect(b.fromHospitalId).not.toBe(b.toHospitalId);
      const levels = [b.fromHospitalId, b.toHospitalId].map((id) => hospitals.find((h) => h.id === id)?.level);
      expect(levels).toContain('一级');
      if (levels[0] === '一级') up++;
      const start = Date.parse(b.windowStart);
      expect(start).toBeGreaterThanOrEqual(now + 60 * 60_000);
      expect(start % 900_000).toBe(0);
      expect(Date.parse(b.windowEnd) - start).toBe(60 * 60_000);
      expect(new Set(b.needs).size).toBe(b.needs.length);
    }
    expect(up / 400).toBeGreaterThan(0.65);
    expect(up / 400).toBeLessThan(0.85);
  });

  it('books nothing without two facilities to move between', () => {
    expect(draftBooking(createRng(1), [{ id: 1, level: '三级' }], Date.now(), DEFAULT_BOOKING_TIMING)).toBeNull();
  });
});
