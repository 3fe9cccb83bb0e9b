import type { OsmElement } from './read-pbf.ts';

/**
 * A small synthetic Chinese town for tests (no OSM extract with Chinese names is available here): a long
 * rural county road 县道 X201 (2 km east–west, junctions only at its ends), 人民路 crossing the town at its
 * east end, 人民医院 beside it, a river and a park. Around 119.60°E 32.00°N (the demo county).
 */
export function chineseTownExtract(): OsmElement[] {
  const n = (id: number, lon: number, lat: number, tags?: Record<string, string>): OsmElement =>
    tags ? { type: 'node', id, lon, lat, tags } : { type: 'node', id, lon, lat };
  return [
    n(1, 119.6, 32.0),
    n(2, 119.61, 32.0),
    n(3, 119.621, 32.0),
    n(4, 119.621, 31.995),
    n(5, 119.621, 32.005),
    n(6, 119.63, 32.0),
    // river and park corners
    n(10, 119.6, 32.002),
    n(11, 119.62, 32.002),
    n(20, 119.624, 32.001),
    n(21, 119.626, 32.001),
    n(22, 119.626, 32.003),
    n(23, 119.624, 32.003),
    n(30, 119.6225, 32.0012, {
      amenity: 'hospital',
      name: '人民医院',
      'addr:street': '人民路',
      'addr:housenumber': '1',
    }),
    n(31, 119.615, 32.004, { place: 'village', name: '王家村' }),
    { type: 'way', id: 100, nodes: [1, 2, 3], tags: { highway: 'secondary', name: '县道X201', ref: 'X201' } },
    { type: 'way', id: 101, nodes: [4, 3, 5], tags: { highway: 'primary', name: '人民路', 'name:zh': '人民路' } },
    { type: 'way', id: 102, nodes: [3, 6], tags: { highway: 'tertiary', bridge: 'yes' } },
    { type: 'way', id: 103, nodes: [10, 11], tags: { waterway: 'river', name: '香草河' } },
    { type: 'way', id: 104, nodes: [20, 21, 22, 23, 20], tags: { leisure: 'park', name: '人民公园' } },
  ];
}
