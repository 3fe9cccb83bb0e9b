import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatDateTime, formatDuration, formatStamp } from './time.ts';

describe('times in Asia/Shanghai', () => {
  // 23:59:30 UTC is 07:59:30 the next day in China, whatever zone the browser (or this test) runs in
  const t = '2026-11-23T23:59:30.000Z';

  it('formats the clock and the date in China Standard Time', () => {
    expect(formatClock(t)).toBe('07:59:30');
    expect(formatDateTime(t)).toBe('2026-11-24 07:59:30');
    expect(formatDateTime(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01 08:00:00');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatClock('2026-11-23T16:00:05Z')).toBe('00:00:05');
  });

  it('drops the date on the same Shanghai day', () => {
    const now = Date.parse('2026-11-24T01:00:00Z'); // 09:00 on the 24th in Shanghai
    expect(formatStamp(t, now)).toBe('07:59:30');
    expect(formatStamp('2026-11-23T10:00:00Z', now)).toBe('2026-11-23 18:00:00');
  });

  it('is robust to bad input', () => {
    expect(formatClock('nonsense')).toBe('—');
    expect(formatDateTime(Number.NaN)).toBe('—');
  });
});

describe('durations', () => {
  it('formats seconds, minutes and hours in both languages', () => {
    expect(formatDuration(45, 'zh')).toBe('45秒');
    expect(formatDuration(185, 'zh')).toBe('3分05秒');
    expect(formatDuration(3725, 'zh')).toBe('1小时02分');
    expect(formatDuration(185, 'en')).toBe('3m 05s');
    expect(formatDuration(null, 'en')).toBe('—');
    expect(formatDuration(-3, 'zh')).toBe('0秒');
  });

  it('formats the age of an instant', () => {
    expect(formatAge('2026-11-23T08:00:00Z', Date.parse('2026-11-23T08:02:30Z'), 'zh')).toBe('2分30秒');
  });
});
