import { describe, expect, it } from 'vitest';
import type { ReplayStatusChange, TrackPoint } from '@c120/dispatch-core/contracts';
import { currentChangeIndex, indexAt, positionAt, statusAt, travelledAt } from './interpolate.ts';

const track: TrackPoint[] = [
  [1000, 119.0, 32.0, 30, null],
  [2000, 119.1, 32.0, 30, null],
  [4000, 119.1, 32.2, 30, 0],
];

describe('positions at time t', () => {
  it('finds the fix at or before t', () => {
    expect(indexAt(track, 999)).toBe(-1);
    expect(indexAt(track, 1000)).toBe(0);
    expect(indexAt(track, 3999)).toBe(1);
    expect(indexAt(track, 9000)).toBe(2);
    expect(indexAt([], 1)).toBe(-1);
  });

  it('interpolates linearly between fixes, with the direction of travel as heading', () => {
    expect(positionAt(track, 500)).toBeNull();
    const mid = positionAt(track, 1500)!;
    expect(mid.lon).toBeCloseTo(119.05, 10);
    expect(mid.lat).toBe(32);
    expect(mid.heading).toBeCloseTo(90, 6); // due east
    const q = positionAt(track, 2500)!; // a quarter of the way north
    expect(q.lon).toBeCloseTo(119.1, 10);
    expect(q.lat).toBeCloseTo(32.05, 10);
    expect(q.heading).toBeCloseTo(0, 6);
    expect(positionAt(track, 2000)).toEqual({ lon: 119.1, lat: 32, heading: 0 });
  });

  it('holds the last fix for a while, then knows nothing', () => {
    expect(positionAt(track, 4000 + 60_000)).toEqual({ lon: 119.1, lat: 32.2, heading: 0 });
    expect(positionAt(track, 4000 + 121_000)).toBeNull();
  });

  it('draws the travelled part up to t', () => {
    expect(travelledAt(track, 500)).toEqual([]);
    const line = travelledAt(track, 1500);
    expect(line).toHaveLength(2);
    expect(line[1]?.[0]).toBeCloseTo(119.05, 10);
    expect(travelledAt(track, 5000)).toEqual([
      [119.0, 32.0],
      [119.1, 32.0],
      [119.1, 32.2],
    ]);
  });
});

describe('status at time t', () => {
  const change = (unitId: number, to: string, at: string): ReplayStatusChange => ({
    unitId,
    from: 'x',
    to,
    source: 'console',
    at,
    assignmentId: null,
    incidentId: null,
  });
  const changes = [
    change(1, 'dispatched', '2026-03-03T05:00:20Z'),
    change(2, 'en_route', '2026-03-03T05:01:00Z'),
    change(1, 'en_route', '2026-03-03T05:03:20Z'),
  ];

  it('is the last change of that unit at or before t, else the status at the start', () => {
    expect(statusAt(changes, 1, Date.parse('2026-03-03T05:00:00Z'), 'available')).toBe('available');
    expect(statusAt(changes, 1, Date.parse('2026-03-03T05:00:20Z'), 'available')).toBe('dispatched');
    expect(statusAt(changes, 1, Date.parse('2026-03-03T05:02:00Z'), 'available')).toBe('dispatched');
    expect(statusAt(changes, 1, Date.parse('2026-03-03T06:00:00Z'), 'available')).toBe('en_route');
    expect(statusAt(changes, 3, Date.parse('2026-03-03T06:00:00Z'), undefined)).toBeUndefined();
  });

  it('marks the current entry of the timeline', () => {
    expect(currentChangeIndex(changes, Date.parse('2026-03-03T04:00:00Z'))).toBe(-1);
    expect(currentChangeIndex(changes, Date.parse('2026-03-03T05:02:00Z'))).toBe(1);
    expect(currentChangeIndex(changes, Date.parse('2026-03-03T07:00:00Z'))).toBe(2);
  });
});
