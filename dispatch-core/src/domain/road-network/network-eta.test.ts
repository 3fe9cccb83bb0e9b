import { describe, expect, it } from 'vitest';
import type { LonLat } from '../eta.ts';
import { RoadGraph } from './graph.ts';
import { NetworkEtaModel, type Snap, type SnapEdge, type Snapper } from './network-eta.ts';

// 1 ─100 s, one-way─▶ 2 ─50 s─ 3 ─300 s─ 1 (both two-way).
const E1: SnapEdge = { id: 1, source: 1, target: 2, cost: 100, reverseCost: -1 };
const E2: SnapEdge = { id: 2, source: 2, target: 3, cost: 50, reverseCost: 50 };
const E3: SnapEdge = { id: 3, source: 3, target: 1, cost: 300, reverseCost: 300 };
const graph = new RoadGraph([E1, E2, E3]);

/** Points are named by their lon: the snapper answers from this table (the PostGIS one is tested elsewhere). */
const AT: Record<number, Snap> = {
  1: { edge: E1, fraction: 0.25, distanceM: 0 },
  2: { edge: E1, fraction: 0.75, distanceM: 0 },
  3: { edge: E2, fraction: 0.5, distanceM: 0 },
  4: { edge: E2, fraction: 0.5, distanceM: 5000 },
};
const snapper: Snapper = { snap: async (points: readonly LonLat[]) => points.map((p) => AT[p.lon] as Snap) };
const model = new NetworkEtaModel(graph, snapper);
const pt = (lon: number) => ({ lon, lat: 0, area: 'rural' as const });

describe('network drive times from points on edges', () => {
  it('drives along a shared edge directly, and around the loop against a one-way edge', async () => {
    const m = await model.matrix([pt(1), pt(2)], [pt(2), pt(1), pt(3)]);
    expect(m[0]?.[0]).toBeCloseTo(30 + 50, 9); // 0.25 → 0.75 along the one-way
    // 0.75 → 0.25: not backwards; 25 s to node 2, 50 to 3, 300 to 1, 25 along E1.
    expect(m[1]?.[1]).toBeCloseTo(30 + 25 + 50 + 300 + 25, 9);
    expect(m[0]?.[2]).toBeCloseTo(30 + 75 + 25, 9); // rest of E1, then half of E2
  });

  it('gives the same times searching backwards (more origins than destinations)', async () => {
    const fwd = await model.matrix([pt(2)], [pt(1), pt(3)]);
    const back = await model.matrix([pt(2), pt(3), pt(1)], [pt(1)]);
    expect(back[0]?.[0]).toBeCloseTo(fwd[0]?.[0] ?? NaN, 9);
    expect(back[1]?.[0]).toBeCloseTo(30 + 25 + 300 + 25, 9); // half E2 to node 3, 3→1, then a quarter of E1 (E1 is one-way)
  });

  it('uses the straight-line model for a point too far from every road', async () => {
    const m = await model.matrix([pt(1)], [pt(4)]);
    expect(m[0]?.[0]).toBeGreaterThan(0);
    expect(m[0]?.[0]).not.toBeCloseTo(30 + 75 + 25, 3);
  });
});
