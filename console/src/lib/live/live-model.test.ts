import { describe, expect, it } from 'vitest';
import { assignment, frame, incident, positions, snapshot, T0, unit, iso } from '../testing/fixtures.ts';
import { LiveModel } from './live-model.ts';
import { judgeSeq } from './sequence.ts';

function loaded() {
  const model = new LiveModel();
  model.load(snapshot({ seq: 10 }), T0);
  return model;
}

describe('judgeSeq', () => {
  it('applies the next seq, ignores old ones and reports gaps', () => {
    expect(judgeSeq(10, 11)).toBe('apply');
    expect(judgeSeq(10, 10)).toBe('duplicate');
    expect(judgeSeq(10, 3)).toBe('duplicate');
    expect(judgeSeq(10, 12)).toBe('gap');
  });
});

describe('LiveModel events', () => {
  it('loads a snapshot and continues from its seq', () => {
    const model = loaded();
    expect(model.lastSeq).toBe(10);
    expect([...model.units.keys()]).toEqual([1, 2]);
    expect(model.loaded).toBe(true);
  });

  it('applies events in order', () => {
    const model = loaded();
    expect(model.receive(frame(11, 'incident.created', { incident: incident(5) }))).toBe('apply');
    const run = assignment(7, 5, 1);
    const assigned = incident(5, { status: 'dispatched', assignments: [run] });
    const busy = unit(1, { status: 'dispatched', activeAssignmentId: 7, activeIncidentId: 5 });
    expect(model.receive(frame(12, 'assignment.created', { assignment: run, incident: assigned, unit: busy }))).toBe(
      'apply',
    );
    expect(model.lastSeq).toBe(12);
    expect(model.incidents.get(5)?.status).toBe('dispatched');
    expect(model.units.get(1)?.status).toBe('dispatched');
    expect(model.units.get(1)?.activeIncidentId).toBe(5);
  });

  it('follows a move-up order from ordered through acknowledged to ended on the unit', () => {
    const model = loaded();
    const relocation = {
      id: 3,
      unitId: 1,
      stationId: 2,
      stationName: '珥陵站',
      orderedAt: iso(T0),
      actor: 'user:1',
      expectedGainPopulation: 120,
      acknowledgedAt: null,
      acknowledgedBy: null,
      endedAt: null,
      endReason: null,
      endedBy: null,
    };
    const moveUp = { relocationId: 3, stationId: 2, stationName: '珥陵站', orderedAt: iso(T0), acknowledgedAt: null };
    model.receive(frame(11, 'unit.relocation_ordered', { relocation, unit: unit(1, { moveUp }) }));
    expect(model.units.get(1)?.moveUp?.stationName).toBe('珥陵站');
    const acked = { ...relocation, acknowledgedAt: iso(T0 + 5000), acknowledgedBy: 'user:9' };
    model.receive(
      frame(12, 'unit.relocation_acknowledged', {
        relocation: acked,
        unit: unit(1, { moveUp: { ...moveUp, acknowledgedAt: iso(T0 + 5000) } }),
      }),
    );
    expect(model.units.get(1)?.moveUp?.acknowledgedAt).toBe(iso(T0 + 5000));
    const ended = { ...acked, endedAt: iso(T0 + 60_000), endReason: 'arrived' as const, endedBy: 'geofence' };
    model.receive(frame(13, 'unit.relocation_ended', { relocation: ended, unit: unit(1, { moveUp: null }) }));
    expect(model.units.get(1)?.moveUp).toBeNull();
    expect(model.lastSeq).toBe(13);
  });

  it('ignores a duplicate (a replay overlapping what was applied)', () => {
    const model = loaded();
    model.receive(frame(11, 'incident.created', { incident: incident(5, { complaint: 'first' }) }));
    model.receive(frame(12, 'incident.updated', { incident: incident(5, { complaint: 'second' }) }));
    // seq 11 again, e.g. replayed after a reconnect: must not roll the incident back
    expect(model.receive(frame(11, 'incident.created', { incident: incident(5, { complaint: 'first' }) }))).toBe(
      'duplicate',
    );
    expect(model.incidents.get(5)?.complaint).toBe('second');
    expect(model.lastSeq).toBe(12);
  });

  it('detects a gap and applies nothing from beyond it', () => {
    const model = loaded();
    expect(model.receive(frame(13, 'incident.created', { incident: incident(9) }))).toBe('gap');
    expect(model.incidents.has(9)).toBe(false);
    expect(model.lastSeq).toBe(10);
    // the replay then brings 11, 12, 13 in order
    model.receive(frame(11, 'incident.created', { incident: incident(7) }));
    model.receive(frame(12, 'incident.created', { incident: incident(8) }));
    expect(model.receive(frame(13, 'incident.created', { incident: incident(9) }))).toBe('apply');
    expect([...model.incidents.keys()].sort()).toEqual([7, 8, 9]);
  });

  it('applies status changes with and without an incident, and staleness changes', () => {
    const model = loaded();
    const change = {
      unitId: 2,
      from: 'available',
      to: 'paused',
      source: 'console',
      at: iso(T0),
      assignmentId: null,
      incidentId: null,
      reason: null,
    } as const;
    model.receive(frame(11, 'unit.status_changed', { change, unit: unit(2, { status: 'paused' }), incident: null }));
    expect(model.units.get(2)?.status).toBe('paused');
    model.receive(frame(12, 'unit.staleness_changed', { unitId: 2, stale: true, lastFixAt: iso(T0) }));
    expect(model.units.get(2)?.stale).toBe(true);
  });

  it('calls onEvent only for applied events', () => {
    const seen: number[] = [];
    const model = new LiveModel({ onEvent: (f) => seen.push(f.seq) });
    model.load(snapshot({ seq: 0 }), T0);
    model.receive(frame(1, 'unit.updated', { unit: unit(1) }));
    model.receive(frame(1, 'unit.updated', { unit: unit(1) }));
    model.receive(frame(3, 'unit.updated', { unit: unit(1) }));
    expect(seen).toEqual([1]);
  });
});

describe('LiveModel position ticks', () => {
  it('moves units to the newest fix and counts them', () => {
    const model = loaded();
    const moved = model.receivePositions(positions(T0 + 5000, [[1, 119.6, 32.01, 90, 40, T0 + 4000]]), T0 + 5000);
    expect(moved).toBe(1);
    expect(model.fixOf(1)).toEqual({ lon: 119.6, lat: 32.01, headingDeg: 90, speedKmh: 40, fixAtMs: T0 + 4000 });
  });

  it('keeps the latest fix: an older tick or an event carrying an older position never moves a unit back', () => {
    const model = loaded();
    model.receivePositions(positions(T0 + 5000, [[1, 119.6, 32.01, 90, 40, T0 + 4000]]), T0 + 5000);
    expect(model.receivePositions(positions(T0 + 6000, [[1, 119.5, 32.0, 0, 0, T0 + 1000]]), T0 + 6000)).toBe(0);
    model.receive(
      frame(11, 'unit.updated', { unit: unit(1, { position: { lon: 1, lat: 1 }, fixAt: iso(T0 + 2000) }) }),
    );
    expect(model.fixOf(1)?.lon).toBe(119.6);
    model.receive(
      frame(12, 'unit.updated', { unit: unit(1, { position: { lon: 119.7, lat: 32.1 }, fixAt: iso(T0 + 9000) }) }),
    );
    expect(model.fixOf(1)?.lon).toBe(119.7);
  });

  it('stores fixes of units it does not know yet (they may be announced later)', () => {
    const model = loaded();
    model.receivePositions(positions(T0, [[99, 119.6, 32.0, null, null, T0]]), T0);
    expect(model.fixOf(99)).toBeDefined();
  });

  it('judges staleness on the server clock', () => {
    const model = loaded();
    // browser clock 1 h behind the server: the offset comes from the tick's `t`
    const browserNow = T0 - 3_600_000;
    model.receivePositions(positions(T0, [[1, 119.6, 32.0, null, null, T0 - 10_000]]), browserNow);
    expect(model.isStale(1, browserNow)).toBe(false);
    expect(model.isStale(1, browserNow + 100_000)).toBe(true);
    expect(model.isStale(2, browserNow)).toBe(false); // snapshot fix at T0
  });

  it('refreshes positions from a newer snapshot after a reconnect', () => {
    const model = loaded();
    let ticks = 0;
    const m2 = new LiveModel({ onPositions: () => ticks++ });
    m2.load(snapshot(), T0);
    m2.refreshPositions(
      snapshot({ units: [unit(1, { position: { lon: 119.9, lat: 32.2 }, fixAt: iso(T0 + 60_000) })] }),
    );
    expect(m2.fixOf(1)?.lon).toBe(119.9);
    expect(ticks).toBe(1);
    expect(model.fixOf(1)?.lon).toBe(119.57);
  });
});
