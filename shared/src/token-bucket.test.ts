import { describe, expect, it } from 'vitest';
import { KeyedBuckets, TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('admits a burst, then the refill rate', () => {
    const b = new TokenBucket(10, 5, 0);
    expect([1, 2, 3, 4, 5, 6].map(() => b.take(0))).toEqual([true, true, true, true, true, false]);
    expect(b.take(50)).toBe(false); // 0.5 token
    expect(b.take(100)).toBe(true); // 1 token after 100 ms at 10/s
    expect(b.take(100)).toBe(false);
  });

  it('never refills beyond the burst, and takes several tokens all or nothing', () => {
    const b = new TokenBucket(10, 5, 0);
    expect(b.take(60_000, 5)).toBe(true);
    expect(b.take(60_000, 1)).toBe(false);
    expect(b.take(60_300, 4)).toBe(false); // 3 tokens there: nothing taken
    expect(b.take(60_300, 3)).toBe(true);
  });

  it('rate 0 is unlimited', () => {
    const b = new TokenBucket(0, 0, 0);
    for (let i = 0; i < 1000; i++) expect(b.take(0)).toBe(true);
  });
});

describe('KeyedBuckets', () => {
  it('limits each key on its own', () => {
    const k = new KeyedBuckets<number>(1, 2);
    expect([k.take(1, 0), k.take(1, 0), k.take(1, 0)]).toEqual([true, true, false]);
    expect([k.take(2, 0), k.take(2, 0)]).toEqual([true, true]);
  });
});
