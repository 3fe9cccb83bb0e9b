import { describe, expect, it } from 'vitest';
import { UNIT_STATUSES } from '@c120/shared/vocabulary';
// The server's lifecycle, to keep the crew buttons from drifting away from it (test-only import).
import { checkTransition } from '@c120/dispatch-core/unit-status';
import { canEndWithoutTransport, crewNext, NO_TRANSPORT_OUTCOMES } from './crew-transitions.ts';

describe('crew buttons', () => {
  it('enable only transitions the server accepts from a crew report', () => {
    for (const from of UNIT_STATUSES) {
      for (const to of crewNext(from)) expect(checkTransition({ from, to }), `${from} → ${to}`).toEqual({ ok: true });
    }
  });

  it('offer the no-transport outcomes on scene only, and the server accepts them', () => {
    for (const outcome of NO_TRANSPORT_OUTCOMES) {
      expect(checkTransition({ from: 'on_scene', to: 'returning', outcome })).toEqual({ ok: true });
    }
    expect(UNIT_STATUSES.filter(canEndWithoutTransport)).toEqual(['on_scene']);
  });

  it('follow the run: 出车 → 到达现场 → 病人上车 → 到达医院 → 返回 → 待命', () => {
    expect(crewNext('dispatched')).toEqual(['en_route']);
    expect(crewNext('en_route')).toEqual(['on_scene']);
    expect(crewNext('on_scene')).toEqual(['transporting']);
    expect(crewNext('transporting')).toEqual(['at_hospital']);
    expect(crewNext('at_hospital')).toEqual(['returning']);
    expect(crewNext('returning')).toEqual(['available']);
    expect(crewNext('available')).toEqual([]);
  });
});
