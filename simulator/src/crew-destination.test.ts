import { describe, expect, it } from 'vitest';
import { CrewMachine, DEFAULT_CREW_TIMING, type CrewEffect } from './crew.ts';
import type { LonLat } from './geo.ts';
import { createRng } from './random.ts';

const HOME: LonLat = [119.5688, 32.002];
const PICKUP: LonLat = [119.58, 31.99];
const DEST: LonLat = [119.5684, 32.0035];

const first = <K extends CrewEffect['kind']>(effects: CrewEffect[], kind: K) => {
  const e = effects.find((x): x is Extract<CrewEffect, { kind: K }> => x.kind === kind);
  if (!e) throw new Error(`no ${kind} in ${JSON.stringify(effects)}`);
  return e;
};

describe('a crew on a run whose destination is set ahead (a booked transfer)', () => {
  it('always carries the patient to that destination, without asking for a suggestion', () => {
    for (let seed = 1; seed <= 20; seed++) {
      // transportShare 0: an emergency run would end at the scene; a booked destination still wins.
      const crew = new CrewMachine('丹阳120-18', HOME, createRng(seed), { ...DEFAULT_CREW_TIMING, transportShare: 0 });
      const run = { assignmentId: 1, incidentId: 2, scene: PICKUP, priority: 4, hospitalId: 9, hospitalAt: DEST };
      let e = crew.handle({ kind: 'assigned', run });
      e = crew.handle({ kind: 'timer', token: first(e, 'wait').token });
      e = crew.handle({ kind: 'arrived', token: first(e, 'drive').token });
      e = crew.handle({ kind: 'timer', token: first(e, 'wait').token }); // the geofence did not mark it: tap 到达现场
      e = crew.handle({ kind: 'timer', token: first(e, 'wait').token }); // the stay on scene ends
      expect(e.some((x) => x.kind === 'chooseHospital')).toBe(false);
      expect(first(e, 'tap')).toMatchObject({ status: 'transporting', destinationHospitalId: 9 });
      expect(first(e, 'drive')).toMatchObject({ to: DEST, purpose: 'hospital' });
    }
  });
});
