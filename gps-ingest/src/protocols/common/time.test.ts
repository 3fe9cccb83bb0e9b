import { describe, expect, it } from 'vitest';
import { isPlausibleFixTime, parseDateTimeUtc } from './time.ts';

const iso = (s: string) => parseDateTimeUtc(s)?.toISOString();

describe('parseDateTimeUtc', () => {
  it('reads ISO-8601 with Z, offsets and fractions', () => {
    expect(iso('2025-06-15T13:45:12.862Z')).toBe('2025-06-15T13:45:12.862Z');
    expect(iso('2025-06-15T21:45:12+08:00')).toBe('2025-06-15T13:45:12.000Z');
    expect(iso('2025-06-15T21:45:12+0800')).toBe('2025-06-15T13:45:12.000Z');
    expect(iso('2025-06-15T08:45:12-05')).toBe('2025-06-15T13:45:12.000Z');
    expect(iso('2025-06-15T13:45:12.123456789Z')).toBe('2025-06-15T13:45:12.123Z');
    expect(iso('2025-06-15T13:45Z')).toBe('2025-06-15T13:45:00.000Z');
  });

  it('takes a time without zone, and the `yyyy-MM-dd HH:mm:ss` form, as UTC', () => {
    expect(iso('2016-01-27T18:55:47')).toBe('2016-01-27T18:55:47.000Z');
    expect(iso('2014-06-04 09:10:11')).toBe('2014-06-04T09:10:11.000Z');
  });

  it('refuses impossible or partial values', () => {
    for (const bad of [
      '',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01',
      'yesterday',
      '2025-01-01T00:00:00+25:00',
      '1377177267',
    ]) {
      expect(parseDateTimeUtc(bad), bad).toBeUndefined();
    }
  });
});

describe('isPlausibleFixTime', () => {
  it('accepts 2000–2099 only', () => {
    expect(isPlausibleFixTime(new Date('2025-01-01T00:00:00Z'))).toBe(true);
    expect(isPlausibleFixTime(new Date(0))).toBe(false);
    expect(isPlausibleFixTime(new Date('2100-01-01T00:00:00Z'))).toBe(false);
    expect(isPlausibleFixTime(new Date(NaN))).toBe(false);
  });
});
