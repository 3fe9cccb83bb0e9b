import { describe, expect, it } from 'vitest';
import { incident, iso, T0, unit } from '../testing/fixtures.ts';
import { incidentQueue, unitGroup, unitOrder } from './queue.ts';

describe('incidentQueue', () => {
  it('lists open incidents by priority, waiting ones first, then oldest call first', () => {
    const queue = incidentQueue([
      incident(1, { priority: 3, callReceivedAt: iso(T0) }),
      incident(2, { priority: 1, status: 'dispatched', callReceivedAt: iso(T0) }),
      incident(3, { priority: 1, callReceivedAt: iso(T0 + 60_000) }),
      incident(4, { priority: 1, callReceivedAt: iso(T0 + 30_000) }),
      incident(5, { priority: 1, status: 'closed' }),
      incident(6, { priority: 2, status: 'cancelled' }),
    ]);
    expect(queue.map((i) => i.id)).toEqual([4, 3, 2, 1]);
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
