import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { DEFAULT_PHONE_LINE_CONFIG } from './phone-line-config.ts';

describe('phone line settings', () => {
  it('defaults without the environment', () => {
    expect(loadConfig({}).phoneLine).toEqual(DEFAULT_PHONE_LINE_CONFIG);
  });

  it('reads every setting', () => {
    const cfg = loadConfig({
      REPEAT_CALL_WINDOW_MINUTES: '120',
      REPEAT_CALL_RADIUS_M: '500',
      LOCATION_LINK_TTL_MINUTES: '15',
      LOCATION_LINK_PER_MINUTE: '0',
      LOCATION_LINK_BASE_URL: 'https://120.county.example/ignored/path',
      SMS_GATEWAY_URL: 'https://sms.county.example/send',
      SMS_GATEWAY_TOKEN: 'sms-token',
      MASS_CASUALTY_THRESHOLD: '3',
    }).phoneLine;
    expect(cfg).toEqual({
      repeatWindowMinutes: 120,
      repeatRadiusM: 500,
      locationLinkTtlMinutes: 15,
      locationLinkPerMinute: 0,
      locationLinkBaseUrl: 'https://120.county.example',
      smsGatewayUrl: 'https://sms.county.example/send',
      smsGatewayToken: 'sms-token',
      massCasualtyThreshold: 3,
    });
  });

  it('stops the boot on a bad value, with the reason', () => {
    expect(() => loadConfig({ MASS_CASUALTY_THRESHOLD: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOCATION_LINK_TTL_MINUTES: 'soon' })).toThrow(/LOCATION_LINK_TTL_MINUTES/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://x' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => loadConfig({ SMS_GATEWAY_TOKEN: 'x' })).toThrow(/needs SMS_GATEWAY_URL/);
    expect(() => loadConfig({ LOCATION_LINK_BASE_URL: 'not a url' })).toThrow(/LOCATION_LINK_BASE_URL/);
  });
});
