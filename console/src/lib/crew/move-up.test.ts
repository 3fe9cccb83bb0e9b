import { describe, expect, it } from 'vitest';
import type { StationView } from '@c120/dispatch-core/contracts';
import { unit } from '../testing/fixtures.ts';
import { distanceM, moveUpTarget } from './move-up.ts';

const station = (id: number, lon: number, lat: number): StationView => ({
  id,
  code: `S${id}`,
  name: `站${id}`,
  address: null,
  townshipCode: null,
  location: { lon, lat },
});

describe('crew move-up order', () => {
  it('measures great-circle distance (0.01° of latitude ≈ 1.11 km)', () => {
    expect(distanceM({ lon: 119.6, lat: 32 }, { lon: 119.6, lat: 32.01 })).toBeCloseTo(1112, 0);
  });

  it('finds the ordered station and its distance from the latest fix, nothing without an order', () => {
    const stations = [station(1, 119.6, 32), station(3, 119.6, 32.02)];
    const moveUp = { relocationId: 5, stationId: 3, stationName: '站3', orderedAt: '', acknowledgedAt: null };
    const target = moveUpTarget(unit(1, { moveUp }), stations, { lon: 119.6, lat: 32 });
    expect(target?.station.id).toBe(3);
    expect(Math.round((target?.distanceM ?? 0) / 10)).toBe(222);
    expect(moveUpTarget(unit(1, { moveUp }), stations, null)?.distanceM).toBeNull();
    expect(moveUpTarget(unit(1), stations, { lon: 119.6, lat: 32 })).toBeNull();
    expect(moveUpTarget(unit(1, { moveUp: { ...moveUp, stationId: 99 } }), stations, null)).toBeNull();
  });
});
