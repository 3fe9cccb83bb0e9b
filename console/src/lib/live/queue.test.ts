import { describe, expect, it } from 'vitest';
import { assignment, incident, iso, T0, unit } from '../testing/fixtures.ts';
import { incidentQueue, phaseTimers, unitGroup, unitOrder, waitAlarm } from './queue.ts';

const onScene = (id: number, over = {}) =>
  incident(id, {
    priority: 1,
    status: 'on_scene',
    callReceivedAt: iso(T0 - 600_000),
    firstDispatchedAt: iso(T0 - 540_000),
    assignments: [assignment(10 + id, id, 1, { assignedAt: iso(T0 - 540_000), onSceneAt: iso(T0 - 120_000) })],
    ...over,
  });

describe('incidentQueue', () => {
  it('lists unassigned incidents first, then by priority, then oldest call first', () => {
    const queue = incidentQueue([
      incident(1, { priority: 3, callReceivedAt: iso(T0) }),
      onScene(2),
      incident(3, { priority: 1, callReceivedAt: iso(T0 + 60_000) }),
      incident(4, { priority: 1, callReceivedAt: iso(T0 + 30_000) }),
      incident(5, { priority: 1, status: 'closed' }),
      incident(6, { priority: 2, status: 'cancelled' }),
      incident(7, { priority: 4, callReceivedAt: iso(T0 - 60_000) }),
    ]);
    // The P1 already on scene (2) comes after every call nobody is driving to, the P3 and P4 included.
    expect(queue.map((i) => i.id)).toEqual([4, 3, 1, 7, 2]);
  });

  it('puts an incident whose only run was cancelled back among the waiting', () => {
    const queue = incidentQueue([
      onScene(1),
      incident(2, {
        priority: 2,
        status: 'pending',
        assignments: [assignment(20, 2, 1, { status: 'cancelled', endedAt: iso(T0) })],
      }),
    ]);
    expect(queue.map((i) => i.id)).toEqual([2, 1]);
  });
});

describe('phaseTimers', () => {
  it('counts only the waiting phase while no unit is assigned', () => {
    const t = phaseTimers(incident(1, { callReceivedAt: iso(T0) }), T0 + 95_000);
    expect(t).toEqual({ waiting: { seconds: 95, running: true }, dispatched: null, onScene: null });
  });

  it('stops waiting at the dispatch and counts the dispatched phase until the scene', () => {
    const inc = incident(1, {
      status: 'dispatched',
      callReceivedAt: iso(T0),
      firstDispatchedAt: iso(T0 + 40_000),
      assignments: [assignment(1, 1, 1, { assignedAt: iso(T0 + 40_000) })],
    });
    const t = phaseTimers(inc, T0 + 400_000);
    expect(t.waiting).toEqual({ seconds: 40, running: false });
    expect(t.dispatched).toEqual({ seconds: 360, running: true });
    expect(t.onScene).toBeNull();
  });

  it('stops the dispatched phase on scene, and the scene phase when the patient is loaded', () => {
    const inc = onScene(1);
    const there = phaseTimers(inc, T0);
    expect(there.waiting).toEqual({ seconds: 60, running: false });
    expect(there.dispatched).toEqual({ seconds: 420, running: false });
    expect(there.onScene).toEqual({ seconds: 120, running: true });
    const loaded = phaseTimers(
      {
        ...inc,
        status: 'transporting',
        assignments: [{ ...inc.assignments[0]!, transportingAt: iso(T0 + 300_000) }],
      },
      T0 + 900_000,
    );
    expect(loaded.onScene).toEqual({ seconds: 420, running: false });
    expect(loaded.waiting.running || loaded.dispatched?.running).toBe(false);
  });
});

describe('waitAlarm', () => {
  const thresholds = [60, 120, 300, 600];
  it('rings once a P1 waited its threshold, not before, and not with a unit on it', () => {
    const inc = incident(1, { priority: 1, callReceivedAt: iso(T0) });
    expect(waitAlarm(inc, T0 + 59_000, thresholds).ringing).toBe(false);
    expect(waitAlarm(inc, T0 + 60_000, thresholds)).toEqual({ overdue: true, ringing: true, thresholdSeconds: 60 });
    expect(waitAlarm(incident(2, { priority: 2, callReceivedAt: iso(T0) }), T0 + 60_000, thresholds).ringing).toBe(
      false,
    );
    const assigned = { ...inc, status: 'dispatched' as const, assignments: [assignment(1, 1, 1)] };
    expect(waitAlarm(assigned, T0 + 600_000, thresholds).overdue).toBe(false);
  });

  it('is silenced by an acknowledgement for one threshold (at least a minute), then rings again while waiting', () => {
    const inc = incident(1, { priority: 1, callReceivedAt: iso(T0), alarmAcknowledgedAt: iso(T0 + 70_000) });
    expect(waitAlarm(inc, T0 + 100_000, thresholds)).toMatchObject({ overdue: true, ringing: false });
    expect(waitAlarm(inc, T0 + 130_000, thresholds).ringing).toBe(true);
    const p3 = incident(2, { priority: 3, callReceivedAt: iso(T0), alarmAcknowledgedAt: iso(T0 + 310_000) });
    expect(waitAlarm(p3, T0 + 600_000, thresholds).ringing).toBe(false);
    expect(waitAlarm(p3, T0 + 610_000, thresholds).ringing).toBe(true);
    // A short (test) threshold still leaves the acknowledging dispatcher a minute.
    expect(waitAlarm(inc, T0 + 125_000, [4, 4, 4, 4]).ringing).toBe(false);
  });
});

describe('unit order and groups', () => {
  it('puts dispatchable units first and out-of-service units last', () => {
    const order = unitOrder([
      unit(1, { status: 'off_duty', callSign: 'A-1' }),
      unit(2, { status: 'en_route', callSign: 'A-2' }),
      unit(3, { status: 'available', callSign: 'A-10' }),
      unit(4, { status: 'available', callSign: 'A-9' }),
    ]);
    expect(order.map((u) => u.id)).toEqual([4, 3, 2, 1]);
    expect(unitGroup('paused')).toBe('out');
    expect(unitGroup('returning')).toBe('busy');
    expect(unitGroup('available')).toBe('available');
  });
});
