import { describe, expect, it } from 'vitest';
import { CrewMachine, DEFAULT_CREW_TIMING, expectedStatus, type CrewEffect, type RunInfo } from './crew.ts';
import type { LonLat } from './geo.ts';
import { createRng } from './random.ts';

const HOME: LonLat = [119.5688, 32.002];
const SCENE: LonLat = [119.58, 31.99];
const HOSPITAL: LonLat = [119.5684, 32.0035];
const run = (over: Partial<RunInfo> = {}): RunInfo => ({
  assignmentId: 11,
  incidentId: 7,
  scene: SCENE,
  priority: 2,
  hospitalId: null,
  hospitalAt: null,
  ...over,
});

const of = <K extends CrewEffect['kind']>(effects: CrewEffect[], kind: K) =>
  effects.filter((e): e is Extract<CrewEffect, { kind: K }> => e.kind === kind);
const taps = (effects: CrewEffect[]) => of(effects, 'tap').map((t) => t.status);
const waitOf = (effects: CrewEffect[]) => {
  const w = of(effects, 'wait')[0];
  if (!w) throw new Error(`no wait in ${JSON.stringify(effects)}`);
  return w;
};
const driveOf = (effects: CrewEffect[]) => {
  const d = of(effects, 'drive')[0];
  if (!d) throw new Error(`no drive in ${JSON.stringify(effects)}`);
  return d;
};

/** Drives a crew through whole runs: waits elapse, drives arrive, hospital suggestion answers. */
function playRun(crew: CrewMachine): { statuses: string[]; outcome?: string } {
  const statuses: string[] = [];
  let outcome: string | undefined;
  let effects = crew.handle({ kind: 'assigned', run: run() });
  for (let guard = 0; guard < 20 && crew.phase !== 'idle'; guard++) {
    for (const t of of(effects, 'tap')) {
      statuses.push(t.status);
      if (t.outcome) outcome = t.outcome;
    }
    const choose = of(effects, 'chooseHospital')[0];
    const drive = of(effects, 'drive')[0];
    const wait = of(effects, 'wait')[0];
    if (choose) effects = crew.handle({ kind: 'hospitalChosen', token: choose.token, hospitalId: 3, at: HOSPITAL });
    else if (drive) effects = crew.handle({ kind: 'arrived', token: drive.token });
    else if (wait) effects = crew.handle({ kind: 'timer', token: wait.token });
    else throw new Error(`stuck in ${crew.phase}`);
  }
  statuses.push(...taps(effects));
  return { statuses, ...(outcome ? { outcome } : {}) };
}

describe('a simulated crew', () => {
  it('goes through the whole run with transport, tapping each status once', () => {
    const crew = new CrewMachine('丹阳120-01', HOME, createRng(5), { ...DEFAULT_CREW_TIMING, transportShare: 1 });
    const e1 = crew.handle({ kind: 'assigned', run: run() });
    expect(crew.phase).toBe('preparing');
    const departure = waitOf(e1);
    expect(departure.seconds).toBeGreaterThanOrEqual(30);
    expect(departure.seconds).toBeLessThanOrEqual(120);

    const e2 = crew.handle({ kind: 'timer', token: departure.token });
    expect(taps(e2)).toEqual(['en_route']);
    expect(driveOf(e2)).toMatchObject({ to: SCENE, purpose: 'scene' });
    expect(crew.phase).toBe('to_scene');

    const e3 = crew.handle({ kind: 'arrived', token: driveOf(e2).token });
    expect(crew.phase).toBe('awaiting_scene');
    expect(taps(e3)).toEqual([]); // the geofence gets its chance first
    expect(waitOf(e3).seconds).toBe(60);

    const e4 = crew.handle({ kind: 'timer', token: waitOf(e3).token });
    expect(taps(e4)).toEqual(['on_scene']);
    const stay = waitOf(e4);
    expect(stay.seconds).toBeGreaterThanOrEqual(180);
    expect(stay.seconds).toBeLessThanOrEqual(480);

    const e5 = crew.handle({ kind: 'timer', token: stay.token });
    const choose = of(e5, 'chooseHospital')[0];
    expect(choose?.incidentId).toBe(7);
    const e6 = crew.handle({ kind: 'hospitalChosen', token: choose?.token ?? -1, hospitalId: 3, at: HOSPITAL });
    expect(of(e6, 'tap')).toEqual([{ kind: 'tap', status: 'transporting', destinationHospitalId: 3 }]);
    expect(driveOf(e6)).toMatchObject({ to: HOSPITAL, purpose: 'hospital' });

    const e7 = crew.handle({ kind: 'arrived', token: driveOf(e6).token });
    expect(crew.phase).toBe('awaiting_hospital');
    const e8 = crew.handle({ kind: 'timer', token: waitOf(e7).token });
    expect(taps(e8)).toEqual(['at_hospital']);
    expect(waitOf(e8).seconds).toBe(300);
    const e9 = crew.handle({ kind: 'timer', token: waitOf(e8).token });
    expect(taps(e9)).toEqual(['returning']);
    expect(driveOf(e9)).toMatchObject({ to: HOME, purpose: 'station' });
    const e10 = crew.handle({ kind: 'arrived', token: driveOf(e9).token });
    expect(taps(e10)).toEqual(['available']);
    expect(crew.phase).toBe('idle');
    expect(crew.run).toBeNull();
  });

  it('follows the geofence: arrival marked by the server is not tapped again', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    const e1 = crew.handle({ kind: 'assigned', run: run() });
    const e2 = crew.handle({ kind: 'timer', token: waitOf(e1).token });
    const e3 = crew.handle({ kind: 'arrived', token: driveOf(e2).token });
    const graceToken = waitOf(e3).token;
    const e4 = crew.handle({ kind: 'statusChanged', to: 'on_scene', source: 'geofence', run: run() });
    expect(crew.phase).toBe('on_scene');
    expect(taps(e4)).toEqual([]);
    // The grace timer fires later: stale, ignored.
    expect(crew.handle({ kind: 'timer', token: graceToken })).toEqual([]);
    expect(crew.phase).toBe('on_scene');
  });

  it('ignores the echo of its own taps and events that match where it is', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    const e1 = crew.handle({ kind: 'assigned', run: run() });
    crew.handle({ kind: 'timer', token: waitOf(e1).token });
    expect(crew.handle({ kind: 'statusChanged', to: 'en_route', source: 'crew', run: run() })).toEqual([]);
    expect(crew.handle({ kind: 'statusChanged', to: 'en_route', source: 'console', run: run() })).toEqual([]);
    expect(crew.handle({ kind: 'sync', status: 'en_route', run: run() })).toEqual([]);
    expect(crew.phase).toBe('to_scene');
  });

  it('stays at the station when the run is cancelled before departure', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    const e1 = crew.handle({ kind: 'assigned', run: run() });
    const e2 = crew.handle({ kind: 'assignmentEnded', assignmentId: 11, unitStatus: 'available' });
    expect(crew.phase).toBe('idle');
    expect(taps(e2)).toEqual([]);
    expect(driveOf(e2).to).toEqual(HOME);
    expect(crew.handle({ kind: 'timer', token: waitOf(e1).token })).toEqual([]); // the departure never happens
  });

  it('drives back and reports available when cancelled en route (the server set returning)', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    const e1 = crew.handle({ kind: 'assigned', run: run() });
    const e2 = crew.handle({ kind: 'timer', token: waitOf(e1).token });
    const e3 = crew.handle({ kind: 'assignmentEnded', assignmentId: 11, unitStatus: 'returning' });
    expect(crew.phase).toBe('returning');
    expect(crew.handle({ kind: 'arrived', token: driveOf(e2).token })).toEqual([]); // the old drive to the scene
    const e4 = crew.handle({ kind: 'arrived', token: driveOf(e3).token });
    expect(taps(e4)).toEqual(['available']);
  });

  it('ignores the end of another unit’s or an older run', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    crew.handle({ kind: 'assigned', run: run() });
    expect(crew.handle({ kind: 'assignmentEnded', assignmentId: 99, unitStatus: 'available' })).toEqual([]);
    expect(crew.phase).toBe('preparing');
  });

  it('takes over a reassignment: the new run replaces the old one', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    crew.handle({ kind: 'assigned', run: run() });
    crew.handle({ kind: 'assignmentEnded', assignmentId: 11, unitStatus: 'available' });
    crew.handle({ kind: 'assigned', run: run({ assignmentId: 12, incidentId: 8 }) });
    expect(crew.run?.incidentId).toBe(8);
    expect(crew.phase).toBe('preparing');
  });

  it('resumes from whatever the server reports after a refused tap (sync)', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    crew.handle({ kind: 'assigned', run: run() });
    const e = crew.handle({ kind: 'sync', status: 'transporting', run: run({ hospitalId: 3, hospitalAt: HOSPITAL }) });
    expect(crew.phase).toBe('to_hospital');
    expect(taps(e)).toEqual([]);
    expect(driveOf(e).to).toEqual(HOSPITAL);
  });

  it('asks for a hospital without tapping transporting again when a dispatcher already set it', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    crew.handle({ kind: 'assigned', run: run() });
    const e1 = crew.handle({ kind: 'statusChanged', to: 'transporting', source: 'console', run: run() });
    const choose = of(e1, 'chooseHospital')[0];
    expect(choose).toBeDefined();
    const e2 = crew.handle({ kind: 'hospitalChosen', token: choose?.token ?? -1, hospitalId: 3, at: HOSPITAL });
    expect(taps(e2)).toEqual([]);
    expect(driveOf(e2).to).toEqual(HOSPITAL);
  });

  it('goes off duty and back when a dispatcher says so', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    crew.handle({ kind: 'statusChanged', to: 'maintenance', source: 'console', run: null });
    expect(crew.phase).toBe('off');
    expect(crew.handle({ kind: 'statusChanged', to: 'off_duty', source: 'console', run: null })).toEqual([]);
    crew.handle({ kind: 'statusChanged', to: 'available', source: 'console', run: null });
    expect(crew.phase).toBe('idle');
  });

  it('starts where the server has the unit (simulator restart mid-run)', () => {
    const crew = new CrewMachine('u', HOME, createRng(1));
    const e = crew.start('en_route', run());
    expect(crew.phase).toBe('to_scene');
    expect(driveOf(e).to).toEqual(SCENE);
    const idle = new CrewMachine('v', HOME, createRng(1));
    expect(driveOf(idle.start('available', null)).to).toEqual(HOME);
  });

  it('transports ~85% of patients; the rest end 病人不去 > 车到人走 > 死亡不送', () => {
    const crew = new CrewMachine('u', HOME, createRng(42));
    const n = 3000;
    const outcomes = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const { statuses, outcome } = playRun(crew);
      const key = statuses.includes('transporting') ? 'transported' : (outcome ?? '?');
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      expect(statuses[0]).toBe('en_route');
      expect(statuses.at(-1)).toBe('available');
    }
    const share = (k: string) => (outcomes.get(k) ?? 0) / n;
    expect(share('transported')).toBeGreaterThan(0.82);
    expect(share('transported')).toBeLessThan(0.88);
    expect(share('declined')).toBeGreaterThan(share('gone_on_arrival'));
    expect(share('gone_on_arrival')).toBeGreaterThan(share('deceased'));
    expect(share('deceased')).toBeGreaterThan(0);
    expect(outcomes.get('?')).toBeUndefined();
  });

  it('names the status the server should show in each phase', () => {
    expect(expectedStatus('awaiting_scene')).toBe('en_route');
    expect(expectedStatus('choosing_hospital')).toBe('on_scene');
    expect(expectedStatus('awaiting_hospital')).toBe('transporting');
    expect(expectedStatus('off')).toBeNull();
  });
});
