import { describe, expect, it } from 'vitest';
import { incident, unit } from '../testing/fixtures.ts';
import { computeKpis } from './kpis.ts';

describe('computeKpis', () => {
  it('counts units by status, open incidents by priority and the negative-pressure share', () => {
    const k = computeKpis(
      [
        unit(1),
        unit(2, { status: 'en_route', kind: 'negative_pressure_ambulance' }),
        unit(3, { kind: 'basic_ambulance' }),
        unit(4, { kind: 'mobile_hospital', status: 'off_duty' }),
      ],
      [
        incident(1, { priority: 1 }),
        incident(2, { priority: 1, status: 'en_route' }),
        incident(3, { status: 'closed' }),
      ],
    );
    expect(k.totalUnits).toBe(4);
    expect(k.available).toBe(2);
    expect(k.unitsByStatus.en_route).toBe(1);
    expect(k.unitsByStatus.off_duty).toBe(1);
    expect(k.openIncidents).toBe(2);
    expect(k.pendingIncidents).toBe(1);
    expect(k.openByPriority).toEqual({ 1: 2, 2: 0, 3: 0, 4: 0 });
    expect(k.negativePressureShare).toBeCloseTo(1 / 3);
  });
});
