import { describe, expect, it } from 'vitest';
import { defaultTriage, planMassCasualty, unitsNeeded, type McUnit } from './mass-casualty.ts';

const als = (id: number): McUnit => ({ id, kind: 'monitoring_ambulance', capabilities: ['als', 'bls'] });
const basic = (id: number): McUnit => ({ id, kind: 'basic_ambulance', capabilities: ['bls'] });
const van = (id: number): McUnit => ({ id, kind: 'patrol_clinic', capabilities: ['bls'] });

describe('mass-casualty unit set', () => {
  it('gives each critical patient an ALS unit, serious ones a basic unit each, minor ones three to a unit', () => {
    const ranked = [basic(1), als(2), van(3), basic(4), als(5), basic(6), basic(7)];
    const plan = planMassCasualty({ critical: 2, serious: 2, minor: 4 }, [], ranked);
    expect(plan.picks.map((p) => [p.unit.id, p.covers, p.patients])).toEqual([
      [2, 'critical', 1],
      [5, 'critical', 1],
      [1, 'serious', 1],
      [4, 'serious', 1],
      [6, 'minor', 3],
      [7, 'minor', 1],
    ]);
    expect(plan.shortfall).toEqual({ critical: 0, serious: 0, minor: 0 });
    const covered = plan.picks.reduce((n, p) => n + p.patients, 0);
    expect(covered).toBe(8);
    expect(unitsNeeded({ critical: 2, serious: 2, minor: 4 })).toBe(plan.picks.length);
  });

  it('counts units already on the incident first and reports what no unit covers', () => {
    const plan = planMassCasualty({ critical: 2, serious: 1, minor: 0 }, [als(9)], [basic(1), basic(4)]);
    expect(plan.coveredByActive).toEqual({ critical: 1, serious: 0, minor: 0 });
    expect(plan.picks.map((p) => p.unit.id)).toEqual([1]);
    expect(plan.shortfall).toEqual({ critical: 1, serious: 0, minor: 0 });
  });

  it('uses an ALS unit for serious patients only when no basic one is left', () => {
    const plan = planMassCasualty({ critical: 0, serious: 2, minor: 0 }, [], [als(1), basic(2)]);
    expect(plan.picks.map((p) => p.unit.id)).toEqual([2, 1]);
  });

  it('defaults the triage from the patients and the priority', () => {
    expect(defaultTriage(8, 1)).toEqual({ critical: 1, serious: 7, minor: 0 });
    expect(defaultTriage(6, 2)).toEqual({ critical: 0, serious: 6, minor: 0 });
  });
});
