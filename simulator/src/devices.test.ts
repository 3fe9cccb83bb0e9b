import { describe, expect, it } from 'vitest';
import { loadSeedData } from '@c120/db/seed';
import { jsonDeviceOf, seedDevices, syntheticFleet } from './devices.ts';

describe('simulated devices', () => {
  it('are the demo fleet’s own terminals and Traccar Client ids by default', async () => {
    const { units } = await loadSeedData();
    const devices = await seedDevices();
    expect(devices).toHaveLength(units.length);
    expect(devices.map((d) => d.unitCode)).toEqual(units.map((u) => u.code));
    expect(new Set(devices.map((d) => d.protocol))).toEqual(new Set(['jt808', 'osmand']));
    for (const d of devices.filter((x) => x.protocol === 'jt808')) expect(d.deviceId).toMatch(/^\d{11,12}$/);
    expect(jsonDeviceOf(devices[0]!)).toMatchObject({ protocol: 'json', deviceId: devices[0]!.unitCode });
  });

  it('can be a synthetic fleet of up to 10,000 units in the seed’s record shape', () => {
    const { units, devices } = syntheticFleet(10_000, {
      stationCodes: ['ST01', 'ST02'],
      jt808Share: 0.1,
      osmandShare: 0.1,
    });
    expect(units).toHaveLength(10_000);
    expect(new Set(units.map((u) => u.code)).size).toBe(10_000);
    expect(new Set(devices.map((d) => `${d.protocol}:${d.deviceId}`)).size).toBe(10_000);
    const jt = devices.filter((d) => d.protocol === 'jt808');
    expect(jt.length).toBeGreaterThan(800);
    expect(jt.length).toBeLessThan(1200);
    for (const d of jt.slice(0, 50)) expect(d.deviceId).toMatch(/^0149\d{8}$/);
    for (const d of devices.filter((x) => x.protocol === 'json').slice(0, 50)) expect(d.deviceId).toBe(d.unitCode);
    expect(units.filter((u) => u.stationCode === 'ST01')).toHaveLength(5000);
    expect(() => syntheticFleet(10_001, { stationCodes: ['ST01'] })).toThrow(RangeError);
    expect(() => syntheticFleet(1, { stationCodes: [] })).toThrow(RangeError);
  });
});
