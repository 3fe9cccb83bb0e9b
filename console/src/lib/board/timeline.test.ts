import { describe, expect, it } from 'vitest';
import { assignment, incident, iso, T0 } from '../testing/fixtures.ts';
import { actorLabelOf, incidentStamps } from './timeline.ts';

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

describe('who caused an event', () => {
  const tr = (k: string) => `<${k}>`;
  it('names a user by display name, never user:1; devices by id; system actors translated', () => {
    expect(actorLabelOf('user:1', '王调度', tr)).toBe('王调度');
    expect(actorLabelOf('user:1', null, tr)).toBe('<audit.actor.unknown>');
    expect(actorLabelOf('device:013800000001', null, tr)).toBe('013800000001');
    expect(actorLabelOf('geofence', null, tr)).toBe('<audit.actor.geofence>');
    expect(actorLabelOf('weird', null, tr)).toBe('<audit.actor.unknown>');
  });
});
