import { drop, type ItemStep } from '../step.ts';

/**
 * No usable place: non-finite or out-of-range coordinates, or exactly 0,0 (what phones and terminals send
 * before their first fix). Dropped, not stored: a point in the Gulf of Guinea would only mislead.
 */
export function coordinatesStep(): ItemStep {
  return {
    kind: 'item',
    name: 'coordinates',
    onError: 'pass',
    process(item) {
      const { lon, lat } = item;
      if (
        !Number.isFinite(lon) ||
        !Number.isFinite(lat) ||
        lat < -90 ||
        lat > 90 ||
        lon < -180 ||
        lon > 180 ||
        (lon === 0 && lat === 0)
      ) {
        drop(item, 'no_position');
      }
    },
  };
}
