/**
 * Which devices the simulator plays. By default the demo fleet's own devices from the seed (`units.json`:
 * each unit's JT/T 808 terminal phone or Traccar Client id). For load, `syntheticFleet(n)` makes up to
 * 10,000 more units in the seed's record shape; the caller creates them (with their device credentials) before
 * starting the simulator — see README.md — since core has no API for device credentials.
 */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import { loadSeedData, type SeedData } from '@c120/db/seed';
import type { UnitKind } from '@c120/shared/vocabulary';
import { createRng } from './random.ts';

export type SimProtocol = DeviceProtocol;

export interface SimDevice {
  /** The unit's `code` (how the simulator finds the unit in GET /api/state). */
  unitCode: string;
  protocol: SimProtocol;
  /** jt808: the terminal phone (BCD digits, padding zeros allowed); osmand: the app's id; json: credential id. */
  deviceId: string;
  /** Registration plate, for the JT/T 808 registration message. */
  plate?: string;
}

export type UnitRecord = SeedData['units'][number];

export function devicesOf(units: readonly UnitRecord[]): SimDevice[] {
  return units.map((u) => ({
    unitCode: u.code,
    protocol: u.deviceProtocol,
    deviceId: u.deviceId,
    ...(u.plate ? { plate: u.plate } : {}),
  }));
}

/** The demo fleet's devices, from the seed files. */
export async function seedDevices(): Promise<SimDevice[]> {
  return devicesOf((await loadSeedData()).units);
}

/**
 * The `json` credential every seeded unit also has (device id = unit code): lets any unit report through
 * the JSON batch endpoint, e.g. when its own protocol's server is switched off.
 */
export function jsonDeviceOf(device: SimDevice): SimDevice {
  return {
    unitCode: device.unitCode,
    protocol: 'json',
    deviceId: device.unitCode,
    ...(device.plate ? { plate: device.plate } : {}),
  };
}

export interface SyntheticFleetOptions {
  /** Station codes to spread the units over (round-robin). */
  stationCodes: readonly string[];
  /** Code prefix; codes are `${prefix}-00001` … */
  prefix?: string;
  /** Share reporting over JT/T 808 and OsmAnd; the rest report JSON batches only. Default 0 / 0 (all JSON). */
  jt808Share?: number;
  osmandShare?: number;
  seed?: number;
}

const KINDS: readonly { kind: UnitKind; capabilities: string[]; weight: number }[] = [
  {
    kind: 'monitoring_ambulance',
    capabilities: ['als', 'bls', 'defibrillator', 'ecg_12lead', 'ventilator'],
    weight: 2,
  },
  { kind: 'negative_pressure_ambulance', capabilities: ['bls', 'negative_pressure', 'defibrillator'], weight: 4 },
  { kind: 'basic_ambulance', capabilities: ['bls'], weight: 4 },
];

/**
 * `count` made-up units (≤ 10,000) in the seed's unit record shape, with a device each. JSON-only units get
 * `deviceProtocol: 'osmand'` with an id that is never used, because the seed record requires a vehicle device;
 * the simulator reports them through their `json` credential (unit code) instead.
 */
export function syntheticFleet(
  count: number,
  options: SyntheticFleetOptions,
): { units: UnitRecord[]; devices: SimDevice[] } {
  if (!Number.isInteger(count) || count < 0 || count > 10_000) throw new RangeError(`count ${count}: 0–10,000 units`);
  if (options.stationCodes.length === 0) throw new RangeError('syntheticFleet needs at least one station');
  const rng = createRng(options.seed ?? 120);
  const prefix = options.prefix ?? 'SIM';
  const jt = options.jt808Share ?? 0;
  const os = options.osmandShare ?? 0;
  const units: UnitRecord[] = [];
  const devices: SimDevice[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    const code = `${prefix}-${n}`;
    const k = rng.weighted(KINDS, (x) => x.weight);
    const r = rng.next();
    const protocol: SimProtocol = r < jt ? 'jt808' : r < jt + os ? 'osmand' : 'json';
    // 0149… is not a real mobile range: synthetic terminals cannot collide with the demo fleet's 0138….
    const deviceId = protocol === 'jt808' ? `0149${String(i).padStart(8, '0')}` : `sim-${n}`;
    const plate = `苏L·S${n}`;
    units.push({
      code,
      callSign: `模拟${n}`,
      plate,
      kind: k.kind,
      capabilities: k.capabilities,
      stationCode: options.stationCodes[(i - 1) % options.stationCodes.length] as string,
      deviceId,
      deviceProtocol: protocol === 'jt808' ? 'jt808' : 'osmand',
      coordSystem: 'wgs84',
    });
    devices.push(
      protocol === 'json'
        ? { unitCode: code, protocol, deviceId: code, plate }
        : { unitCode: code, protocol, deviceId, plate },
    );
  }
  return { units, devices };
}
