import { describe, expect, it } from 'vitest';
import { DEFAULT_PBX_TIMING, drawCallFate, pbxNumber, ringStamp } from './pbx.ts';
import { createRng } from './random.ts';

describe('simulated PBX', () => {
  it('answers most calls within 10 s, some later, and lets a few ring out (abandoned)', () => {
    const rng = createRng(11);
    const fates = Array.from({ length: 5000 }, () => drawCallFate(rng, DEFAULT_PBX_TIMING));
    const answered = fates.filter((f) => f.kind === 'answered');
    const abandoned = fates.filter((f) => f.kind === 'abandoned');
    expect(abandoned.length / fates.length).toBeGreaterThan(0.025);
    expect(abandoned.length / fates.length).toBeLessThan(0.055);
    const quick = answered.filter((f) => f.ringS <= 10).length / answered.length;
    expect(quick).toBeGreaterThan(0.9);
    expect(quick).toBeLessThan(0.96);
    expect(Math.max(...answered.map((f) => f.ringS))).toBeGreaterThan(30);
    expect(Math.min(...answered.map((f) => f.ringS))).toBeGreaterThanOrEqual(2);
    for (const f of answered) expect(DEFAULT_PBX_TIMING.seats).toContain(f.seat);
  });

  it('back-dates the ring by what the time scale saves, so ring → answer is the simulated delay', () => {
    const now = 1_000_000;
    // ×1: no back-dating.
    expect(ringStamp(now, 8, 1)).toBe(now);
    // ×10: an 8 s ring takes 0.8 s of wall time; the ring is stamped 7.2 s earlier, the answer at now + 0.8 s.
    expect(ringStamp(now, 8, 10)).toBe(now - 7200);
    expect(ringStamp(now, 8, 10) + 8000).toBe(now + 800);
    // Slower than real time: never stamped in the future.
    expect(ringStamp(now, 8, 0.5)).toBe(now);
  });

  it('gives the caller number as digits, the way a PBX does', () => {
    expect(pbxNumber('0511-86123456')).toBe('051186123456');
    expect(pbxNumber('13912345678')).toBe('13912345678');
    expect(pbxNumber('')).toBeUndefined();
  });
});
