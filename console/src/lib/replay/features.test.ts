import { describe, expect, it } from 'vitest';
import { IDENTITY } from '../map/coords.ts';
import { replayFrame, trackLines } from './features.ts';
import type { ReplayData } from './model.ts';

const data: ReplayData = {
  kind: 'incident',
  startMs: 0,
  endMs: 10_000,
  tracks: [
    {
      unitId: 7,
      callSign: '丹阳120-07',
      assignmentId: 1,
      from: '1970-01-01T00:00:00.000Z',
      to: '1970-01-01T00:00:10.000Z',
      fixes: 2,
      points: [
        [2000, 119.5, 32, null, null],
        [6000, 119.6, 32, null, null],
      ],
    },
  ],
  units: [{ unitId: 7, callSign: '丹阳120-07', initialStatus: 'available' }],
  statusChanges: [
    {
      unitId: 7,
      from: 'available',
      to: 'en_route',
      source: 'crew',
      at: '1970-01-01T00:00:03.000Z',
      assignmentId: 1,
      incidentId: 1,
    },
  ],
  incidents: [],
};

describe('replay map frame', () => {
  it('places the unit between fixes with its status at the cursor', () => {
    expect(replayFrame(data, 1000, IDENTITY).units.features).toEqual([]);
    const early = replayFrame(data, 2500, IDENTITY).units.features[0]!;
    expect(early.properties.status).toBe('available');
    const f = replayFrame(data, 4000, IDENTITY);
    const unit = f.units.features[0]!;
    expect(unit.properties).toMatchObject({ unitId: 7, status: 'en_route' });
    expect(unit.geometry.coordinates[0]).toBeCloseTo(119.55, 10);
    expect(f.travelled.features[0]?.geometry.coordinates).toHaveLength(2);
    expect(f.travelled.features[0]?.properties.status).toBe('en_route');
  });

  it('draws each whole track once', () => {
    expect(trackLines(data, IDENTITY).features[0]?.geometry.coordinates).toEqual([
      [119.5, 32],
      [119.6, 32],
    ]);
  });
});
