import { describe, expect, it } from 'vitest';
import { recomputeSpacingMs } from './coverage-live.ts';

describe('live coverage recompute spacing', () => {
  it('keeps the interval for a county, and spaces a slow recompute to at most a fifth of the time', () => {
    expect(recomputeSpacingMs(5_000, 16)).toBe(5_000); // demo county: 16 ms per recompute
    expect(recomputeSpacingMs(5_000, 1_000)).toBe(5_000); // exactly a fifth
    expect(recomputeSpacingMs(5_000, 3_000)).toBe(15_000); // 10,000 units: 3 s → every 15 s
    expect(recomputeSpacingMs(5_000, 0)).toBe(5_000); // none yet
  });
});
