import { describe, expect, it } from 'vitest';
import { incident, T0, unit } from '../testing/fixtures.ts';
import { IDENTITY } from './coords.ts';
import { bbox, incidentFeatures, unitFeatures } from './features.ts';
import type { FixMap } from '../live/fixes.ts';

describe('unitFeatures', () => {
  it('draws each unit at its latest fix with status, staleness and heading', () => {
    const fixes: FixMap = new Map([
      [1, { lon: 119.6, lat: 32.01, headingDeg: 45, speedKmh: 50, fixAtMs: T0 }],
      [2, { lon: 119.5, lat: 31.9, headingDeg: 10, speedKmh: 0, fixAtMs: T0 - 200_000 }],
    ]);
    const fc = unitFeatures([unit(1, { status: 'en_route' }), unit(2), unit(3, { position: null })], fixes, {
      serverNowMs: T0 + 1000,
      staleAfterSeconds: 90,
      project: IDENTITY,
      selectedId: 2,
    });
    expect(fc.features.map((f) => f.id)).toEqual([1, 2]); // unit 3 has no position at all
    expect(fc.features[0]?.geometry.coordinates).toEqual([119.6, 32.01]);
    expect(fc.features[0]?.properties).toMatchObject({ status: 'en_route', stale: false, heading: 45, moving: true });
    expect(fc.features[1]?.properties).toMatchObject({ stale: true, moving: false, selected: true });
  });
});

describe('incidentFeatures and bbox', () => {
  it('marks waiting and selected incidents', () => {
    const fc = incidentFeatures([incident(1), incident(2, { status: 'on_scene' })], {
      project: IDENTITY,
      selectedId: 2,
    });
    expect(fc.features.map((f) => [f.properties.pending, f.properties.selected])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('bounds geometries', () => {
    expect(
      bbox([
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 5],
              [3, -1],
              [0, 5],
            ],
          ],
        },
      ]),
    ).toEqual([
      [0, -1],
      [3, 5],
    ]);
    expect(bbox([])).toBeNull();
  });
});
