import { describe, expect, it } from 'vitest';
import type { RoundStopView } from '@c120/dispatch-core/contracts';
import { nextStop } from './rounds-driver.ts';

const stop = (id: number, seq: number, over: Partial<RoundStopView> = {}): RoundStopView => ({
  id,
  seq,
  placeId: 100 + id,
  placeName: `村${id}`,
  townshipCode: '321181100',
  location: { lon: 119.5, lat: 31.9 },
  purpose: 'health_check',
  planned: true,
  plannedAt: null,
  arrivedAt: null,
  departedAt: null,
  arrivalSource: null,
  state: 'pending',
  served: {},
  remoteConsultations: 0,
  recordedBy: null,
  recordedAt: null,
  ...over,
});

describe('rounds driver: the next stop', () => {
  it('is the first stop in order that was neither reached nor passed', () => {
    const t = '2026-12-06T01:00:00Z';
    const round = {
      stops: [
        stop(3, 3),
        stop(1, 1, { arrivedAt: t, departedAt: t, state: 'visited' }),
        stop(2, 2, { arrivedAt: t, state: 'arrived' }),
      ],
    };
    expect(nextStop(round)?.id).toBe(3);
  });

  it('skips missed and unplanned stops, and can look past the stop the van is at', () => {
    const round = {
      stops: [stop(1, 1, { state: 'missed' }), stop(2, 2), stop(4, 4, { planned: false }), stop(3, 3)],
    };
    expect(nextStop(round)?.id).toBe(2);
    expect(nextStop(round, 2)?.id).toBe(3);
    expect(nextStop(round, 3)).toBeNull();
  });
});
