import { describe, expect, it } from 'vitest';
import { assignment, incident, iso, T0 } from '../testing/fixtures.ts';
import { incidentStamps } from './timeline.ts';

describe('incidentStamps', () => {
  it('lists every recorded timestamp of the incident and its runs in time order', () => {
    const run = assignment(1, 5, 3, {
      assignedAt: iso(T0 + 60_000),
      enRouteAt: iso(T0 + 120_000),
      onSceneAt: iso(T0 + 600_000),
    });
    const stamps = incidentStamps(
      incident(5, { createdAt: iso(T0 + 30_000), firstDispatchedAt: iso(T0 + 60_000), assignments: [run] }),
    );
    expect(stamps.map((s) => [s.what, s.unitId])).toEqual([
      ['incident.callReceived', null],
      ['timeline.created', null],
      ['timeline.firstDispatched', null],
      ['timeline.assignedAt', 3],
      ['timeline.enRouteAt', 3],
      ['timeline.onSceneAt', 3],
    ]);
  });
});
