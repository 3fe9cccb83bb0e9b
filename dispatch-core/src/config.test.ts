import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('settings of the dispatcher desk', () => {
  it('reads WAIT_ALARM_SECONDS as four per-priority thresholds, defaulting to 60,120,300,600', () => {
    expect(loadConfig({}).waitAlarmSeconds).toEqual([60, 120, 300, 600]);
    expect(loadConfig({ WAIT_ALARM_SECONDS: '30, 90,240,480' }).waitAlarmSeconds).toEqual([30, 90, 240, 480]);
  });

  it('stops the boot on a malformed WAIT_ALARM_SECONDS, with the reason', () => {
    for (const bad of ['60,120,300', '60,120,300,600,900', '60,abc,300,600', '0,120,300,600', '60,120,300,4000']) {
      expect(() => loadConfig({ WAIT_ALARM_SECONDS: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ WAIT_ALARM_SECONDS: '1,2,3' })).toThrow(/priority 1,2,3,4/);
  });

  it('reads PLACE_MATCH_RADIUS_M (default 500 m) within 10…5000', () => {
    expect(loadConfig({}).placeMatchRadiusM).toBe(500);
    expect(loadConfig({ PLACE_MATCH_RADIUS_M: '300' }).placeMatchRadiusM).toBe(300);
    expect(() => loadConfig({ PLACE_MATCH_RADIUS_M: '5' })).toThrow(ConfigError);
  });
});

describe('settings of the phone line', () => {
  it('reads TELEPHONY_TOKEN (unset: the PBX seam refuses everything) and refuses a short one', () => {
    expect(loadConfig({}).telephonyToken).toBeNull();
    expect(loadConfig({ TELEPHONY_TOKEN: 'a-long-enough-pbx-secret' }).telephonyToken).toBe('a-long-enough-pbx-secret');
    expect(() => loadConfig({ TELEPHONY_TOKEN: 'short' })).toThrow(ConfigError);
  });
});
