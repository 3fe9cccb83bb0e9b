import { describe, expect, it } from 'vitest';
import { ingestSpeedLimitFor, movementScale, optionsFromEnv, resolveOptions, SimulatorEnvError } from './options.ts';
import { DEFAULT_SPEEDS } from './route.ts';

describe('simulator options', () => {
  it('default to a local core and its device ports', () => {
    const o = optionsFromEnv({});
    expect(o).toMatchObject({
      coreUrl: 'http://127.0.0.1:8120',
      jt808: { host: '127.0.0.1', port: 6808 },
      osmandUrl: 'http://127.0.0.1:5055',
      transport: 'device',
      timeScale: 1,
      callRatePerHour: 30,
      autoDispatchAfterSeconds: 20,
      unitLimit: null,
    });
  });

  it('read every variable, and `off`', () => {
    const o = optionsFromEnv({
      CORE_URL: 'http://core.example:9000/',
      JT808_PORT: 'off',
      OSMAND_URL: 'off',
      SIM_SPEED: '10',
      SIM_CALL_RATE_PER_HOUR: '90',
      SIM_AUTODISPATCH_S: '0',
      SIM_UNITS: '12',
      SIM_TRANSPORT: 'json',
      SIM_REPORT_MOVING_S: '2-4',
      SIM_SEED: '7',
      INGEST_MAX_SPEED_KMH: '900',
    });
    expect(o).toMatchObject({
      coreUrl: 'http://core.example:9000',
      jt808: null,
      osmandUrl: null,
      timeScale: 10,
      callRatePerHour: 90,
      autoDispatchAfterSeconds: null,
      unitLimit: 12,
      transport: 'json',
      reportMovingS: [2, 4],
      seed: 7,
      ingestMaxSpeedKmh: 900,
    });
    expect(optionsFromEnv({ CORE_URL: 'http://10.0.0.5:8120', JT808_HOST: 'gw' }).jt808).toEqual({
      host: 'gw',
      port: 6808,
    });
    expect(optionsFromEnv({ CORE_URL: 'http://10.0.0.5:8120' }).osmandUrl).toBe('http://10.0.0.5:5055');
  });

  it('refuse bad values with the variable’s name', () => {
    expect(() => optionsFromEnv({ SIM_SPEED: 'fast' })).toThrow(/SIM_SPEED/);
    expect(() => optionsFromEnv({ SIM_TRANSPORT: 'carrier-pigeon' })).toThrow(SimulatorEnvError);
    expect(() => optionsFromEnv({ CORE_URL: 'not a url' })).toThrow(/CORE_URL/);
    expect(() => optionsFromEnv({ SIM_REPORT_MOVING_S: '3..5' })).toThrow(/SIM_REPORT_MOVING_S/);
    expect(() => resolveOptions({ coreUrl: 'http://x', timeScale: 0 })).toThrow(RangeError);
  });

  it('speed driving up only as far as the ingest’s jump filter allows', () => {
    expect(movementScale(1, 300, DEFAULT_SPEEDS)).toBe(1);
    expect(movementScale(10, 300, DEFAULT_SPEEDS)).toBe(4); // 60 km/h × 4 = 240 km/h = 80 % of 300
    expect(movementScale(10, ingestSpeedLimitFor(10), DEFAULT_SPEEDS)).toBe(10);
    expect(ingestSpeedLimitFor(1)).toBe(300);
    expect(ingestSpeedLimitFor(10)).toBe(750);
  });
});
