import { describe, expect, it } from 'vitest';
import { buildRoadGraph, haversineM, type OsmWay } from './build.ts';
import { onewayDirection, roadClass, speedKmh } from './profile.ts';

// Nodes on the equator 0.001° apart (≈ 111.2 m).
const coords = new Map<number, readonly [number, number]>([
  [1, [0, 0]],
  [2, [0.001, 0]],
  [3, [0.002, 0]],
  [4, [0.002, 0.001]],
  [5, [0.003, 0]],
]);
const step = haversineM(0, 0, 0.001, 0);

describe('road graph from OSM ways', () => {
  it('splits ways at junctions only, with length, class speed, cost and one-way', () => {
    const ways: OsmWay[] = [
      { id: 10, nodes: [1, 2, 3, 5], tags: { highway: 'primary' } }, // 60 km/h
      { id: 11, nodes: [4, 3], tags: { highway: 'residential', oneway: 'yes' } }, // 25 km/h, joins at 3
      { id: 12, nodes: [1, 4], tags: { highway: 'footway' } }, // not driveable
    ];
    const g = buildRoadGraph(coords, ways);
    expect(g.nodes.map((n) => n.id).sort()).toEqual([1, 3, 4, 5]); // 2 is a shape point, not a vertex
    expect(g.edges).toHaveLength(3);
    const [a, b, c] = g.edges;
    expect([a?.source, a?.target, a?.lengthM]).toEqual([1, 3, expect.closeTo(2 * step, 6)]);
    expect(a?.cost).toBeCloseTo((2 * step) / (60 / 3.6), 6);
    expect(a?.reverseCost).toBe(a?.cost);
    expect([b?.source, b?.target]).toEqual([3, 5]);
    expect(c).toMatchObject({ source: 4, target: 3, oneway: true, reverseCost: -1, speedKmh: 25 });
    expect(c?.coords).toEqual([
      [0.002, 0.001],
      [0.002, 0],
    ]);
  });

  it('stores oneway=-1 ways reversed and cuts ways at nodes missing from the extract', () => {
    const g = buildRoadGraph(coords, [
      { id: 20, nodes: [3, 2, 1], tags: { highway: 'secondary', oneway: '-1' } },
      { id: 21, nodes: [4, 99, 5], tags: { highway: 'tertiary' } },
    ]);
    expect(g.edges.map((e) => [e.source, e.target, e.oneway])).toEqual([[1, 3, true]]);
  });

  it('follows the speed profile: class speed, a lower maxspeed wins, not-driveable classes are skipped', () => {
    expect(roadClass({ highway: 'footway' })).toBeNull();
    expect(roadClass({ highway: 'service', access: 'no' })).toBeNull();
    expect(roadClass({ highway: 'service', access: 'no', emergency: 'yes' })).toBe('service');
    expect(speedKmh({ maxspeed: '30' }, 'primary')).toBe(30);
    expect(speedKmh({ maxspeed: '120' }, 'primary')).toBe(60);
    expect(speedKmh({ maxspeed: 'signals' }, 'trunk')).toBe(70);
    expect(onewayDirection({ junction: 'roundabout' })).toBe(1);
    expect(onewayDirection({ highway: 'motorway' })).toBe(1);
    expect(onewayDirection({ oneway: 'no', highway: 'motorway' })).toBe(0);
  });
});
