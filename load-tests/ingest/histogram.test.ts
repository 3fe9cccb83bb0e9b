import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.ts';

describe('Histogram', () => {
  it('gives quantiles by 1 ms bucket and survives the IPC round trip', () => {
    const h = new Histogram(1000);
    for (let ms = 1; ms <= 100; ms++) h.add(ms);
    h.add(5000); // beyond the range: the last bucket
    expect(h.total).toBe(101);
    expect(h.quantile(0.5)).toBe(51);
    expect(h.quantile(0.99)).toBe(100);
    expect(h.quantile(1)).toBe(1000);
    const back = Histogram.fromPairs(h.toPairs(), 1000);
    expect(back.quantile(0.99)).toBe(100);
    expect(new Histogram().quantile(0.5)).toBeNaN();
  });
});
