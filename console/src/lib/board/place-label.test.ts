import { describe, expect, it } from 'vitest';
import { incidentPlaceLabel, placeAddress, placeLabel } from './place-label.ts';

describe('place labels', () => {
  it('names a village with its township so namesakes differ', () => {
    const a = { kind: 'village', name: '陈家塘村', townshipName: '陵口镇' };
    const b = { kind: 'village', name: '陈家塘村', townshipName: '导墅镇' };
    expect(placeLabel(a)).toBe('陵口镇 · 陈家塘村');
    expect(placeLabel(a)).not.toBe(placeLabel(b));
    expect(placeAddress(a)).toBe('陵口镇陈家塘村');
    expect(placeLabel({ kind: 'township', name: '司徒镇', townshipName: '司徒镇' })).toBe('司徒镇');
  });

  it('labels a saved incident by township and place, or whichever it has', () => {
    expect(incidentPlaceLabel({ placeName: '陈家塘村', townshipName: '陵口镇' })).toBe('陵口镇 · 陈家塘村');
    expect(incidentPlaceLabel({ placeName: null, townshipName: '陵口镇' })).toBe('陵口镇');
    expect(incidentPlaceLabel({ placeName: null, townshipName: null })).toBeNull();
  });
});
